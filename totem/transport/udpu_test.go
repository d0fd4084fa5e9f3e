package transport

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/gorosync/gorosync/internal/netns"
)

func udpuConfig(self uint32, addrs ...string) Config {
	c := Config{Kind: UDPU, Nodeid: self, Port: 5405}
	for i, a := range addrs {
		m := Member{Nodeid: uint32(i + 1), Addr: netip.MustParseAddr(a)}
		c.Members = append(c.Members, m)
		if m.Nodeid == self {
			c.Bind = m.Addr
		}
	}
	return c
}

// Three nodes on a bridge: a multicast reaches every member including the
// sender, through the network; a token leaves from the token socket, so
// its source port is mcastport; senders are named by nodelist lookup.
func TestUDPUThreeNodes(t *testing.T) {
	addrs := []string{"10.77.0.1", "10.77.0.2", "10.77.0.3"}
	lan := netns.NewLAN(t, pfx("10.77.0.1/24"), pfx("10.77.0.2/24"), pfx("10.77.0.3/24"))
	var tps []*tr
	for i, m := range lan.Members {
		tp := openIn(t, m, udpuConfig(uint32(i+1), addrs...), RecvFrameMax)
		if e := event(t, tp); e.Kind != IfaceUp || e.Addr != netip.MustParseAddr(addrs[i]) {
			t.Fatalf("node %d first event %+v, want up on %s", i+1, e, addrs[i])
		}
		tps = append(tps, tp)
	}
	tps[0].Send(mcast("join from 1"))
	for i, tp := range tps {
		p, _ := until(t, tp, "join from 1")
		if p.From != 1 || p.Loop || p.Src.Addr() != netip.MustParseAddr("10.77.0.1") || p.Src.Port() == 5405 {
			t.Errorf("node %d got the multicast as %+v; want from 1 over the network from an ephemeral port", i+1, p)
		}
	}
	tps[1].Send(token(3, "token 2->3"))
	p, _ := until(t, tps[2], "token 2->3")
	if p.From != 2 || p.Src != netip.MustParseAddrPort("10.77.0.2:5405") {
		t.Errorf("token arrived as %+v, want from 2 at 10.77.0.2:5405", p)
	}
	// Each member has its own sending socket, hence its own source port.
	tps[1].Send(mcast("m2"))
	ports := map[uint16]bool{}
	for _, tp := range tps {
		p, _ := until(t, tp, "m2")
		ports[p.Src.Port()] = true
	}
	if len(ports) != 3 {
		t.Errorf("multicast source ports %v, want 3 distinct", ports)
	}

	st := tps[0].Stats()
	if st.TxPackets != 3 || st.RxPackets < 2 || st.Rejected != 0 || st.Rebinds != 1 {
		t.Errorf("node 1 stats %+v", st)
	}
	var heard []uint32
	for _, n := range tps[2].Nodes() {
		if !n.LastHeard.IsZero() {
			heard = append(heard, n.Nodeid)
		}
		if n.Local != (n.Nodeid == 3) {
			t.Errorf("node 3's view of %d: local=%v", n.Nodeid, n.Local)
		}
	}
	if fmt.Sprint(heard) != "[1 2]" {
		t.Errorf("node 3 heard from %v, want [1 2]", heard)
	}
	tps[0].Send(token(99, "nowhere"))
	if n := tps[0].Stats().NoTarget; n != 1 {
		t.Errorf("token to an unknown nodeid: NoTarget = %d, want 1", n)
	}
	if tps[0].MTU() != 1410 {
		t.Errorf("MTU %d", tps[0].MTU())
	}
}

// block_unlisted_ips: a datagram from an address outside the nodelist is
// dropped and counted whatever its port; with the option off it is
// delivered with nodeid 0.
func TestUDPUUnlistedSource(t *testing.T) {
	for _, allow := range []bool{false, true} {
		t.Run(fmt.Sprintf("allow=%v", allow), func(t *testing.T) {
			lan := netns.NewLAN(t, pfx("10.78.0.1/24"),
				[]netip.Prefix{netip.MustParsePrefix("10.78.0.2/24"), netip.MustParsePrefix("10.78.0.99/24")})
			cfg := udpuConfig(1, "10.78.0.1", "10.78.0.2")
			cfg.AllowUnlisted = allow
			tp := openIn(t, lan.Members[0], cfg, RecvFrameMax)
			event(t, tp)
			dst := netip.MustParseAddrPort("10.78.0.1:5405")
			// Same host, same path: the marker arrives after the stranger.
			rawSend(t, lan.Members[1], netip.MustParseAddrPort("10.78.0.99:5405"), dst, "stranger")
			rawSend(t, lan.Members[1], netip.MustParseAddrPort("10.78.0.2:40000"), dst, "marker")
			p, skipped := until(t, tp, "marker")
			if p.From != 2 {
				t.Errorf("marker from %d, want 2 (any port of a listed address)", p.From)
			}
			st := tp.Stats()
			if !allow {
				if len(skipped) != 0 || st.Rejected != 1 {
					t.Errorf("blocked: delivered %v, Rejected=%d; want nothing and 1", skipped, st.Rejected)
				}
				return
			}
			if len(skipped) != 1 || string(skipped[0].Data) != "stranger" || skipped[0].From != 0 || st.Rejected != 0 {
				t.Errorf("allowed: delivered %+v, Rejected=%d; want the stranger with nodeid 0", skipped, st.Rejected)
			}
		})
	}
}

// A datagram larger than the receive buffer is dropped and counted.
func TestUDPUTruncated(t *testing.T) {
	lan := netns.NewLAN(t, pfx("10.79.0.1/24"), pfx("10.79.0.2/24"))
	tp := openIn(t, lan.Members[0], udpuConfig(1, "10.79.0.1", "10.79.0.2"), 64)
	event(t, tp)
	dst := netip.MustParseAddrPort("10.79.0.1:5405")
	src := netip.MustParseAddrPort("10.79.0.2:5405")
	rawSend(t, lan.Members[1], src, dst, string(make([]byte, 65)))
	rawSend(t, lan.Members[1], src, dst, "fits")
	if _, skipped := until(t, tp, "fits"); len(skipped) != 0 || tp.Stats().Truncated != 1 {
		t.Errorf("delivered %d extra, Truncated=%d; want 0 and 1", len(skipped), tp.Stats().Truncated)
	}
}

// IPv6 (unique local addresses, explicit nodeids).
func TestUDPUIPv6(t *testing.T) {
	lan := netns.NewLAN(t, pfx("fd77::1/64"), pfx("fd77::2/64"))
	a := openIn(t, lan.Members[0], udpuConfig(1, "fd77::1", "fd77::2"), RecvFrameMax)
	b := openIn(t, lan.Members[1], udpuConfig(2, "fd77::1", "fd77::2"), RecvFrameMax)
	for _, tp := range []*tr{a, b} {
		if e := event(t, tp); e.Kind != IfaceUp {
			t.Fatalf("first event %+v", e)
		}
	}
	a.Send(mcast("v6 mcast"))
	if p, _ := until(t, b, "v6 mcast"); p.From != 1 {
		t.Errorf("from %d", p.From)
	}
	if p, _ := until(t, a, "v6 mcast"); p.From != 1 {
		t.Errorf("self from %d", p.From)
	}
	b.Send(token(1, "v6 token"))
	if p, _ := until(t, a, "v6 token"); p.From != 2 || p.Src != netip.MustParseAddrPort("[fd77::2]:5405") {
		t.Errorf("token %+v", p)
	}
}
