package ipaddr2

import (
	_ "embed"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/gorosync/gorosync/crm/agent"
)

//go:embed metadata.xml
var metadataXML string

var metadata = func() *agent.Metadata {
	md, err := agent.ParseMetadata([]byte(metadataXML))
	if err != nil {
		panic(err)
	}
	return md
}()

// config is one operation's parameters, checked and with defaults.
type config struct {
	ip            netip.Addr
	prefix        int // -1: from the routing table
	nic           string
	label         string // full label (nic:iflabel), IPv4 only
	broadcast     string // "", "+", "-" or an address
	arpCount      int
	arpInterval   time.Duration
	refreshCount  int
	nodad         bool
	noprefixroute bool
	preferredLft  int // -1: forever
}

// parse checks req's parameters. Errors are OCF_ERR_CONFIGURED material;
// the ip may be missing for stop (ipRequired false).
func parse(req agent.Request, ipRequired bool) (config, error) {
	p := metadata.Defaults(req.Params)
	var c config
	ipS := strings.TrimSpace(p["ip"])
	if ipS == "" {
		if ipRequired {
			return c, fmt.Errorf("IP address (the ip parameter) is mandatory")
		}
	} else {
		ip, err := netip.ParseAddr(ipS)
		if err != nil || ip.Zone() != "" {
			return c, fmt.Errorf("ip=%q is not an IP address", ipS)
		}
		c.ip = ip.Unmap()
	}
	c.prefix = -1
	mask := p["cidr_netmask"]
	if mask == "" {
		mask = p["netmask"] // the legacy name
	}
	if mask != "" {
		n, err := parseMask(mask, c.ip.Is6())
		if err != nil {
			return c, err
		}
		c.prefix = n
	}
	c.nic = p["nic"]
	if nic, label, ok := strings.Cut(c.nic, ":"); ok {
		c.nic, c.label = nic, c.nic
		if label == "" {
			return c, fmt.Errorf("nic=%q has an empty label", p["nic"])
		}
	}
	if l := p["iflabel"]; l != "" {
		if c.nic == "" {
			return c, fmt.Errorf("iflabel needs nic to be set")
		}
		c.label = c.nic + ":" + l
	}
	if len(c.label) > 15 {
		return c, fmt.Errorf("label %q is longer than 15 characters", c.label)
	}
	if c.label != "" && c.ip.Is6() {
		return c, fmt.Errorf("IPv6 addresses take no label (iflabel)")
	}
	c.broadcast = p["broadcast"]
	if b := c.broadcast; b != "" && b != "+" && b != "-" {
		a, err := netip.ParseAddr(b)
		if err != nil || !a.Is4() {
			return c, fmt.Errorf("broadcast=%q is not an IPv4 address, + or -", b)
		}
	}
	var err error
	if c.arpCount, err = positive(p, "arp_count"); err != nil {
		return c, err
	}
	ms, err := positive(p, "arp_interval")
	if err != nil {
		return c, err
	}
	c.arpInterval = time.Duration(ms) * time.Millisecond
	if c.refreshCount, err = strconv.Atoi(strings.TrimSpace(p["arp_count_refresh"])); err != nil || c.refreshCount < 0 {
		return c, fmt.Errorf("arp_count_refresh=%q is not a non-negative integer", p["arp_count_refresh"])
	}
	for name, dst := range map[string]*bool{"nodad": &c.nodad, "noprefixroute": &c.noprefixroute} {
		if *dst, err = boolParam(p, name); err != nil {
			return c, err
		}
	}
	for _, name := range []string{"lvs_support", "unique_clone_address", "flush_routes", "run_arping", "lvs_ipv6_addrlabel"} {
		on, err := boolParam(p, name)
		if err != nil {
			return c, err
		}
		if on {
			return c, fmt.Errorf("%s=true is not supported by gocrm's native IPaddr2 (use the script: gocrm agent --scripts)", name)
		}
	}
	for _, name := range []string{"mac", "network_namespace"} {
		if p[name] != "" {
			return c, fmt.Errorf("%s is not supported by gocrm's native IPaddr2 (use the script: gocrm agent --scripts)", name)
		}
	}
	c.preferredLft = -1
	if lft := p["preferred_lft"]; lft != "" && lft != "forever" {
		n, err := strconv.Atoi(lft)
		if err != nil || n < 0 {
			return c, fmt.Errorf("preferred_lft=%q is not forever or a number of seconds", lft)
		}
		if !c.ip.Is6() {
			return c, fmt.Errorf("preferred_lft applies to IPv6 addresses only")
		}
		c.preferredLft = n
	}
	return c, nil
}

func parseMask(s string, v6 bool) (int, error) {
	max := 32
	if v6 {
		max = 128
	}
	if n, err := strconv.Atoi(s); err == nil {
		if n < 0 || n > max {
			return 0, fmt.Errorf("cidr_netmask=%q is out of range 0-%d", s, max)
		}
		return n, nil
	}
	// A dotted IPv4 netmask, as older configurations write it.
	if a, err := netip.ParseAddr(s); err == nil && a.Is4() && !v6 {
		b := a.As4()
		v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
		n := 0
		for v&(1<<31) != 0 {
			n++
			v <<= 1
		}
		if v == 0 {
			return n, nil
		}
	}
	return 0, fmt.Errorf("cidr_netmask=%q is not a prefix length", s)
}

func positive(p map[string]string, name string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(p[name]))
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%s=%q must be a positive integer", name, p[name])
	}
	return n, nil
}

func boolParam(p map[string]string, name string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(p[name])) {
	case "", "0", "false", "no", "off", "n":
		return false, nil
	case "1", "true", "yes", "on", "y":
		return true, nil
	}
	return false, fmt.Errorf("%s=%q is not a boolean", name, p[name])
}
