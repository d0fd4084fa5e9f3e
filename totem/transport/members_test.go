package transport

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/internal/netns"
)

func payloads(ps []Packet) []string {
	var out []string
	for _, p := range ps {
		out = append(out, string(p.Data))
	}
	return out
}

// A udpu member added at run time is sent to and heard from; once removed
// it is neither. Datagrams on one path arrive in order, so a marker sent
// after a datagram proves whether that datagram was sent (or accepted).
func TestUDPUSetMembers(t *testing.T) {
	addrs := []string{"10.80.0.1", "10.80.0.2", "10.80.0.3"}
	lan := netns.NewLAN(t, pfx("10.80.0.1/24"), pfx("10.80.0.2/24"), pfx("10.80.0.3/24"))
	one := openIn(t, lan.Members[0], udpuConfig(1, addrs[:2]...), RecvFrameMax)
	two := openIn(t, lan.Members[1], udpuConfig(2, addrs...), RecvFrameMax)
	three := openIn(t, lan.Members[2], udpuConfig(3, addrs...), RecvFrameMax)
	for _, tp := range []*tr{one, two, three} {
		if e := event(t, tp); e.Kind != IfaceUp {
			t.Fatalf("first event %+v", e)
		}
	}
	dst1 := netip.MustParseAddrPort("10.80.0.1:5405")
	dst3 := netip.MustParseAddrPort("10.80.0.3:5405")
	from1 := netip.MustParseAddrPort("10.80.0.1:0")
	from2 := netip.MustParseAddrPort("10.80.0.2:0")

	// Before: 3 is a stranger to node 1.
	one.Send(mcast("before"))
	until(t, two, "before")
	three.Send(token(1, "t-before"))
	rawSend(t, lan.Members[1], from2, dst1, "marker-1")
	if _, skipped := until(t, one, "marker-1"); slices.Contains(payloads(skipped), "t-before") || one.Stats().Rejected != 1 {
		t.Fatalf("stranger's token: delivered %q, Rejected=%d; want dropped and counted", payloads(skipped), one.Stats().Rejected)
	}
	heard2 := one.Nodes()[1].RxPackets

	// Added.
	all := udpuConfig(1, addrs...).Members
	if err := one.SetMembers(all); err != nil {
		t.Fatal(err)
	}
	one.Send(mcast("after"))
	if p, skipped := until(t, three, "after"); p.From != 1 || slices.Contains(payloads(skipped), "before") {
		t.Errorf("node 3 got %+v after %q; want the multicast from 1 and not the one sent before it was added", p, payloads(skipped))
	}
	three.Send(token(1, "t-after"))
	if p, _ := until(t, one, "t-after"); p.From != 3 {
		t.Errorf("token from the added member: %+v", p)
	}
	nodes := one.Nodes()
	if len(nodes) != 3 || nodes[2].Nodeid != 3 || nodes[2].LastHeard.IsZero() || nodes[1].RxPackets < heard2 {
		t.Errorf("Nodes() after adding 3: %+v (node 2 had %d rx)", nodes, heard2)
	}

	// Removed again.
	if err := one.SetMembers(all[:2]); err != nil {
		t.Fatal(err)
	}
	one.Send(mcast("gone"))
	rawSend(t, lan.Members[0], from1, dst3, "marker-3")
	if _, skipped := until(t, three, "marker-3"); slices.Contains(payloads(skipped), "gone") {
		t.Errorf("a removed member still got a multicast: %q", payloads(skipped))
	}
	three.Send(token(1, "t-removed"))
	rawSend(t, lan.Members[1], from2, dst1, "marker-2")
	if _, skipped := until(t, one, "marker-2"); slices.Contains(payloads(skipped), "t-removed") || one.Stats().Rejected != 2 {
		t.Errorf("removed member's token: delivered %q, Rejected=%d; want dropped and counted", payloads(skipped), one.Stats().Rejected)
	}
	one.Send(token(3, "nowhere"))
	if one.Stats().NoTarget != 1 {
		t.Errorf("token to a removed member: NoTarget=%d", one.Stats().NoTarget)
	}
}

// The local node may not be removed, nor its address changed; a refused
// change leaves the members as they were.
func TestSetMembersRefusals(t *testing.T) {
	lan := netns.NewLAN(t, pfx("10.81.0.1/24"))
	tp := openIn(t, lan.Members[0], udpuConfig(1, "10.81.0.1", "10.81.0.2"), RecvFrameMax)
	event(t, tp)
	for _, c := range []struct {
		ms   []Member
		want string
	}{
		{udpuConfig(1, "10.81.0.9", "10.81.0.2").Members, "local node's address cannot change"},
		{udpuConfig(1, "10.81.0.1", "10.81.0.2").Members[1:], "local node 1 cannot be removed"},
		{nil, "needs at least the local node"},
		{[]Member{{Nodeid: 1, Addr: netip.MustParseAddr("10.81.0.1")}, {Nodeid: 2}}, "invalid member 2"},
	} {
		if err := tp.SetMembers(c.ms); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("SetMembers(%v) = %v, want %q", c.ms, err, c.want)
		}
	}
	if n := tp.Nodes(); len(n) != 2 || n[1].Addr != netip.MustParseAddr("10.81.0.2") {
		t.Errorf("members changed by refused calls: %+v", n)
	}
}
