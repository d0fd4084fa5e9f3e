package wire

import "encoding/binary"

// byteOrder reads fields in the sender's order: little-endian normally,
// big-endian when the magic arrived byte-swapped. Writing is always
// little-endian (see putXX).
type byteOrder struct{ swapped bool }

func (o byteOrder) u32(b []byte) uint32 {
	if o.swapped {
		return binary.BigEndian.Uint32(b)
	}
	return binary.LittleEndian.Uint32(b)
}

func (o byteOrder) u64(b []byte) uint64 {
	if o.swapped {
		return binary.BigEndian.Uint64(b)
	}
	return binary.LittleEndian.Uint64(b)
}

func (o byteOrder) ringID(b []byte) RingID {
	return RingID{Rep: o.u32(b), Seq: o.u64(b[4:])}
}

// le is the order we write in.
var le = writer{}

type writer struct{}

func (writer) putU16(b []byte, v uint16) { binary.LittleEndian.PutUint16(b, v) }
func (writer) putU32(b []byte, v uint32) { binary.LittleEndian.PutUint32(b, v) }
func (writer) putU64(b []byte, v uint64) { binary.LittleEndian.PutUint64(b, v) }

func (w writer) putRingID(b []byte, r RingID) {
	w.putU32(b, r.Rep)
	w.putU64(b[4:], r.Seq)
}

// grow extends b by n zero bytes and returns the extended slice and the
// newly added window.
func grow(b []byte, n int) ([]byte, []byte) {
	l := len(b)
	if cap(b)-l < n {
		nb := make([]byte, l, l+n+l/4)
		copy(nb, b)
		b = nb
	}
	b = b[:l+n]
	w := b[l:]
	clear(w)
	return b, w
}
