package sim

import (
	"fmt"
	"testing"

	"github.com/gorosync/gorosync/totem"
)

// BenchmarkRing3Delivery measures ordered delivery through a simulated
// 3-node ring (CPU cost of the cores plus the in-memory network): each op
// is one message multicast by node 1 and delivered at all three nodes.
// Payloads stay within one Totem packet (net_mtu 1410 minus the totempg
// header); larger application messages are totempg's fragmentation.
func BenchmarkRing3Delivery(b *testing.B) {
	for _, size := range []int{64, 1024, 1400} {
		b.Run(fmt.Sprintf("%dB", size), func(b *testing.B) {
			s := New(Options{NodeIDs: []uint32{1, 2, 3}, Seed: 1, Net: Net{MinDelay: 0, MaxDelay: 0}})
			for _, id := range s.IDs() {
				if err := s.Start(id); err != nil {
					b.Fatal(err)
				}
			}
			if err := s.RunFor(1000); err != nil {
				b.Fatal(err)
			}
			delivered := 0
			s.OnUpcall = func(p *Process, r Record) {
				if r.Kind == RecMessage {
					delivered++
				}
			}
			payload := make([]byte, size)
			n1 := s.Node(1)
			b.SetBytes(int64(size))
			b.ReportAllocs()
			b.ResetTimer()
			for sent := 0; sent < b.N; {
				batch := min(b.N-sent, 200)
				for range batch {
					if err := n1.Step(totem.AppSend{Payload: payload}); err != nil {
						b.Fatal(err)
					}
				}
				sent += batch
				if err := s.step(s.nodes[1], totem.Tick{Now: s.now}); err != nil {
					b.Fatal(err)
				}
				for guard := 0; delivered < 3*sent; guard++ {
					if guard > 1000000 {
						b.Fatalf("stalled: %d of %d deliveries", delivered, 3*sent)
					}
					if err := s.RunFor(1); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}
