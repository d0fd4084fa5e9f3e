package transport

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/gorosync/gorosync/coroconf"
)

func load(t *testing.T, conf string, local netip.Prefix) *coroconf.TotemConfig {
	t.Helper()
	env := coroconf.FixedEnv("hc-test", "127.0.0.1 localhost\n", coroconf.BoxAddrs([]netip.Prefix{local}), nil)
	res := coroconf.LoadBytes("corosync.conf", []byte(conf), env)
	if res.Fatal != nil {
		t.Fatalf("config: %s", res.Fatal.Text)
	}
	return res.Totem
}

const udpuConf = `totem {
	version: 2
	cluster_name: gorotest
	transport: udpu
	downcheck: 250
	block_unlisted_ips: %s
}
nodelist {
	node {
		ring0_addr: 10.213.0.1
	}
	node {
		ring0_addr: 10.213.0.2
	}
	node {
		ring0_addr: 10.213.0.3
		nodeid: 7
	}
}
`

func TestFromTotemUDPU(t *testing.T) {
	tc := load(t, strings.Replace(udpuConf, "%s", "yes", 1), netip.MustParsePrefix("10.213.0.2/24"))
	c, err := FromTotem(tc)
	if err != nil {
		t.Fatal(err)
	}
	want := []Member{
		{Nodeid: 0x0AD50001, Addr: netip.MustParseAddr("10.213.0.1")},
		{Nodeid: 0x0AD50002, Addr: netip.MustParseAddr("10.213.0.2")},
		{Nodeid: 7, Addr: netip.MustParseAddr("10.213.0.3")},
	}
	if c.Kind != UDPU || c.Nodeid != 0x0AD50002 || c.Bind != netip.MustParseAddr("10.213.0.2") || c.BindNetwork ||
		c.Port != 5405 || c.AllowUnlisted || c.Downcheck != 250*time.Millisecond || c.MTU() != 1410 {
		t.Errorf("config = %+v", c)
	}
	if len(c.Members) != len(want) {
		t.Fatalf("members = %v", c.Members)
	}
	for i := range want {
		if c.Members[i] != want[i] {
			t.Errorf("member %d = %v, want %v", i, c.Members[i], want[i])
		}
	}
	tc = load(t, strings.Replace(udpuConf, "%s", "no", 1), netip.MustParsePrefix("10.213.0.2/24"))
	if c, err := FromTotem(tc); err != nil || !c.AllowUnlisted {
		t.Errorf("block_unlisted_ips: no gave AllowUnlisted=%v (%v)", c.AllowUnlisted, err)
	}
}

// Corosync 3.1.7 requires a nodelist for udp too ("No valid name found for
// local host" without one).
func TestFromTotemUDPDefaultGroup(t *testing.T) {
	conf := `totem {
	version: 2
	cluster_name: gorotest
	transport: udp
	interface {
		ringnumber: 0
		ttl: 3
	}
}
nodelist {
	node {
		ring0_addr: 10.213.0.9
		nodeid: 9
	}
}
`
	c, err := FromTotem(load(t, conf, netip.MustParsePrefix("10.213.0.9/24")))
	if err != nil {
		t.Fatal(err)
	}
	// §1.7: cluster_name gorotest → 239.192.106.105 [lab].
	if c.Kind != UDP || c.Mcast != netip.MustParseAddr("239.192.106.105") || c.Port != 5405 || c.TTL != 3 ||
		c.Bind != netip.MustParseAddr("10.213.0.9") || c.BindNetwork || c.Nodeid != 9 {
		t.Errorf("config = %+v", c)
	}
}

func TestConfigErrors(t *testing.T) {
	good := Config{Kind: UDPU, Bind: netip.MustParseAddr("10.0.0.1"), Port: 5405,
		Members: []Member{{Nodeid: 1, Addr: netip.MustParseAddr("10.0.0.1")}}}
	if err := good.check(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"no bind", func(c *Config) { c.Bind = netip.Addr{} }, "no local address"},
		{"port", func(c *Config) { c.Port = 1 }, "mcastport 1"},
		{"no members", func(c *Config) { c.Members = nil }, "needs a nodelist"},
		{"udp group", func(c *Config) { c.Kind = UDP; c.Mcast = netip.MustParseAddr("10.0.0.2") }, "not a multicast address"},
		{"udp family", func(c *Config) { c.Kind = UDP; c.Mcast = netip.MustParseAddr("ff15::1") }, "different IP families"},
		{"ttl", func(c *Config) { c.TTL = 256 }, "ttl 256"},
	} {
		c := good
		c.Members = append([]Member(nil), good.Members...)
		tc.edit(&c)
		err := c.check()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
	if _, err := FromTotem(&coroconf.TotemConfig{Transport: coroconf.TransportKnet}); err == nil ||
		!strings.Contains(err.Error(), "knet is not supported") {
		t.Errorf("knet: %v", err)
	}
}

func TestFindBound(t *testing.T) {
	addrs := []ifAddr{
		{Prefix: netip.MustParsePrefix("127.0.0.1/8"), Up: true, Index: 1, Name: "lo"},
		{Prefix: netip.MustParsePrefix("10.1.0.5/24"), Up: true, Index: 2, Name: "d0"},
		{Prefix: netip.MustParsePrefix("10.1.0.7/24"), Up: true, Index: 2, Name: "d0"},
		{Prefix: netip.MustParsePrefix("fd00::7/64"), Up: false, Index: 3, Name: "d1"},
	}
	for _, tc := range []struct {
		want    string
		network bool
		got     string // "" = none
		up      bool
	}{
		{"10.1.0.7", false, "10.1.0.7/24", true},
		{"10.1.0.7", true, "10.1.0.7/24", true},   // exact beats an earlier network match
		{"10.1.0.0", true, "10.1.0.5/24", true},   // bindnetaddr: first in the network
		{"10.1.0.9", false, "", false},            // nodelist address gone: no fallback
		{"10.1.0.9", true, "10.1.0.5/24", true},   // corosync's network match
		{"127.0.0.1", false, "127.0.0.1/8", true}, // a loopback ring is fine
		{"fd00::7", false, "fd00::7/64", false},   // present, link down
		{"fd00::8", false, "", false},
	} {
		a, ok := findBound(addrs, netip.MustParseAddr(tc.want), tc.network)
		got := ""
		if ok {
			got = a.Prefix.String()
		}
		if got != tc.got || (ok && a.Up != tc.up) {
			t.Errorf("findBound(%s, network=%v) = %q up=%v, want %q up=%v", tc.want, tc.network, got, a.Up, tc.got, tc.up)
		}
	}
}

func TestEventText(t *testing.T) {
	if s := (Event{Kind: IfaceUp, Addr: netip.MustParseAddr("10.213.0.1")}).Text(); s != "The network interface [10.213.0.1] is now up." {
		t.Error(s)
	}
	if s := (Event{Kind: IfaceDown}).Text(); s != "The network interface is down." {
		t.Error(s)
	}
}
