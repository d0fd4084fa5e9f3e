package wire

import "fmt"

// Fixed sizes of the membership messages.
const (
	MergeDetectSize     = 29
	MembJoinSize        = 33 // before proc_list and failed_list
	CommitTokenSize     = 41 // before addr[] and memb_list[]
	CommitMembEntrySize = 24
	TokenHoldCancelSize = 25
)

// MergeDetect announces a ring so that other rings can merge (type 2).
type MergeDetect struct {
	Header
	SystemFrom uint32
	RingID     RingID // sender's current ring
}

func (*MergeDetect) Type() MessageType { return TypeMergeDetect }
func (m *MergeDetect) Hdr() Header     { return m.Header }
func (m *MergeDetect) EncodedLen() int { return MergeDetectSize }

func (m *MergeDetect) Append(b []byte) []byte {
	b, w := grow(b, MergeDetectSize)
	putHeader(w, TypeMergeDetect, m.Header)
	le.putU32(w[13:], m.SystemFrom)
	le.putRingID(w[17:], m.RingID)
	return b
}

func decodeMergeDetect(b []byte, o byteOrder) (*MergeDetect, error) {
	if len(b) < MergeDetectSize {
		return nil, short(TypeMergeDetect, "message", uint64(len(b)), MergeDetectSize)
	}
	return &MergeDetect{Header: decodeHeader(b, o), SystemFrom: o.u32(b[13:]), RingID: o.ringID(b[17:])}, nil
}

// TokenHoldCancel asks the ring to stop holding the token (type 5).
type TokenHoldCancel struct {
	Header
	RingID RingID
}

func (*TokenHoldCancel) Type() MessageType { return TypeTokenHoldCancel }
func (m *TokenHoldCancel) Hdr() Header     { return m.Header }
func (m *TokenHoldCancel) EncodedLen() int { return TokenHoldCancelSize }

func (m *TokenHoldCancel) Append(b []byte) []byte {
	b, w := grow(b, TokenHoldCancelSize)
	putHeader(w, TypeTokenHoldCancel, m.Header)
	le.putRingID(w[13:], m.RingID)
	return b
}

func decodeTokenHoldCancel(b []byte, o byteOrder) (*TokenHoldCancel, error) {
	if len(b) < TokenHoldCancelSize {
		return nil, short(TypeTokenHoldCancel, "message", uint64(len(b)), TokenHoldCancelSize)
	}
	return &TokenHoldCancel{Header: decodeHeader(b, o), RingID: o.ringID(b[13:])}, nil
}

// MembJoin is a join message (type 3); with Header.NodeID == LeaveNodeID it
// is a LEAVE whose SystemFrom is the leaving node.
type MembJoin struct {
	Header
	SystemFrom uint32
	RingSeq    uint64   // sender's my_ring_id.seq
	ProcList   []uint32 // in the sender's order, not sorted
	FailedList []uint32
}

func (*MembJoin) Type() MessageType { return TypeMembJoin }
func (m *MembJoin) Hdr() Header     { return m.Header }

// IsLeave reports whether this join is a LEAVE announcement.
func (m *MembJoin) IsLeave() bool { return m.NodeID == LeaveNodeID }

func (m *MembJoin) EncodedLen() int {
	return MembJoinSize + 4*(len(m.ProcList)+len(m.FailedList))
}

func (m *MembJoin) Append(b []byte) []byte {
	b, w := grow(b, m.EncodedLen())
	putHeader(w, TypeMembJoin, m.Header)
	le.putU32(w[13:], m.SystemFrom)
	le.putU32(w[17:], uint32(len(m.ProcList)))
	le.putU32(w[21:], uint32(len(m.FailedList)))
	le.putU64(w[25:], m.RingSeq)
	off := MembJoinSize
	for _, id := range m.ProcList {
		le.putU32(w[off:], id)
		off += 4
	}
	for _, id := range m.FailedList {
		le.putU32(w[off:], id)
		off += 4
	}
	return b
}

func decodeMembJoin(b []byte, o byteOrder) (*MembJoin, error) {
	if len(b) < MembJoinSize {
		return nil, short(TypeMembJoin, "fixed part", uint64(len(b)), MembJoinSize)
	}
	np, nf := o.u32(b[17:]), o.u32(b[21:])
	if np > ProcessorCountMax || nf > ProcessorCountMax {
		return nil, fmt.Errorf("totem memb_join: %w: proc_list_entries %d / failed_list_entries %d above %d",
			ErrCorrupt, np, nf, ProcessorCountMax)
	}
	need := MembJoinSize + 4*(uint64(np)+uint64(nf))
	if uint64(len(b)) < need {
		return nil, short(TypeMembJoin, fmt.Sprintf("%d proc + %d failed entries", np, nf), uint64(len(b)), need)
	}
	m := &MembJoin{Header: decodeHeader(b, o), SystemFrom: o.u32(b[13:]), RingSeq: o.u64(b[25:])}
	m.ProcList = readIDs(b[MembJoinSize:], int(np), o)
	m.FailedList = readIDs(b[MembJoinSize+4*int(np):], int(nf), o)
	return m, nil
}

func readIDs(b []byte, n int, o byteOrder) []uint32 {
	if n == 0 {
		return nil
	}
	ids := make([]uint32, n)
	for i := range ids {
		ids[i] = o.u32(b[4*i:])
	}
	return ids
}

// CommitMembEntry is one member's slot in the commit token, filled in by
// that member as the token passes it.
type CommitMembEntry struct {
	RingID        RingID // the member's old ring
	Aru           uint32
	HighDelivered uint32
	ReceivedFlg   uint32
}

// CommitToken is the membership commit token (type 4). Addrs and MembList
// have the same length (addr_entries).
type CommitToken struct {
	Header
	TokenSeq   uint32
	RingID     RingID // the new ring
	RetransFlg uint32
	MembIndex  int32 // members that have filled their entry so far
	Addrs      []uint32
	MembList   []CommitMembEntry
}

func (*CommitToken) Type() MessageType { return TypeCommitToken }
func (m *CommitToken) Hdr() Header     { return m.Header }
func (m *CommitToken) EncodedLen() int {
	return CommitTokenSize + (4+CommitMembEntrySize)*len(m.Addrs)
}

// Append writes addr_entries = len(Addrs); MembList is padded with zero
// entries or cut to that length.
func (m *CommitToken) Append(b []byte) []byte {
	n := len(m.Addrs)
	b, w := grow(b, m.EncodedLen())
	putHeader(w, TypeCommitToken, m.Header)
	le.putU32(w[13:], m.TokenSeq)
	le.putRingID(w[17:], m.RingID)
	le.putU32(w[29:], m.RetransFlg)
	le.putU32(w[33:], uint32(m.MembIndex))
	le.putU32(w[37:], uint32(n))
	for i, id := range m.Addrs {
		le.putU32(w[CommitTokenSize+4*i:], id)
	}
	base := CommitTokenSize + 4*n
	for i := 0; i < n && i < len(m.MembList); i++ {
		e := m.MembList[i]
		off := base + CommitMembEntrySize*i
		le.putRingID(w[off:], e.RingID)
		le.putU32(w[off+12:], e.Aru)
		le.putU32(w[off+16:], e.HighDelivered)
		le.putU32(w[off+20:], e.ReceivedFlg)
	}
	return b
}

// decodeCommitToken rejects a message shorter than the fixed part, unlike
// check_memb_commit_token_sanity which lets it through (and then reads past
// the datagram); nobody may rely on that.
func decodeCommitToken(b []byte, o byteOrder) (*CommitToken, error) {
	if len(b) < CommitTokenSize {
		return nil, short(TypeCommitToken, "fixed part", uint64(len(b)), CommitTokenSize)
	}
	n := int32(o.u32(b[37:]))
	if n < 0 || n > ProcessorCountMax {
		return nil, fmt.Errorf("totem memb_commit_token: %w: addr_entries %d not in 0..%d", ErrCorrupt, n, ProcessorCountMax)
	}
	need := CommitTokenSize + (4+CommitMembEntrySize)*int(n)
	if len(b) < need {
		return nil, short(TypeCommitToken, fmt.Sprintf("%d addr + memb entries", n), uint64(len(b)), uint64(need))
	}
	m := &CommitToken{
		Header:     decodeHeader(b, o),
		TokenSeq:   o.u32(b[13:]),
		RingID:     o.ringID(b[17:]),
		RetransFlg: o.u32(b[29:]),
		MembIndex:  int32(o.u32(b[33:])),
	}
	m.Addrs = readIDs(b[CommitTokenSize:], int(n), o)
	if n > 0 {
		m.MembList = make([]CommitMembEntry, n)
	}
	base := CommitTokenSize + 4*int(n)
	for i := range m.MembList {
		e := b[base+CommitMembEntrySize*i:]
		// Corosync converts a slot only once its owner filled it
		// (ring_id.rep != 0); an unset slot is read as-is.
		eo := o
		if e[0]|e[1]|e[2]|e[3] == 0 {
			eo = byteOrder{}
		}
		m.MembList[i] = CommitMembEntry{
			RingID:        eo.ringID(e),
			Aru:           eo.u32(e[12:]),
			HighDelivered: eo.u32(e[16:]),
			ReceivedFlg:   eo.u32(e[20:]),
		}
	}
	return m, nil
}
