package coroconf

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"os"
	"strings"
	"time"
)

// IfAddr is one address of a local network interface, as getifaddrs(3)
// reports it.
type IfAddr struct {
	Iface string     // interface name, e.g. "lo" or "eth0"
	Addr  netip.Addr // with a zone for link-local IPv6 addresses
}

// Env is everything host-dependent that corosync consults while it checks a
// configuration. Tests inject their own; OSEnv returns the real machine's.
type Env struct {
	// Hostname is uname(2)'s nodename.
	Hostname func() (string, error)
	// Addrs lists local interface addresses in getifaddrs order (all IPv4
	// addresses of all interfaces first, then the IPv6 ones).
	Addrs func() ([]IfAddr, error)
	// LookupHost is forward resolution (getaddrinfo with AF_UNSPEC): every
	// address of name, IPv4 and IPv6, in resolver order. It is only called
	// for names that are not numeric addresses.
	LookupHost func(name string) ([]netip.Addr, error)
	// LookupAddr is reverse resolution (getnameinfo without NI_NAMEREQD):
	// the host name of addr; ok=false when there is none, in which case
	// corosync falls back to the numeric form.
	LookupAddr func(addr netip.Addr) (name string, ok bool)
	// ReadFile reads a file such as /etc/corosync/authkey.
	ReadFile func(path string) ([]byte, error)
}

// OSEnv returns the environment of the running machine: os.Hostname, the
// addresses of net.Interfaces, and Go's resolver (which reads /etc/hosts
// and then asks DNS with a short timeout).
func OSEnv() Env {
	return Env{
		Hostname:   os.Hostname,
		Addrs:      osAddrs,
		LookupHost: osLookupHost,
		LookupAddr: osLookupAddr,
		ReadFile:   os.ReadFile,
	}
}

// lookupTimeout bounds every DNS question so that an unreachable resolver
// cannot stall a configuration check.
const lookupTimeout = 2 * time.Second

func osAddrs() ([]IfAddr, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, err
	}
	var v4, v6 []IfAddr
	for _, ifc := range ifs {
		addrs, err := ifc.Addrs()
		if err != nil {
			continue
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
			if ip.Is4() {
				v4 = append(v4, IfAddr{Iface: ifc.Name, Addr: ip})
			} else {
				if ip.IsLinkLocalUnicast() {
					ip = ip.WithZone(ifc.Name)
				}
				v6 = append(v6, IfAddr{Iface: ifc.Name, Addr: ip})
			}
		}
	}
	return append(v4, v6...), nil
}

func osLookupHost(name string) ([]netip.Addr, error) {
	ctx, cancel := context.WithTimeout(context.Background(), lookupTimeout)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", name)
	if err != nil {
		return nil, err
	}
	for i, a := range addrs {
		addrs[i] = a.Unmap()
	}
	if len(addrs) == 0 {
		return nil, errors.New("no addresses")
	}
	return addrs, nil
}

func osLookupAddr(addr netip.Addr) (string, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), lookupTimeout)
	defer cancel()
	names, err := net.DefaultResolver.LookupAddr(ctx, addr.WithZone("").String())
	if err != nil || len(names) == 0 {
		return "", false
	}
	return strings.TrimSuffix(names[0], "."), true
}

// HostsEntry is one line of a hosts(5) file: an address and its names.
type HostsEntry struct {
	Addr  netip.Addr
	Names []string
}

// ParseHosts reads a hosts(5) text: comments and lines without an address
// and a name are skipped; IPv4-mapped IPv6 addresses are unmapped.
func ParseHosts(text string) []HostsEntry {
	var out []HostsEntry
	for _, line := range strings.Split(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		a, err := netip.ParseAddr(f[0])
		if err != nil {
			continue
		}
		out = append(out, HostsEntry{Addr: a.Unmap(), Names: f[1:]})
	}
	return out
}

// HostsEnv builds resolver functions from the text of a hosts(5) file, as
// glibc uses it when DNS is unreachable: forward lookups return every
// address whose line names the host (in file order), reverse lookups the
// first name of the first line carrying the address.
func HostsEnv(hosts string) (lookupHost func(string) ([]netip.Addr, error), lookupAddr func(netip.Addr) (string, bool)) {
	entries := ParseHosts(hosts)
	lookupHost = func(name string) ([]netip.Addr, error) {
		var out []netip.Addr
		for _, e := range entries {
			for _, n := range e.Names {
				if strings.EqualFold(n, name) {
					out = append(out, e.Addr)
					break
				}
			}
		}
		if len(out) == 0 {
			return nil, errors.New("host not found")
		}
		return out, nil
	}
	lookupAddr = func(a netip.Addr) (string, bool) {
		a = a.WithZone("")
		for _, e := range entries {
			if e.Addr == a {
				return e.Names[0], true
			}
		}
		return "", false
	}
	return lookupHost, lookupAddr
}
