package wire

import "testing"

func benchToken() *OrfToken {
	return &OrfToken{Header: Header{NodeID: 2}, Seq: 1000, TokenSeq: 5000, Aru: 998, AruAddr: 3,
		RingID: RingID{1, 0x1d}, Backlog: 4, Fcc: 9,
		RtrList: []RtrItem{{RingID{1, 0x1d}, 999}, {RingID{1, 0x1d}, 1000}}}
}

func benchMcast() *Mcast {
	return &Mcast{Header: Header{Encapsulated: NotEncapsulated, NodeID: 2}, SystemFrom: 2, Seq: 1000,
		RingID: RingID{1, 0x1d}, Payload: make([]byte, 1024)}
}

func BenchmarkEncodeOrfToken(b *testing.B) {
	m := benchToken()
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		buf = m.Append(buf[:0])
	}
	b.SetBytes(int64(len(buf)))
}

func BenchmarkDecodeOrfToken(b *testing.B) {
	raw := Encode(benchToken())
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := Decode(raw); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeMcast1K(b *testing.B) {
	m := benchMcast()
	buf := make([]byte, 0, 2048)
	b.ReportAllocs()
	for b.Loop() {
		buf = m.Append(buf[:0])
	}
	b.SetBytes(int64(len(buf)))
}

func BenchmarkDecodeMcast1K(b *testing.B) {
	raw := Encode(benchMcast())
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := Decode(raw); err != nil {
			b.Fatal(err)
		}
	}
}
