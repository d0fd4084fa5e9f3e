package wire

import "fmt"

// RingIDSize is the packed size of struct memb_ring_id.
const RingIDSize = 12

// RingID identifies a ring: the representative's nodeid (lowest member)
// and a 64-bit sequence that grows by 4 at every new ring.
type RingID struct {
	Rep uint32
	Seq uint64
}

// String prints the ring id the way Corosync logs it (CS_PRI_RING_ID,
// "%x.%llx"): rep 1, seq 13 is "1.d".
func (r RingID) String() string { return fmt.Sprintf("%x.%x", r.Rep, r.Seq) }

// Compare orders ring ids like Corosync's memcmp over the packed bytes on
// a little-endian host (the only comparison it ever needs is equality, but
// a total order is handy for sorting): -1, 0 or +1.
func (r RingID) Compare(o RingID) int {
	a, b := r.bytes(), o.bytes()
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

func (r RingID) bytes() [RingIDSize]byte {
	var b [RingIDSize]byte
	le.putRingID(b[:], r)
	return b
}
