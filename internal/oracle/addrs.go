package oracle

import (
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/gorosync/gorosync/coroconf"
)

// ParseHosts reads an /etc/hosts text into name -> address; the first line
// naming a name wins, as for the resolver. Unparsable lines are skipped.
func ParseHosts(text string) map[string]netip.Addr {
	m := map[string]netip.Addr{}
	for _, e := range coroconf.ParseHosts(text) {
		for _, n := range e.Names {
			if _, dup := m[n]; !dup {
				m[n] = e.Addr
			}
		}
	}
	return m
}

// DeriveAddrs computes the addresses a box needs for conf (the corpus
// README, "Oracle method", step 1): the ringN_addr values of the first node
// of the first nodelist (in ring order; with none, the node's name),
// resolved through hosts when they are names, loopback skipped; then, for
// each totem interface's bindnetaddr, a covering address (x.y.z.1 for a
// network address x.y.z.0, the address itself otherwise) unless one of the
// same /24 (/64) is already there. IPv4 get /24, IPv6 /64. It also returns
// the names that were resolved through hosts.
//
// It reads conf with a forgiving line scanner, not corosync's grammar:
// malformed files still get their best-effort addresses.
func DeriveAddrs(conf []byte, hosts map[string]netip.Addr) (addrs []netip.Prefix, names []string) {
	first, ifaces := scanConf(string(conf))
	type ring struct {
		n int
		v string
	}
	var rings []ring
	for k, v := range first {
		if num, ok := strings.CutPrefix(k, "ring"); ok {
			if num, ok = strings.CutSuffix(num, "_addr"); ok {
				if n, err := strconv.Atoi(num); err == nil && n >= 0 {
					rings = append(rings, ring{n, v})
				}
			}
		}
	}
	sort.Slice(rings, func(i, j int) bool { return rings[i].n < rings[j].n })
	var vals []string
	for _, r := range rings {
		vals = append(vals, r.v)
	}
	if name, ok := first["name"]; ok && len(vals) == 0 {
		vals = []string{name}
	}
	var ips []netip.Addr
	for _, v := range vals {
		a, err := netip.ParseAddr(v)
		if err != nil {
			h, ok := hosts[v]
			if !ok {
				continue
			}
			names = append(names, v)
			a = h
		}
		if !a.IsLoopback() {
			ips = append(ips, a.Unmap())
		}
	}
	for _, iface := range ifaces {
		a, err := netip.ParseAddr(iface["bindnetaddr"])
		if err != nil {
			continue
		}
		net := prefixOf(a).Masked()
		covered := false
		for _, have := range ips {
			covered = covered || net.Contains(have)
		}
		if covered {
			continue
		}
		if a == net.Addr() {
			a = a.Next()
		}
		ips = append(ips, a)
	}
	seen := map[netip.Prefix]bool{}
	for _, a := range ips {
		p := prefixOf(a)
		if !seen[p] {
			seen[p] = true
			addrs = append(addrs, p)
		}
	}
	return addrs, names
}

// prefixOf gives an address the box's prefix length: /24 or /64.
func prefixOf(a netip.Addr) netip.Prefix {
	if a.Is4() {
		return netip.PrefixFrom(a, 24)
	}
	return netip.PrefixFrom(a, 64)
}

// scanConf returns the keys of the first node of the first nodelist and
// the keys of each totem.interface section. Sections open with "name {",
// close with "}"; "key: value" sets a key; '#' lines are comments.
func scanConf(text string) (first map[string]string, ifaces []map[string]string) {
	first = map[string]string{}
	var stack []string
	nodes := 0
	at := func(path ...string) bool {
		if len(stack) != len(path) {
			return false
		}
		for i := range path {
			if stack[i] != path[i] {
				return false
			}
		}
		return true
	}
	for _, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || line[0] == '#' {
			continue
		}
		if name, _, ok := strings.Cut(line, "{"); ok {
			stack = append(stack, strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(name), ":")))
			if at("nodelist", "node") {
				nodes++
			}
			if at("totem", "interface") {
				ifaces = append(ifaces, map[string]string{})
			}
			continue
		}
		if k, v, ok := strings.Cut(line, ":"); ok {
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			if at("nodelist", "node") && nodes == 1 {
				first[k] = v
			}
			if at("totem", "interface") {
				ifaces[len(ifaces)-1][k] = v
			}
			continue
		}
		if strings.Contains(line, "}") && len(stack) > 0 {
			stack = stack[:len(stack)-1]
		}
	}
	return first, ifaces
}
