package totempg_test

import (
	"bytes"
	"encoding/binary"
	"reflect"
	"testing"

	"github.com/gorosync/gorosync/internal/totemcap"
	"github.com/gorosync/gorosync/totem/totempg"
)

func captureSeeds(f *testing.F) [][]byte {
	var out [][]byte
	for _, file := range captures {
		c, err := totemcap.Load(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, ring := range c.Rings {
			for _, mc := range c.Mcasts[ring] {
				out = append(out, mc.Payload)
			}
		}
	}
	return out
}

// FuzzParse: Parse never panics; what it accepts re-encodes to the input
// (little-endian) or, for a swapped parse, to something that parses back
// to the same packet.
func FuzzParse(f *testing.F) {
	for _, s := range captureSeeds(f) {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, b []byte, swapped bool) {
		p, err := totempg.Parse(b, swapped)
		if err != nil {
			return
		}
		enc := p.Append(nil)
		if len(enc) != p.EncodedLen() {
			t.Fatal("EncodedLen")
		}
		if !swapped && !bytes.Equal(enc, b) {
			t.Fatalf("re-encode differs")
		}
		p2, err := totempg.Parse(enc, false)
		if err != nil || !reflect.DeepEqual(p, p2) {
			t.Fatalf("round trip: %v", err)
		}
		_, _, _ = totempg.ParseGroups(b, swapped)
	})
}

// FuzzReassemble feeds a stream of packets from a few senders. Input
// framing: [sender byte][u16 length][packet]...
func FuzzReassemble(f *testing.F) {
	var stream []byte
	for i, s := range captureSeeds(f) {
		if i > 30 {
			break
		}
		stream = append(stream, byte(i%3))
		stream = binary.LittleEndian.AppendUint16(stream, uint16(len(s)))
		stream = append(stream, s...)
	}
	f.Add(stream)
	f.Fuzz(func(t *testing.T, b []byte) {
		r := totempg.NewReassembler()
		for len(b) >= 3 {
			node := uint32(b[0] % 4)
			n := min(int(binary.LittleEndian.Uint16(b[1:])), len(b)-3)
			msgs, _ := r.Deliver(node, b[3:3+n], false)
			for _, m := range msgs {
				if len(m) > totempg.MessageSizeMax {
					t.Fatal("oversized message delivered")
				}
			}
			b = b[3+n:]
		}
	})
}

// FuzzPackRoundTrip: whatever is packed (with flushes anywhere) comes out
// of the reassembler as the same messages in the same order. Input: pairs
// of [u16 size (bit 15 = flush after)][pieces count].
func FuzzPackRoundTrip(f *testing.F) {
	f.Add([]byte{0x20, 0x06, 1, 0x05, 0x00, 2, 0x80, 0x01, 3}, uint16(1410))
	f.Add([]byte{0xff, 0x7f, 1, 0x10, 0x00, 1}, uint16(200))
	f.Fuzz(func(t *testing.T, b []byte, mtu uint16) {
		netMTU := 40 + int(mtu)%4000
		pk := totempg.NewPacker(netMTU)
		var want [][]byte
		var packets [][]byte
		for i := 0; len(b) >= 3 && i < 64; i++ {
			size := int(binary.LittleEndian.Uint16(b) & 0x7fff)
			flush := b[1]&0x80 != 0
			pieces := 1 + int(b[2]%4)
			b = b[3:]
			m := make([]byte, size)
			for j := range m {
				m[j] = byte(i*7 + j)
			}
			if size > 0 {
				want = append(want, m)
			}
			var iov [][]byte
			for p := 0; p < pieces; p++ {
				lo, hi := size*p/pieces, size*(p+1)/pieces
				iov = append(iov, m[lo:hi])
			}
			packets = append(packets, pk.Add(iov...)...)
			if flush {
				if p := pk.Flush(); p != nil {
					packets = append(packets, p)
				}
			}
		}
		if p := pk.Flush(); p != nil {
			packets = append(packets, p)
		}
		r := totempg.NewReassembler()
		var got [][]byte
		for _, p := range packets {
			if len(p) > netMTU {
				t.Fatalf("packet of %d bytes over net_mtu %d", len(p), netMTU)
			}
			msgs, err := r.Deliver(1, p, false)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, msgs...)
		}
		if len(got) != len(want) {
			t.Fatalf("%d messages out, %d in", len(got), len(want))
		}
		for i := range got {
			if !bytes.Equal(got[i], want[i]) {
				t.Fatalf("message %d differs", i)
			}
		}
	})
}
