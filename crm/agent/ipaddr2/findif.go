package ipaddr2

import (
	"errors"
	"fmt"
	"net"
	"net/netip"

	"github.com/vishvananda/netlink"
)

// errNoRoute means no link-scope route covers the address, so the nic or
// prefix cannot be derived.
var errNoRoute = errors.New("no link-scope route matches the address")

// errNoLink means the nic given does not exist.
var errNoLink = errors.New("no such interface")

// findif completes c.nic and c.prefix from the routing table as the shell
// agent's findif does: among the link-scope routes covering the address
// (on c.nic when it is given), the one with the longest prefix.
func findif(c *config) error {
	if c.nic != "" && c.prefix >= 0 {
		return nil
	}
	var link netlink.Link
	if c.nic != "" {
		l, err := netlink.LinkByName(c.nic)
		if err != nil {
			return fmt.Errorf("interface %s: %w (%v)", c.nic, errNoLink, err)
		}
		link = l
	}
	routes, err := retry(func() ([]netlink.Route, error) { return netlink.RouteList(link, family(c.ip)) })
	if err != nil {
		return fmt.Errorf("listing routes: %w", err)
	}
	best := -1
	var bestIdx int
	for _, r := range routes {
		if r.Dst == nil || r.Scope != netlink.SCOPE_LINK && !c.ip.Is6() {
			continue
		}
		pfx, ok := toPrefix(r.Dst)
		if !ok || !pfx.Contains(c.ip) || pfx.Bits() <= best {
			continue
		}
		if c.ip.Is6() && pfx.Bits() == 128 {
			continue // a host route, not the subnet
		}
		best, bestIdx = pfx.Bits(), r.LinkIndex
	}
	if best < 0 {
		// A link that is down has lost its routes but may still carry
		// the address: find it there (a stop must still remove it).
		return fromAddresses(c, link)
	}
	if c.nic == "" {
		l, err := netlink.LinkByIndex(bestIdx)
		if err != nil {
			return fmt.Errorf("interface %d: %w", bestIdx, err)
		}
		c.nic = l.Attrs().Name
	}
	if c.prefix < 0 {
		c.prefix = best
	}
	return nil
}

func family(ip netip.Addr) int {
	if ip.Is6() {
		return netlink.FAMILY_V6
	}
	return netlink.FAMILY_V4
}

func toPrefix(n *net.IPNet) (netip.Prefix, bool) {
	a, ok := netip.AddrFromSlice(n.IP)
	if !ok {
		return netip.Prefix{}, false
	}
	ones, _ := n.Mask.Size()
	return netip.PrefixFrom(a.Unmap(), ones), true
}

// retry repeats a netlink dump interrupted by a concurrent change (the
// library returns partial results with ErrDumpInterrupted).
func retry[T any](f func() ([]T, error)) ([]T, error) {
	var out []T
	var err error
	for i := 0; i < 5; i++ {
		out, err = f()
		if !errors.Is(err, netlink.ErrDumpInterrupted) {
			return out, err
		}
	}
	return out, err
}

// fromAddresses completes c from an address ip/any already configured on
// link (any link when nil).
func fromAddresses(c *config, link netlink.Link) error {
	addrs, err := retry(func() ([]netlink.Addr, error) { return netlink.AddrList(link, family(c.ip)) })
	if err != nil {
		return fmt.Errorf("listing addresses: %w", err)
	}
	for _, a := range addrs {
		p, ok := toPrefix(a.IPNet)
		if !ok || p.Addr() != c.ip || c.prefix >= 0 && p.Bits() != c.prefix {
			continue
		}
		if c.nic == "" {
			l, err := netlink.LinkByIndex(a.LinkIndex)
			if err != nil {
				return fmt.Errorf("interface %d: %w", a.LinkIndex, err)
			}
			c.nic = l.Attrs().Name
		}
		if c.prefix < 0 {
			c.prefix = p.Bits()
		}
		return nil
	}
	return errNoRoute
}
