package transport

import (
	"net/netip"
	"testing"
	"time"
)

// Loopback mode needs no socket, so this runs anywhere: with the address
// absent (TEST-NET-1), own multicasts come back through the bounded
// internal queue; when nobody reads, the overflow is dropped and counted
// and Send never blocks.
func TestLoopQueueBoundedWhileDown(t *testing.T) {
	cfg := udpuConfig(1, "192.0.2.77", "192.0.2.78")
	tp, err := open(cfg, RecvFrameMax)
	if err != nil {
		t.Fatal(err)
	}
	defer tp.Close()
	if e := <-tp.Events(); e.Kind != IfaceDown {
		t.Fatalf("first event %+v, want down (is 192.0.2.77 configured here?)", e)
	}
	const n = recvQueue + loopQueue + 200
	for range n {
		tp.Send(mcast("m"))
	}
	tp.Send(token(2, "to 2"))
	st := tp.Stats()
	if st.LoopDropped == 0 || st.DroppedDown != 1 {
		t.Fatalf("stats %+v: want some LoopDropped and DroppedDown 1", st)
	}
	want := n - int(st.LoopDropped)
	for got := 0; got < want; got++ {
		select {
		case p := <-tp.Recv():
			if !p.Loop || p.From != 1 || string(p.Data) != "m" {
				t.Fatalf("packet %+v", p)
			}
		case <-time.After(guard):
			t.Fatalf("got %d of %d looped packets", got, want)
		}
	}
	if tp.Up() || tp.LocalAddr() != netip.MustParseAddr("192.0.2.77") {
		t.Errorf("Up=%v LocalAddr=%s", tp.Up(), tp.LocalAddr())
	}
}
