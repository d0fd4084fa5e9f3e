package pcapng

import (
	"errors"
	"os"
	"testing"
)

// FuzzReadAll: the reader never panics and never returns a packet whose
// data lies outside the input.
func FuzzReadAll(f *testing.F) {
	for _, name := range []string{udpuCapture, knetCapture} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b[:min(len(b), 2048)])
		}
	}
	f.Add([]byte{0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 28, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := NewReader(b)
		if err != nil {
			return
		}
		for i := 0; i < len(b); i++ { // each block consumes >= 12 bytes
			p, err := r.Next()
			if errors.Is(err, ErrEnd) || err != nil {
				return
			}
			if len(p.Data) > len(b) {
				t.Fatalf("packet of %d bytes from %d-byte input", len(p.Data), len(b))
			}
			_, _ = ExtractUDP(p)
			if i > len(b)/12+1 {
				t.Fatal("reader does not advance")
			}
		}
	})
}

// FuzzExtractUDP: frame decoding never panics and the payload is inside
// the frame.
func FuzzExtractUDP(f *testing.F) {
	if b, err := os.ReadFile(udpuCapture); err == nil {
		if pkts, err := ReadAll(b); err == nil {
			for _, p := range pkts[:min(len(pkts), 40)] {
				f.Add(uint16(p.LinkType), p.Data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, link uint16, data []byte) {
		u, err := ExtractUDP(Packet{LinkType: link, Data: data})
		if err == nil && len(u.Payload) > len(data) {
			t.Fatal("payload larger than frame")
		}
	})
}
