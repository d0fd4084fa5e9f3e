package wire

import "fmt"

// Limits from totem.h / totemsrp.c that bound what a decoder accepts.
const (
	ProcessorCountMax    = 384   // PROCESSOR_COUNT_MAX: longest member/proc/failed list
	RetransmitEntriesMax = 30    // RETRANSMIT_ENTRIES_MAX: rtr_list entries in an ORF token
	FrameSizeMax         = 65536 // FRAME_SIZE_MAX (KNET_MAX_PACKET_SIZE)
	// UDPReceiveFrameSizeMax is the receive buffer of totemudp/totemudpu:
	// 384 × (8 × 2 × 22) + 1024. Longer datagrams arrive truncated there.
	UDPReceiveFrameSizeMax = ProcessorCountMax*(8*2*22) + 1024
)

// Message is one decoded Totem SRP message.
type Message interface {
	// Type is the header type byte this message is sent with.
	Type() MessageType
	// Hdr returns the common header fields.
	Hdr() Header
	// EncodedLen is the datagram size Append will add.
	EncodedLen() int
	// Append appends the little-endian wire form to b.
	Append(b []byte) []byte
}

// Encode returns the wire form of m.
func Encode(m Message) []byte { return m.Append(make([]byte, 0, m.EncodedLen())) }

// Decode parses one datagram. It fails (never panics) on a bad header,
// on a body shorter than its counts require and on counts above the
// protocol limits.
func Decode(b []byte) (Message, error) {
	m, _, err := DecodeSwapped(b)
	return m, err
}

// DecodeSwapped is Decode that also reports whether the sender was
// byte-swapped; MCAST payloads then need conversion by their consumer.
func DecodeSwapped(b []byte) (Message, bool, error) {
	t, swapped, err := PeekHeader(b)
	if err != nil {
		return nil, false, err
	}
	o := byteOrder{swapped: swapped}
	var m Message
	switch t {
	case TypeOrfToken:
		m, err = decodeOrfToken(b, o)
	case TypeMcast:
		m, err = decodeMcast(b, o)
	case TypeMergeDetect:
		m, err = decodeMergeDetect(b, o)
	case TypeMembJoin:
		m, err = decodeMembJoin(b, o)
	case TypeCommitToken:
		m, err = decodeCommitToken(b, o)
	case TypeTokenHoldCancel:
		m, err = decodeTokenHoldCancel(b, o)
	default:
		err = fmt.Errorf("totem header: %w %d", ErrBadType, t)
	}
	if err != nil {
		return nil, swapped, err
	}
	return m, swapped, nil
}
