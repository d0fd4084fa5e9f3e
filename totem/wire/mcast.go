package wire

import "fmt"

// McastHeaderSize is sizeof(struct mcast): the common header plus the
// mcast fields, before the payload.
const McastHeaderSize = 45

// Mcast is a ring-ordered multicast (type 1).
type Mcast struct {
	Header            // NodeID = originator; Encapsulated = 1 or 2
	SystemFrom uint32 // srp_addr of the originator
	Seq        uint32 // ring sequence number
	ThisSeqno  uint32 // per-sender counter, informational
	RingID     RingID // ring the message was sent in
	MsgNodeID  uint32 // struct mcast.node_id: never set by Corosync (0)
	Guarantee  uint32 // 0 or 1; ignored by receivers
	// Payload is the totempg packet (after Decode it aliases the datagram). For an encapsulated mcast
	// (Header.Encapsulated == Encapsulated) it is nil and Inner holds the
	// old-ring message instead.
	Payload []byte
	// Inner is the complete old-ring mcast carried by a recovery re-send.
	Inner *Mcast
}

func (*Mcast) Type() MessageType { return TypeMcast }
func (m *Mcast) Hdr() Header     { return m.Header }

// EncodedLen counts the payload, or the inner message when there is one.
func (m *Mcast) EncodedLen() int {
	if m.Inner != nil {
		return McastHeaderSize + m.Inner.EncodedLen()
	}
	return McastHeaderSize + len(m.Payload)
}

func (m *Mcast) Append(b []byte) []byte {
	b, w := grow(b, McastHeaderSize)
	putHeader(w, TypeMcast, m.Header)
	le.putU32(w[13:], m.SystemFrom)
	le.putU32(w[17:], m.Seq)
	le.putU32(w[21:], m.ThisSeqno)
	le.putRingID(w[25:], m.RingID)
	le.putU32(w[37:], m.MsgNodeID)
	le.putU32(w[41:], m.Guarantee)
	if m.Inner != nil {
		return m.Inner.Append(b)
	}
	return append(b, m.Payload...)
}

func decodeMcast(b []byte, o byteOrder) (*Mcast, error) {
	if len(b) < McastHeaderSize {
		return nil, short(TypeMcast, "mcast header", uint64(len(b)), McastHeaderSize)
	}
	m := &Mcast{
		Header:     decodeHeader(b, o),
		SystemFrom: o.u32(b[13:]),
		Seq:        o.u32(b[17:]),
		ThisSeqno:  o.u32(b[21:]),
		RingID:     o.ringID(b[25:]),
		MsgNodeID:  o.u32(b[37:]),
		Guarantee:  o.u32(b[41:]),
	}
	body := b[McastHeaderSize:]
	if m.Encapsulated != Encapsulated {
		m.Payload = body
		return m, nil
	}
	// The inner message carries its own magic, so its byte order is its own.
	in, err := Decode(body)
	if err != nil {
		return nil, fmt.Errorf("totem mcast: encapsulated message: %w", err)
	}
	inner, ok := in.(*Mcast)
	if !ok {
		return nil, fmt.Errorf("totem mcast: %w: encapsulated message is %s, not mcast", ErrCorrupt, in.Type())
	}
	m.Inner = inner
	return m, nil
}
