package ipaddr2

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"testing"
	"time"

	"github.com/mdlayher/arp"
	"github.com/mdlayher/packet"
	"github.com/vishvananda/netlink"

	"github.com/gorosync/gorosync/crm/agent"
	"github.com/gorosync/gorosync/internal/netns"
)

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }

// lan3 is hosts A and B (which take the VIP in turn) and a neighbour N
// whose ARP cache is watched, on one bridge.
type lan3 struct {
	a, b, n *netns.NS
	macA    net.HardwareAddr
	macB    net.HardwareAddr
}

func newLAN3(t *testing.T) *lan3 { return newLAN3b(t) }

func newLAN3b(t testing.TB) *lan3 {
	t.Helper()
	lan := netns.NewLAN(t,
		[]netip.Prefix{netip.MustParsePrefix("10.9.0.1/24"), netip.MustParsePrefix("fd09::1/64")},
		[]netip.Prefix{netip.MustParsePrefix("10.9.0.2/24"), netip.MustParsePrefix("fd09::2/64")},
		[]netip.Prefix{netip.MustParsePrefix("10.9.0.3/24"), netip.MustParsePrefix("fd09::3/64")},
	)
	l := &lan3{a: lan.Members[0], b: lan.Members[1], n: lan.Members[2]}
	l.macA = mac(t, l.a)
	l.macB = mac(t, l.b)
	return l
}

func mac(t testing.TB, ns *netns.NS) net.HardwareAddr {
	t.Helper()
	var hw net.HardwareAddr
	if err := ns.Do(func() error {
		l, err := netlink.LinkByName(netns.Iface)
		if err == nil {
			hw = l.Attrs().HardwareAddr
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return hw
}

// run performs one operation inside ns.
func run(t *testing.T, ns *netns.NS, a *Agent, action string, params map[string]string) agent.Result {
	t.Helper()
	var r agent.Result
	if err := ns.Do(func() error {
		r = agent.Run(context.Background(), a, action, agent.Request{Instance: "vip", Params: params, Timeout: 10 * time.Second})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return r
}

// seedNeighbour makes N believe ip lives at hw (state stale: the kernel
// may replace it on news, as with any learnt entry).
func seedNeighbour(t *testing.T, n *netns.NS, ip netip.Addr, hw net.HardwareAddr) {
	t.Helper()
	if err := n.Do(func() error {
		l, err := netlink.LinkByName(netns.Iface)
		if err != nil {
			return err
		}
		fam := netlink.FAMILY_V4
		if ip.Is6() {
			fam = netlink.FAMILY_V6
		}
		return netlink.NeighSet(&netlink.Neigh{LinkIndex: l.Attrs().Index, Family: fam, State: netlink.NUD_STALE,
			IP: ip.AsSlice(), HardwareAddr: hw})
	}); err != nil {
		t.Fatal(err)
	}
}

// neighbour reads N's entry for ip (nil if none).
func neighbour(t *testing.T, n *netns.NS, ip netip.Addr) net.HardwareAddr {
	t.Helper()
	var hw net.HardwareAddr
	if err := n.Do(func() error {
		l, err := netlink.LinkByName(netns.Iface)
		if err != nil {
			return err
		}
		fam := netlink.FAMILY_V4
		if ip.Is6() {
			fam = netlink.FAMILY_V6
		}
		ns, err := netlink.NeighList(l.Attrs().Index, fam)
		if err != nil && !errors.Is(err, netlink.ErrDumpInterrupted) {
			return err
		}
		for _, e := range ns {
			if a, ok := netip.AddrFromSlice(e.IP); ok && a.Unmap() == ip {
				hw = e.HardwareAddr
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return hw
}

// waitNeighbour waits until N maps ip to want, at most one ARP round
// (arp_count x arp_interval) after the start that announced it returned.
func waitNeighbour(t *testing.T, n *netns.NS, ip netip.Addr, want net.HardwareAddr, round time.Duration) {
	t.Helper()
	deadline := time.Now().Add(round)
	for {
		got := neighbour(t, n, ip)
		if bytes.Equal(got, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("neighbour's entry for %s is %v, want %v within one ARP round (%v)", ip, got, want, round)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// capture collects ARP packets arriving at N until stopped.
type capture struct {
	conn *packet.Conn
	pkts chan *arp.Packet
}

func captureARP(t testing.TB, n *netns.NS) *capture {
	t.Helper()
	c := &capture{pkts: make(chan *arp.Packet, 256)}
	if err := n.Do(func() error {
		ifi, err := net.InterfaceByName(netns.Iface)
		if err != nil {
			return err
		}
		c.conn, err = packet.Listen(ifi, packet.Datagram, etherTypeARP, nil)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	go func() {
		buf := make([]byte, 1500)
		for {
			nb, _, err := c.conn.ReadFrom(buf)
			if err != nil {
				close(c.pkts)
				return
			}
			var p arp.Packet
			if p.UnmarshalBinary(buf[:nb]) == nil {
				c.pkts <- &p
			}
		}
	}()
	t.Cleanup(func() { c.conn.Close() })
	return c
}

// expect waits (bounded) for a gratuitous request and reply for ip from hw.
func (c *capture) expect(t *testing.T, ip netip.Addr, hw net.HardwareAddr, bound time.Duration) {
	t.Helper()
	if seen, ok := c.saw(ip, hw, bound); !ok {
		t.Fatalf("gratuitous ARP for %s from %v: saw %v within %v, want a request and a reply", ip, hw, seen, bound)
	}
}

// saw reports whether a gratuitous request and reply for ip from hw
// arrived within bound, and which operations did.
func (c *capture) saw(ip netip.Addr, hw net.HardwareAddr, bound time.Duration) (map[arp.Operation]bool, bool) {
	seen := map[arp.Operation]bool{}
	timer := time.NewTimer(bound)
	defer timer.Stop()
	for !(seen[arp.OperationRequest] && seen[arp.OperationReply]) {
		select {
		case p, ok := <-c.pkts:
			if !ok {
				return seen, false
			}
			if p.SenderIP == ip && p.TargetIP == ip && bytes.Equal(p.SenderHardwareAddr, hw) {
				seen[p.Operation] = true
			}
		case <-timer.C:
			return seen, false
		}
	}
	return seen, true
}

func addrs(t *testing.T, ns *netns.NS) []netip.Prefix {
	t.Helper()
	var out []netip.Prefix
	if err := ns.Do(func() error {
		l, err := netlink.LinkByName(netns.Iface)
		if err != nil {
			return err
		}
		as, err := netlink.AddrList(l, netlink.FAMILY_ALL)
		for _, a := range as {
			if p, ok := toPrefix(a.IPNet); ok && !p.Addr().IsLinkLocalUnicast() {
				out = append(out, p)
			}
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func has(ps []netip.Prefix, s string) bool {
	want := netip.MustParsePrefix(s)
	for _, p := range ps {
		if p == want {
			return true
		}
	}
	return false
}

func TestFailoverIPv4(t *testing.T) {
	l := newLAN3(t)
	vip := mustAddr("10.9.0.100")
	round := 5 * 200 * time.Millisecond             // arp_count x arp_interval (the defaults)
	params := map[string]string{"ip": vip.String()} // nic and prefix from the routes
	agA, agB := New(nil), New(nil)
	t.Cleanup(func() { agA.Close(); agB.Close() })

	// N first believes the VIP is at B (a stale entry, as after an old
	// failover).
	seedNeighbour(t, l.n, vip, l.macB)
	capt := captureARP(t, l.n)

	if r := run(t, l.a, agA, "monitor", params); r.Code != agent.NotRunning {
		t.Fatalf("probe before start: %v", r)
	}
	if r := run(t, l.a, agA, "start", params); !r.OK() {
		t.Fatalf("start on A: %v", r)
	}
	if !has(addrs(t, l.a), "10.9.0.100/24") {
		t.Fatalf("A's addresses after start: %v", addrs(t, l.a))
	}
	capt.expect(t, vip, l.macA, round)
	waitNeighbour(t, l.n, vip, l.macA, round)
	if r := run(t, l.a, agA, "start", params); !r.OK() {
		t.Fatalf("second start on A: %v", r)
	}
	if r := run(t, l.a, agA, "monitor", params); !r.OK() {
		t.Fatalf("monitor on A: %v", r)
	}

	// Move to B.
	if r := run(t, l.a, agA, "stop", params); !r.OK() {
		t.Fatalf("stop on A: %v", r)
	}
	if got := addrs(t, l.a); has(got, "10.9.0.100/24") || !has(got, "10.9.0.1/24") || !has(got, "fd09::1/64") {
		t.Fatalf("A's addresses after stop: %v (want the VIP gone and the others kept)", got)
	}
	if r := run(t, l.a, agA, "monitor", params); r.Code != agent.NotRunning {
		t.Fatalf("monitor on A after stop: %v", r)
	}
	if r := run(t, l.a, agA, "stop", params); !r.OK() {
		t.Fatalf("second stop on A: %v", r)
	}
	if r := run(t, l.b, agB, "start", params); !r.OK() {
		t.Fatalf("start on B: %v", r)
	}
	waitNeighbour(t, l.n, vip, l.macB, round)

	// The link going down is a failure while the address is held.
	if err := l.b.Do(func() error {
		lk, err := netlink.LinkByName(netns.Iface)
		if err != nil {
			return err
		}
		return netlink.LinkSetDown(lk)
	}); err != nil {
		t.Fatal(err)
	}
	if r := run(t, l.b, agB, "monitor", params); r.Status != agent.ExecDone || r.Code != agent.ErrGeneric {
		t.Fatalf("monitor on B with the link down: %v", r)
	}
	if r := run(t, l.b, agB, "stop", params); !r.OK() {
		t.Fatalf("stop on B: %v", r)
	}
	if has(addrs(t, l.b), "10.9.0.100/24") {
		t.Fatal("B still has the VIP after stop")
	}
	if err := agB.Settle(t.Context()); err != nil {
		t.Fatal(err)
	}
}

// TestStopKeepsOtherAddresses: the same IP with another prefix is not
// the resource's address and survives its stop.
func TestStopKeepsOtherAddresses(t *testing.T) {
	ns := netns.New(t, netip.MustParsePrefix("10.8.0.1/24"))
	if _, err := ns.Run(t.Context(), "ip", "addr", "add", "10.8.0.50/32", "dev", netns.Iface); err != nil {
		t.Fatal(err)
	}
	ag := New(nil)
	defer ag.Close()
	p := map[string]string{"ip": "10.8.0.50", "cidr_netmask": "24", "nic": netns.Iface, "arp_count": "1"}
	if r := run(t, ns, ag, "start", p); !r.OK() {
		t.Fatalf("start: %v", r)
	}
	if r := run(t, ns, ag, "stop", p); !r.OK() {
		t.Fatalf("stop: %v", r)
	}
	got := addrs(t, ns)
	if !has(got, "10.8.0.50/32") || has(got, "10.8.0.50/24") || !has(got, "10.8.0.1/24") {
		t.Fatalf("addresses after stop: %v", got)
	}
	// Without a route or nic the address cannot be found: a probe says
	// stopped, a stop succeeds, a start fails.
	q := map[string]string{"ip": "192.0.2.1"}
	if r := run(t, ns, ag, "monitor", q); r.Code != agent.NotRunning {
		t.Errorf("probe without route: %v", r)
	}
	if r := run(t, ns, ag, "stop", q); !r.OK() {
		t.Errorf("stop without route: %v", r)
	}
	if r := run(t, ns, ag, "start", q); r.Code != agent.ErrGeneric {
		t.Errorf("start without route: %v", r)
	}
	if r := run(t, ns, ag, "start", map[string]string{"ip": "10.8.0.60", "nic": "nosuch0"}); r.Code != agent.ErrConfigured {
		t.Errorf("start on a missing nic: %v", r)
	}
}

// TestRefreshOnMonitor: with arp_count_refresh, each monitor while held
// sends more rounds.
func TestRefreshOnMonitor(t *testing.T) {
	l := newLAN3(t)
	vip := mustAddr("10.9.0.101")
	rounds := make(chan int, 64)
	ag := New(nil)
	ag.onAnnounce = func(ip netip.Addr, round int) { rounds <- round }
	defer ag.Close()
	p := map[string]string{"ip": vip.String(), "arp_count": "1", "arp_count_refresh": "2", "arp_interval": "10"}
	if r := run(t, l.a, ag, "start", p); !r.OK() {
		t.Fatalf("start: %v", r)
	}
	if got := <-rounds; got != 1 {
		t.Fatalf("first round %d", got)
	}
	if err := ag.Settle(t.Context()); err != nil {
		t.Fatal(err)
	}
	capt := captureARP(t, l.n)
	// Each monitor asks for arp_count_refresh (2) more rounds. The
	// neighbour must see them on the wire; on a heavily loaded host one
	// burst can be lost (a datagram socket drops, it does not queue), so
	// up to three monitors are allowed before that counts as a failure.
	next := 2
	for attempt := 1; ; attempt++ {
		if r := run(t, l.a, ag, "monitor", p); !r.OK() {
			t.Fatalf("monitor: %v", r)
		}
		for want := next; want < next+2; want++ {
			select {
			case got := <-rounds:
				if got != want {
					t.Fatalf("refresh round %d, want %d", got, want)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("refresh round %d never sent", want)
			}
		}
		next += 2
		seen, ok := capt.saw(vip, l.macA, 5*time.Second)
		if ok {
			break
		}
		if attempt == 3 {
			t.Fatalf("refresh ARPs for %s from %v never reached the neighbour in %d monitors (last saw %v)", vip, l.macA, attempt, seen)
		}
	}
	if r := run(t, l.a, ag, "stop", p); !r.OK() {
		t.Fatalf("stop: %v", r)
	}
}

func TestFailoverIPv6(t *testing.T) {
	l := newLAN3(t)
	vip := mustAddr("fd09::100")
	round := 5 * 200 * time.Millisecond
	seedNeighbour(t, l.n, vip, l.macB)
	agA, agB := New(nil), New(nil)
	t.Cleanup(func() { agA.Close(); agB.Close() })
	params := map[string]string{"ip": vip.String(), "cidr_netmask": "64"}
	// A waits for duplicate address detection (the default) before
	// advertising; B skips it.
	if r := run(t, l.a, agA, "start", params); !r.OK() {
		t.Fatalf("start on A: %v", r)
	}
	waitNeighbour(t, l.n, vip, l.macA, round)
	if r := run(t, l.a, agA, "monitor", params); !r.OK() {
		t.Fatalf("monitor on A: %v", r)
	}
	if r := run(t, l.a, agA, "stop", params); !r.OK() {
		t.Fatalf("stop on A: %v", r)
	}
	pb := map[string]string{"ip": vip.String(), "cidr_netmask": "64", "nodad": "true"}
	if r := run(t, l.b, agB, "start", pb); !r.OK() {
		t.Fatalf("start on B: %v", r)
	}
	waitNeighbour(t, l.n, vip, l.macB, round)
	if r := run(t, l.b, agB, "stop", pb); !r.OK() {
		t.Fatalf("stop on B: %v", r)
	}
	if has(addrs(t, l.b), "fd09::100/64") {
		t.Fatal("B still has the VIP")
	}
}

func TestMain(m *testing.M) {
	os.Exit(m.Run())
}

var _ = fmt.Sprintf
