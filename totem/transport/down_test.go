package transport

import (
	"net/netip"
	"testing"
	"time"

	"github.com/gorosync/gorosync/internal/netns"
)

// The bound address disappears: the transport reports the interface down,
// runs isolated (own multicasts and tokens to itself still come back, the
// rest is dropped and counted), never binds elsewhere, and rebinds when
// the address returns; traffic then flows again.
func TestUDPUAddressRemovedAndRestored(t *testing.T) {
	lan := netns.NewLAN(t, pfx("10.80.0.1/24"), pfx("10.80.0.2/24"))
	ca := udpuConfig(1, "10.80.0.1", "10.80.0.2")
	ca.Downcheck = 30 * time.Millisecond
	a := openIn(t, lan.Members[0], ca, RecvFrameMax)
	b := openIn(t, lan.Members[1], udpuConfig(2, "10.80.0.1", "10.80.0.2"), RecvFrameMax)
	event(t, a)
	event(t, b)

	ip(t, lan.Members[0], "addr", "del", "10.80.0.1/24", "dev", netns.Iface)
	if e := event(t, a); e.Kind != IfaceDown || e.Text() != "The network interface is down." {
		t.Fatalf("after removing the address: %+v", e)
	}
	if a.Up() || a.LocalAddr() != netip.MustParseAddr("10.80.0.1") {
		t.Errorf("down: Up=%v LocalAddr=%s", a.Up(), a.LocalAddr())
	}
	a.Send(mcast("alone"))
	if p, _ := until(t, a, "alone"); !p.Loop || p.From != 1 {
		t.Errorf("isolated multicast came back as %+v", p)
	}
	a.Send(token(1, "token to self"))
	if p, _ := until(t, a, "token to self"); !p.Loop {
		t.Errorf("isolated self token %+v", p)
	}
	a.Send(token(2, "token to 2"))
	if n := a.Stats().DroppedDown; n != 1 {
		t.Errorf("DroppedDown = %d, want 1", n)
	}

	ip(t, lan.Members[0], "addr", "add", "10.80.0.1/24", "dev", netns.Iface)
	e := event(t, a)
	if e.Kind != IfaceUp || e.Addr != netip.MustParseAddr("10.80.0.1") || e.Text() != "The network interface [10.80.0.1] is now up." {
		t.Fatalf("after restoring the address: %+v", e)
	}
	a.Send(mcast("back"))
	if p, _ := until(t, b, "back"); p.From != 1 || p.Loop {
		t.Errorf("peer got %+v", p)
	}
	if p, _ := until(t, a, "back"); p.Loop {
		t.Errorf("self copy after rebind should come over the network: %+v", p)
	}
	b.Send(token(1, "token to 1"))
	if p, _ := until(t, a, "token to 1"); p.Src != netip.MustParseAddrPort("10.80.0.2:5405") {
		t.Errorf("token %+v", p)
	}
	if n := a.Stats().Rebinds; n != 2 {
		t.Errorf("Rebinds = %d, want 2", n)
	}
}

// A node whose address is absent at start comes up isolated, and binds
// once the address appears. A link set down is "down" too.
func TestUDPUStartsDownThenLinkFlap(t *testing.T) {
	lan := netns.NewLAN(t, nil, pfx("10.81.0.2/24"))
	ca := udpuConfig(1, "10.81.0.1", "10.81.0.2")
	ca.Downcheck = 30 * time.Millisecond
	a := openIn(t, lan.Members[0], ca, RecvFrameMax)
	if e := event(t, a); e.Kind != IfaceDown {
		t.Fatalf("first event %+v, want down", e)
	}
	a.Send(mcast("alone"))
	if p, _ := until(t, a, "alone"); !p.Loop {
		t.Errorf("%+v", p)
	}
	ip(t, lan.Members[0], "addr", "add", "10.81.0.1/24", "dev", netns.Iface)
	if e := event(t, a); e.Kind != IfaceUp {
		t.Fatalf("after adding the address: %+v", e)
	}
	ip(t, lan.Members[0], "link", "set", netns.Iface, "down")
	if e := event(t, a); e.Kind != IfaceDown {
		t.Fatalf("after link down: %+v", e)
	}
	ip(t, lan.Members[0], "link", "set", netns.Iface, "up")
	if e := event(t, a); e.Kind != IfaceUp {
		t.Fatalf("after link up: %+v", e)
	}
	b := openIn(t, lan.Members[1], udpuConfig(2, "10.81.0.1", "10.81.0.2"), RecvFrameMax)
	event(t, b)
	a.Send(mcast("hello"))
	if p, _ := until(t, b, "hello"); p.From != 1 {
		t.Errorf("%+v", p)
	}
}

// Close ends the channels and is idempotent.
func TestClose(t *testing.T) {
	ns := netns.New(t, netip.MustParsePrefix("10.82.0.1/24"))
	tp := openIn(t, ns, udpuConfig(1, "10.82.0.1"), RecvFrameMax)
	event(t, tp)
	tp.Send(mcast("x"))
	if err := tp.Close(); err != nil {
		t.Fatal(err)
	}
	tp.Close()
	tp.Send(mcast("after close")) // ignored, no panic
	for range tp.Recv() {
	}
	if _, ok := <-tp.Events(); ok {
		t.Error("events still open")
	}
}
