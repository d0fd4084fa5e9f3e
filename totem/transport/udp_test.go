package transport

import (
	"fmt"
	"time"

	"net/netip"
	"testing"

	"github.com/gorosync/gorosync/coroconf"
	"github.com/gorosync/gorosync/internal/netns"
)

func udpConfig(self uint32, group string, addrs ...string) Config {
	c := udpuConfig(self, addrs...)
	c.Kind, c.Mcast, c.TTL = UDP, netip.MustParseAddr(group), 1
	return c
}

// udp over a Linux bridge: multicasts reach the other nodes from
// local:(port−1); the sender gets its own copy through the internal loop
// only (multicast loop is off); tokens also leave from port−1 and arrive
// on the token socket.
func TestUDPMulticast(t *testing.T) {
	for _, tc := range []struct {
		name, group string
		addrs       []string
		prefix      string
	}{
		{"ipv4", coroconf.ClusterMcastAddr("gorotest", 0, false), []string{"10.83.0.1", "10.83.0.2", "10.83.0.3"}, "/24"},
		{"ipv6", coroconf.ClusterMcastAddr("gorotest", 0, true), []string{"fd83::1", "fd83::2", "fd83::3"}, "/64"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lan := netns.NewLAN(t, pfx(tc.addrs[0]+tc.prefix), pfx(tc.addrs[1]+tc.prefix), pfx(tc.addrs[2]+tc.prefix))
			var tps []*tr
			for i, m := range lan.Members {
				tp := openIn(t, m, udpConfig(uint32(i+1), tc.group, tc.addrs...), RecvFrameMax)
				if e := event(t, tp); e.Kind != IfaceUp {
					t.Fatalf("node %d: %+v", i+1, e)
				}
				tps = append(tps, tp)
			}
			prime(t, tps)
			src := netip.MustParseAddr(tc.addrs[0])
			tps[0].Send(mcast("mcast from 1"))
			if st := tps[0].Stats(); st.TxErrors != 0 {
				t.Fatalf("sending the multicast failed: %+v", st)
			}
			for i, tp := range tps[1:] {
				p, _ := until(t, tp, "mcast from 1")
				if p.From != 1 || p.Loop || p.Src != netip.AddrPortFrom(src, 5404) {
					t.Errorf("node %d got %+v, want from 1 at %s:5404", i+2, p, src)
				}
			}
			p, _ := until(t, tps[0], "mcast from 1")
			if !p.Loop || p.From != 1 {
				t.Errorf("own multicast %+v, want it through the internal loop", p)
			}
			// A marker over the network; by then a looped-back copy of the
			// multicast would have shown up (loop must be off).
			tps[0].Send(token(1, "marker"))
			if p, skipped := until(t, tps[0], "marker"); len(skipped) != 0 || p.Src != netip.AddrPortFrom(src, 5404) {
				t.Errorf("marker %+v after %d extra datagrams (a network copy of our own multicast?)", p, len(skipped))
			}
			tps[2].Send(token(2, "token 3->2"))
			if p, _ := until(t, tps[1], "token 3->2"); p.From != 3 || p.Src != netip.AddrPortFrom(netip.MustParseAddr(tc.addrs[2]), 5404) {
				t.Errorf("token %+v", p)
			}
		})
	}
}

// udp rebinds (and rejoins the group) when its address comes back.
func TestUDPAddressRemovedAndRestored(t *testing.T) {
	lan := netns.NewLAN(t, pfx("10.84.0.1/24"), pfx("10.84.0.2/24"))
	group := "239.192.1.2"
	ca := udpConfig(1, group, "10.84.0.1", "10.84.0.2")
	ca.Downcheck = 30 * time.Millisecond
	a := openIn(t, lan.Members[0], ca, RecvFrameMax)
	b := openIn(t, lan.Members[1], udpConfig(2, group, "10.84.0.1", "10.84.0.2"), RecvFrameMax)
	event(t, a)
	event(t, b)
	prime(t, []*tr{a, b})
	ip(t, lan.Members[0], "addr", "del", "10.84.0.1/24", "dev", netns.Iface)
	if e := event(t, a); e.Kind != IfaceDown {
		t.Fatalf("%+v", e)
	}
	a.Send(mcast("alone"))
	if p, _ := until(t, a, "alone"); !p.Loop {
		t.Errorf("%+v", p)
	}
	ip(t, lan.Members[0], "addr", "add", "10.84.0.1/24", "dev", netns.Iface)
	if e := event(t, a); e.Kind != IfaceUp {
		t.Fatalf("%+v", e)
	}
	b.Send(mcast("to the group"))
	if p, _ := until(t, a, "to the group"); p.From != 2 || p.Loop {
		t.Errorf("%+v", p)
	}
	a.Send(mcast("from 1"))
	if p, _ := until(t, b, "from 1"); p.From != 1 {
		t.Errorf("%+v", p)
	}
}

// prime exchanges tokens between every pair of nodes before a test relies
// on a single multicast: a fresh veth may still be without carrier for a
// moment, and unlike unicast (held back by ARP) a multicast sent then is
// simply lost.
func prime(t *testing.T, tps []*tr) {
	t.Helper()
	for i, from := range tps {
		for j, to := range tps {
			if i != j {
				msg := fmt.Sprintf("prime %d->%d", i+1, j+1)
				from.Send(token(uint32(j+1), msg))
				until(t, to, msg)
			}
		}
	}
}
