package wire

import (
	"os"
	"reflect"
	"testing"

	"github.com/gorosync/gorosync/internal/pcapng"
)

// addCaptureSeeds seeds f with one datagram of every distinct (type, size)
// found in the sample captures.
func addCaptureSeeds(f *testing.F) {
	seen := map[[2]int]bool{}
	for _, name := range []string{udpuCapture, knetCapture} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		ds, _, err := pcapng.CorosyncDatagrams(b)
		if err != nil {
			f.Fatal(err)
		}
		for _, d := range ds {
			if len(d.Payload) < 4 {
				continue
			}
			k := [2]int{int(d.Payload[3]), len(d.Payload)}
			if !seen[k] {
				seen[k] = true
				f.Add(d.Payload)
			}
		}
	}
}

// FuzzDecode: Decode never panics, and whatever it accepts survives an
// encode/decode round trip unchanged.
func FuzzDecode(f *testing.F) {
	addCaptureSeeds(f)
	f.Add(Encode(&OrfToken{RtrList: []RtrItem{{RingID{1, 2}, 3}}}))
	f.Add(Encode(&Mcast{Header: Header{Encapsulated: Encapsulated}, Inner: &Mcast{Payload: []byte{1}}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(b)
		if err != nil {
			return
		}
		enc := Encode(m)
		if len(enc) != m.EncodedLen() {
			t.Fatalf("EncodedLen %d, encoded %d", m.EncodedLen(), len(enc))
		}
		m2, err := Decode(enc)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if !reflect.DeepEqual(m, m2) {
			t.Fatalf("round trip changed message\n%+v\n%+v", m, m2)
		}
	})
}
