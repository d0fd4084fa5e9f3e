package coroconf

import (
	"strings"

	"github.com/gorosync/gorosync/cmap"
)

// nodelistByName is nodelist_byname: the position of the first node (in
// key order) whose name or ring0_addr equals find. With stripDomain the
// configured value is cut at its first dot before comparing.
func nodelistByName(m *cmap.Map, find string, stripDomain bool) int {
	for _, key := range m.Keys("nodelist.node.") {
		pos, rest, n := nodeKey(key)
		if n != 2 || (rest != "name" && rest != "ring0_addr") {
			continue
		}
		name, ok := getStr(m, key)
		if !ok {
			continue
		}
		if stripDomain {
			if i := strings.IndexByte(name, '.'); i >= 0 {
				name = name[:i]
			}
		}
		if name == find {
			return int(int32(pos))
		}
	}
	return -1
}

// findLocalNode is find_local_node without the cache: it returns the local
// node's position and whether it was really found. Like corosync it
// returns the position of the last node key it looked at when the search
// fails during the address-resolution step (callers then use that
// position even though nodelist.local_node_pos stays unset).
func (r *run) findLocalNode() (int, bool) {
	pos, found := r.searchLocalNode()
	if found {
		_ = r.m.Set("nodelist.local_node_pos", cmap.U32(uint32(pos)))
	}
	return pos, found
}

func (r *run) searchLocalNode() (int, bool) {
	m := r.m
	if r.env.Hostname == nil {
		return -1, false
	}
	node, err := r.env.Hostname()
	if err != nil {
		return -1, false
	}
	// 1. the nodename as it is.
	if p := nodelistByName(m, node, false); p > -1 {
		return p, true
	}
	// 2. ever shorter versions of it, then short names on both sides.
	name := node
	for i := strings.LastIndexByte(name, '.'); i >= 0; i = strings.LastIndexByte(name, '.') {
		name = name[:i]
		if p := nodelistByName(m, name, false); p > -1 {
			return p, true
		}
	}
	if p := nodelistByName(m, name, true); p > -1 {
		return p, true
	}
	// 3. names and numeric forms of the local addresses.
	if r.env.Addrs == nil {
		return -1, false
	}
	addrs, err := r.env.Addrs()
	if err != nil {
		return -1, false
	}
	for _, ia := range addrs {
		a := ia.Addr
		host := ""
		if r.env.LookupAddr != nil {
			host, _ = r.env.LookupAddr(a)
		}
		if host == "" {
			host = a.String() // getnameinfo falls back to the numeric form
		}
		if p := nodelistByName(m, host, false); p > -1 {
			return p, true
		}
		if i := strings.IndexByte(host, '.'); i >= 0 {
			if p := nodelistByName(m, host[:i], false); p > -1 {
				return p, true
			}
		}
		// corosync asks for the numeric form with sizeof(struct sockaddr),
		// which is too short for IPv6: only IPv4 gets this far.
		if !a.Is4() {
			continue
		}
		if p := nodelistByName(m, a.String(), false); p > -1 {
			return p, true
		}
	}
	// 4. resolve every name/ring0_addr and compare with local addresses.
	last := -1
	for _, key := range m.Keys("nodelist.node.") {
		pos, rest, n := nodeKey(key)
		if n >= 1 {
			last = int(int32(pos))
		}
		if n != 2 || (rest != "name" && rest != "ring0_addr") {
			continue
		}
		val, ok := getStr(m, key)
		if !ok {
			continue
		}
		for _, ra := range r.resolveAll(val) {
			for _, ia := range addrs {
				if ra.WithZone("") == ia.Addr.WithZone("") {
					return last, true
				}
			}
		}
	}
	return last, false
}
