package sim

import (
	"runtime"
	"testing"

	"github.com/gorosync/gorosync/totem"
	"github.com/gorosync/gorosync/totem/totempg"
)

// BenchmarkRing3Delivery measures ordered delivery through a simulated
// 3-node ring: the CPU cost of three protocol cores, the in-memory
// network (no delay, no loss) and totempg on both ends. One op is one
// application message of the given size that node 1 packs with a
// totempg.Packer (small messages share packets, 64 KiB ones are
// fragmented), multicasts, and that all three nodes deliver whole through
// a totempg.Reassembler. Reported: msgs/s (application messages per
// second reaching every node), MB/s (their payload, 10^6 bytes), and
// allocs/msg (heap allocations per message delivered at one node, so per
// op divided by 3). `make bench` prints these as a table via benchtable.awk.
func BenchmarkRing3Delivery(b *testing.B) {
	for _, c := range []struct {
		name string
		size int
	}{{"64B", 64}, {"1KiB", 1024}, {"64KiB", 64 * 1024}} {
		b.Run(c.name, func(b *testing.B) { benchRing3(b, c.size) })
	}
}

func benchRing3(b *testing.B, size int) {
	s := New(Options{NodeIDs: []uint32{1, 2, 3}, Seed: 1, DiscardRecords: true})
	for _, id := range s.IDs() {
		if err := s.Start(id); err != nil {
			b.Fatal(err)
		}
	}
	if err := s.RunFor(1000); err != nil {
		b.Fatal(err)
	}
	for _, id := range s.IDs() {
		if s.Node(id).State() != totem.StateOperational || len(s.Node(id).Members()) != 3 {
			b.Fatalf("n%d not in a 3-node ring: %s %v", id, s.Node(id).State(), s.Node(id).Members())
		}
		if err := s.SyncDone(id); err != nil {
			b.Fatal(err)
		}
	}
	reasm := map[uint32]*totempg.Reassembler{}
	for _, id := range s.IDs() {
		reasm[id] = totempg.NewReassembler()
	}
	delivered := 0
	var failure error
	s.OnUpcall = func(p *Process, r Record) {
		if r.Kind != RecMessage {
			return
		}
		msgs, err := reasm[p.Node].Deliver(r.Msg.Sender, r.Msg.Payload, false)
		if err != nil && failure == nil {
			failure = err
		}
		for _, m := range msgs {
			if len(m) == size {
				delivered++
			}
		}
	}
	packer := totempg.NewPacker(totempg.DefaultNetMTU)
	msg := make([]byte, size)
	for i := range msg {
		msg[i] = byte(i)
	}
	send := func(pkt []byte) {
		if err := s.Inject(1, totem.AppSend{Payload: pkt}); err != nil {
			b.Fatal(err)
		}
	}
	// About 1 MiB per batch keeps the send queue well below its limit.
	batch := max(1, (1<<20)/size)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for sent := 0; sent < b.N; {
		k := min(b.N-sent, batch)
		for range k {
			for _, pkt := range packer.Add(msg) {
				send(pkt)
			}
		}
		// Corosync flushes the staged packet when the token arrives.
		if pkt := packer.Flush(); pkt != nil {
			send(pkt)
		}
		sent += k
		for guard := 0; delivered < 3*sent; guard++ {
			if guard > 1000000 || failure != nil {
				b.Fatalf("stalled: %d of %d deliveries (%v)", delivered, 3*sent, failure)
			}
			if err := s.RunFor(1); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N)/sec, "msgs/s")
	b.ReportMetric(float64(b.N)*float64(size)/sec/1e6, "MB/s")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(3*b.N), "allocs/msg")
}
