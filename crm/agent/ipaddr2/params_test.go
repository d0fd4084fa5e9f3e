package ipaddr2

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/gorosync/gorosync/crm/agent"
)

func TestParseDefaults(t *testing.T) {
	c, err := parse(agent.Request{Params: map[string]string{"ip": "10.0.0.100"}}, true)
	if err != nil {
		t.Fatal(err)
	}
	if c.arpCount != 5 || c.arpInterval != 200*time.Millisecond || c.refreshCount != 0 || c.prefix != -1 || c.nic != "" || c.preferredLft != -1 {
		t.Errorf("defaults: %+v", c)
	}
	c, err = parse(agent.Request{Params: map[string]string{"ip": "10.0.0.100", "nic": "eth0:vip", "netmask": "255.255.255.0", "broadcast": "-"}}, true)
	if err != nil || c.nic != "eth0" || c.label != "eth0:vip" || c.prefix != 24 {
		t.Errorf("nic with label and dotted netmask: %+v %v", c, err)
	}
	c, _ = parse(agent.Request{Params: map[string]string{"ip": "10.0.0.100", "nic": "eth0", "iflabel": "x", "cidr_netmask": "24"}}, true)
	a := c.netlinkAddr()
	if a.Label != "eth0:x" || !a.Broadcast.Equal(net.IPv4(10, 0, 0, 255)) {
		t.Errorf("netlink addr %+v", a)
	}
	if _, err := parse(agent.Request{Params: map[string]string{}}, false); err != nil {
		t.Errorf("stop without ip: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		p    map[string]string
		want string
	}{
		{map[string]string{}, "mandatory"},
		{map[string]string{"ip": "10.0.0.300"}, "not an IP address"},
		{map[string]string{"ip": "10.0.0.1", "cidr_netmask": "33"}, "out of range"},
		{map[string]string{"ip": "10.0.0.1", "cidr_netmask": "255.0.255.0"}, "not a prefix length"},
		{map[string]string{"ip": "10.0.0.1", "arp_count": "0"}, "arp_count=\"0\" must be a positive integer"},
		{map[string]string{"ip": "10.0.0.1", "arp_interval": "x"}, "arp_interval"},
		{map[string]string{"ip": "10.0.0.1", "arp_count_refresh": "-1"}, "arp_count_refresh"},
		{map[string]string{"ip": "10.0.0.1", "lvs_support": "true"}, "not supported"},
		{map[string]string{"ip": "10.0.0.1", "nic": "averylongname", "iflabel": "toolong"}, "longer than 15"},
		{map[string]string{"ip": "10.0.0.1", "iflabel": "x"}, "iflabel needs nic"},
		{map[string]string{"ip": "fd00::1", "nic": "d0", "iflabel": "x"}, "IPv6 addresses take no label"},
		{map[string]string{"ip": "10.0.0.1", "broadcast": "fd00::1"}, "broadcast"},
		{map[string]string{"ip": "10.0.0.1", "nodad": "perhaps"}, "not a boolean"},
		{map[string]string{"ip": "10.0.0.1", "preferred_lft": "0"}, "IPv6 addresses only"},
		{map[string]string{"ip": "10.0.0.1", "mac": "02:00:00:00:00:01"}, "not supported"},
	}
	for _, c := range cases {
		if _, err := parse(agent.Request{Params: c.p}, true); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.p, err, c.want)
		}
	}
}

func TestGARPPackets(t *testing.T) {
	mac := net.HardwareAddr{2, 0, 0, 0, 0, 0xa}
	req, rep, err := garpPackets(mac, mustAddr("10.0.0.100"))
	if err != nil {
		t.Fatal(err)
	}
	// htype 1, ptype 0x0800, hlen 6, plen 4, op, sha, spa, tha, tpa
	wantReq := []byte{0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 0xa, 10, 0, 0, 100, 0, 0, 0, 0, 0, 0, 10, 0, 0, 100}
	wantRep := []byte{0, 1, 8, 0, 6, 4, 0, 2, 2, 0, 0, 0, 0, 0xa, 10, 0, 0, 100, 2, 0, 0, 0, 0, 0xa, 10, 0, 0, 100}
	if string(req) != string(wantReq) || string(rep) != string(wantRep) {
		t.Errorf("request % x\nreply   % x", req, rep)
	}
}

func TestMetadataParses(t *testing.T) {
	if p, ok := metadata.Param("arp_count"); !ok || p.Content.Default != "5" {
		t.Errorf("arp_count: %+v", p)
	}
	if p, _ := metadata.Param("ip"); !p.IsRequired() || !p.IsUnique() {
		t.Errorf("ip: %+v", p)
	}
}
