package wire

import "fmt"

// Sizes of the ORF token (struct orf_token, struct rtr_item).
const (
	OrfTokenSize = 57
	RtrItemSize  = 16
)

// RtrItem asks for retransmission of mcast Seq sent in ring RingID.
type RtrItem struct {
	RingID RingID
	Seq    uint32
}

// OrfToken is the ordering, reliability and flow-control token (type 0).
type OrfToken struct {
	Header
	Seq        uint32 // highest mcast seq assigned in the ring
	TokenSeq   uint32 // +1 per hop; duplicates are filtered on it
	Aru        uint32 // all received up to
	AruAddr    uint32 // nodeid that last lowered aru
	RingID     RingID
	Backlog    uint32
	Fcc        uint32
	RetransFlg int32
	RtrList    []RtrItem // at most RetransmitEntriesMax
}

func (*OrfToken) Type() MessageType { return TypeOrfToken }
func (m *OrfToken) Hdr() Header     { return m.Header }
func (m *OrfToken) EncodedLen() int { return OrfTokenSize + RtrItemSize*len(m.RtrList) }

// Append writes the token; it does not enforce the 30-entry limit so a
// test can build an over-long token on purpose.
func (m *OrfToken) Append(b []byte) []byte {
	b, w := grow(b, m.EncodedLen())
	putHeader(w, TypeOrfToken, m.Header)
	le.putU32(w[13:], m.Seq)
	le.putU32(w[17:], m.TokenSeq)
	le.putU32(w[21:], m.Aru)
	le.putU32(w[25:], m.AruAddr)
	le.putRingID(w[29:], m.RingID)
	le.putU32(w[41:], m.Backlog)
	le.putU32(w[45:], m.Fcc)
	le.putU32(w[49:], uint32(m.RetransFlg))
	le.putU32(w[53:], uint32(len(m.RtrList)))
	for i, r := range m.RtrList {
		off := OrfTokenSize + i*RtrItemSize
		le.putRingID(w[off:], r.RingID)
		le.putU32(w[off+12:], r.Seq)
	}
	return b
}

func decodeOrfToken(b []byte, o byteOrder) (*OrfToken, error) {
	if len(b) < OrfTokenSize {
		return nil, short(TypeOrfToken, "fixed part", uint64(len(b)), OrfTokenSize)
	}
	n := int32(o.u32(b[53:]))
	if n < 0 || n > RetransmitEntriesMax {
		return nil, fmt.Errorf("totem orf_token: %w: rtr_list_entries %d not in 0..%d", ErrCorrupt, n, RetransmitEntriesMax)
	}
	need := OrfTokenSize + RtrItemSize*int(n)
	if len(b) < need {
		return nil, short(TypeOrfToken, fmt.Sprintf("rtr_list of %d entries", n), uint64(len(b)), uint64(need))
	}
	m := &OrfToken{
		Header:     decodeHeader(b, o),
		Seq:        o.u32(b[13:]),
		TokenSeq:   o.u32(b[17:]),
		Aru:        o.u32(b[21:]),
		AruAddr:    o.u32(b[25:]),
		RingID:     o.ringID(b[29:]),
		Backlog:    o.u32(b[41:]),
		Fcc:        o.u32(b[45:]),
		RetransFlg: int32(o.u32(b[49:])),
	}
	if n > 0 {
		m.RtrList = make([]RtrItem, n)
		for i := range m.RtrList {
			off := OrfTokenSize + i*RtrItemSize
			m.RtrList[i] = RtrItem{RingID: o.ringID(b[off:]), Seq: o.u32(b[off+12:])}
		}
	}
	return m, nil
}
