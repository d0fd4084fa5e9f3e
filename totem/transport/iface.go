package transport

import (
	"fmt"
	"net"
	"net/netip"
)

// ifAddr is one address configured on a local interface.
type ifAddr struct {
	Prefix netip.Prefix // address and its netmask
	Up     bool         // the interface has IFF_UP
	Index  int
	Name   string
}

// localAddrs lists the addresses of the calling thread's namespace.
func localAddrs() ([]ifAddr, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, fmt.Errorf("transport: listing interfaces: %w", err)
	}
	var out []ifAddr
	for _, ifi := range ifs {
		addrs, err := ifi.Addrs()
		if err != nil {
			return nil, fmt.Errorf("transport: addresses of %s: %w", ifi.Name, err)
		}
		for _, a := range addrs {
			ipn, ok := a.(*net.IPNet)
			if !ok {
				continue
			}
			ip, ok := netip.AddrFromSlice(ipn.IP)
			if !ok {
				continue
			}
			ip = ip.Unmap()
			ones, _ := ipn.Mask.Size()
			out = append(out, ifAddr{
				Prefix: netip.PrefixFrom(ip, ones),
				Up:     ifi.Flags&net.FlagUp != 0,
				Index:  ifi.Index,
				Name:   ifi.Name,
			})
		}
	}
	return out, nil
}

// findBound picks the local address to bind for want, in corosync's way
// (totemip_iface_check): an exact match wins; otherwise, when network is
// allowed, the first address whose network contains want. ok is false
// when nothing matches. The result's Up tells whether its link is up.
//
// Unlike corosync, a nodelist address must match exactly (network is
// false then): binding another address of the same subnet would send
// from an IP the peers do not list, and they would reject everything.
func findBound(addrs []ifAddr, want netip.Addr, network bool) (ifAddr, bool) {
	want = want.WithZone("")
	var net ifAddr
	found := false
	for _, a := range addrs {
		ip := a.Prefix.Addr().WithZone("")
		if ip.Is4() != want.Is4() {
			continue
		}
		if ip == want {
			return a, true
		}
		if network && !found {
			p := netip.PrefixFrom(want, a.Prefix.Bits()).Masked()
			if p == a.Prefix.Masked() {
				net, found = a, true
			}
		}
	}
	return net, found
}
