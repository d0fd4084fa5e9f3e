package coroconf

import (
	"io/fs"
	"net/netip"
)

// FixedEnv is a host described by values instead of asked: its hostname,
// its interface addresses, a hosts(5) text as its only resolver, and the
// files it can read (path -> content). Tests and the differential harness
// use it to reproduce a box without being in it.
func FixedEnv(host, hosts string, addrs []IfAddr, files map[string][]byte) Env {
	lh, la := HostsEnv(hosts)
	addrs = append([]IfAddr(nil), addrs...)
	return Env{
		Hostname:   func() (string, error) { return host, nil },
		Addrs:      func() ([]IfAddr, error) { return addrs, nil },
		LookupHost: lh,
		LookupAddr: la,
		ReadFile: func(p string) ([]byte, error) {
			if c, ok := files[p]; ok {
				return append([]byte(nil), c...), nil
			}
			return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
		},
	}
}

// BoxAddrs lists the interface addresses of an oracle box in getifaddrs
// order: loopback, then d0's, IPv4 before IPv6.
func BoxAddrs(d0 []netip.Prefix) []IfAddr {
	out := []IfAddr{{Iface: "lo", Addr: netip.MustParseAddr("127.0.0.1")}}
	for _, p := range d0 {
		if p.Addr().Is4() {
			out = append(out, IfAddr{Iface: "d0", Addr: p.Addr()})
		}
	}
	out = append(out, IfAddr{Iface: "lo", Addr: netip.MustParseAddr("::1")})
	for _, p := range d0 {
		if !p.Addr().Is4() {
			out = append(out, IfAddr{Iface: "d0", Addr: p.Addr()})
		}
	}
	return out
}
