package coroconf

import (
	"fmt"
	"net/netip"
)

// ipVersion is totem.ip_version (TOTEM_IP_VERSION_*).
type ipVersion int

const (
	ipv4 ipVersion = iota
	ipv6
	ipv64 // ipv6-4: IPv6 preferred
	ipv46 // ipv4-6: IPv4 preferred
)

// tAddr is a totem_ip_address without the nodeid: the zero value (family 0)
// is corosync's all-zero "unset" address.
type tAddr struct {
	a netip.Addr
}

func (t tAddr) family() int {
	switch {
	case !t.a.IsValid():
		return 0
	case t.a.Is4():
		return 4
	}
	return 6
}

// String is totemip_print (inet_ntop); "" for an unset address, where
// corosync gets NULL.
func (t tAddr) String() string {
	if !t.a.IsValid() {
		return ""
	}
	return t.a.WithZone("").String()
}

// isMcast is totemip_is_mcast == 0.
func (t tAddr) isMcast() bool {
	switch t.family() {
	case 4:
		return t.a.As4()[0]&0xf0 == 0xe0
	case 6:
		return t.a.As16()[0] == 0xff
	}
	return false
}

// resolveAll is getaddrinfo(addr) with AF_UNSPEC: numeric forms without
// asking the resolver, names through env.
func (r *run) resolveAll(s string) []netip.Addr {
	if a, err := netip.ParseAddr(s); err == nil {
		return []netip.Addr{a.Unmap()}
	}
	if s == "" || r.env.LookupHost == nil {
		return nil
	}
	addrs, err := r.env.LookupHost(s)
	if err != nil {
		return nil
	}
	return addrs
}

// ipParse is totemip_parse: resolve s according to ver, picking the first
// address of the wanted family, and log the result at debug level as
// corosync does.
func (r *run) ipParse(s string, ver ipVersion) (tAddr, bool) {
	var v4, v6 netip.Addr
	for _, a := range r.resolveAll(s) {
		if a.Is4() && !v4.IsValid() {
			v4 = a
		}
		if a.Is6() && !v6.IsValid() {
			v6 = a
		}
	}
	var pick netip.Addr
	fam := 0
	switch ver {
	case ipv4:
		pick, fam = v4, 4
	case ipv6:
		pick, fam = v6, 6
	case ipv64:
		pick = v6
		if !pick.IsValid() {
			pick = v4
		}
	case ipv46:
		pick = v4
		if !pick.IsValid() {
			pick = v6
		}
	}
	if !pick.IsValid() {
		if fam == 0 {
			r.logAt(LevelDebug, "TOTEM", "totemip_parse", "totemip.c", 390, fmt.Sprintf("totemip_parse: IP address of %s not resolvable", s))
		} else {
			r.logAt(LevelDebug, "TOTEM", "totemip_parse", "totemip.c", 393, fmt.Sprintf("totemip_parse: IPv%d address of %s not resolvable", fam, s))
		}
		return tAddr{}, false
	}
	t := tAddr{a: pick}
	r.logAt(LevelDebug, "TOTEM", "totemip_parse", "totemip.c", 411, fmt.Sprintf("totemip_parse: IPv%d address of %s resolved as %s", t.family(), s, t))
	return t, true
}
