package coroconf

import (
	"fmt"

	"github.com/gorosync/gorosync/cmap"
)

func prefixed(reason string) string { return ParseErrorPrefix + reason + "\n" }

// totemConfigValidate is totem_config_validate: "" when the configuration
// is acceptable, else the error text as corosync logs it.
func (r *run) totemConfigValidate(tc *TotemConfig) string {
	configured := 0
	for i := range tc.Links {
		if tc.Links[i].Configured {
			configured++
		}
	}
	if configured == 0 {
		return prefixed("No interfaces defined")
	}
	if _, ok := getU32(r.m, "nodelist.local_node_pos"); !ok {
		return prefixed("No valid name found for local host")
	}
	for i := range tc.Links {
		l := &tc.Links[i]
		if !l.Configured {
			continue
		}
		if tc.Transport == TransportUDP && l.mcast.family() == 0 {
			return prefixed(fmt.Sprintf("No multicast address specified for interface %d", i))
		}
		if l.Port == 0 {
			return prefixed(fmt.Sprintf("No multicast port specified for interface %d", i))
		}
		if l.TTL > 255 {
			return prefixed(fmt.Sprintf("Invalid TTL (should be 0..255) for interface %d", i))
		}
		if tc.Transport != TransportUDP && l.TTL != 1 {
			return prefixed(fmt.Sprintf("Can only set ttl on multicast transport types for interface %d", i))
		}
		if l.LinkPriority > 255 {
			return prefixed(fmt.Sprintf("Invalid link priority (should be 0..255) for interface %d", i))
		}
		if tc.Transport != TransportKnet && l.LinkPriority != 1 {
			return prefixed(fmt.Sprintf("Can only set link priority on knet transport type for interface %d", i))
		}
		if l.mcast.family() == 6 && tc.Nodeid == 0 {
			return prefixed(fmt.Sprintf("An IPV6 network requires that a node ID be specified for interface %d", i))
		}
		if !tc.Broadcast && tc.Transport == TransportUDP {
			if l.mcast.family() != l.bindnet.family() {
				return prefixed(fmt.Sprintf("Multicast address family does not match bind address family for interface %d", i))
			}
			if !l.mcast.isMcast() {
				return prefixed(fmt.Sprintf("mcastaddr is not a correct multicast address for interface %d", i))
			}
		}
	}
	if tc.Version != 2 {
		return prefixed("This totem parser can only parse version 2 configurations.")
	}
	if e := r.volatileValidate(tc); e != "" {
		return e
	}
	if e := duplicateNodeids(r, tc); e != "" {
		return e
	}
	switch tc.LinkMode {
	case "active", "rr", "passive":
	default:
		return prefixed(fmt.Sprintf("The Knet link mode \"%s\" specified is invalid.  It must be active, passive or rr.\n", tc.LinkMode))
	}
	max := interfaceMax
	if tc.Transport != TransportKnet {
		max = 1
	}
	if max < configured {
		return prefixed(fmt.Sprintf("%d is too many configured interfaces for non-Knet transport.", configured))
	}
	if tc.Transport != TransportKnet && (tc.Cipher != "none" || tc.Hash != "none") {
		return prefixed("crypto_cipher & crypto_hash are only valid for the Knet transport.")
	}
	if tc.NetMTU == 0 {
		if tc.Transport == TransportKnet {
			tc.NetMTU = knetMaxPacketSize
		} else {
			tc.NetMTU = udpNetMTU
		}
	}
	return ""
}

// volatileValidate is totem_volatile_config_validate. corosync prints the
// unsigned values with %d, hence the int32 conversions.
func (r *run) volatileValidate(tc *TotemConfig) string {
	v := tc.Volatile
	d := func(name string) int32 { return int32(v[name]) }
	switch {
	case v["max_network_delay"] < minimumTimeout:
		return prefixed(fmt.Sprintf("The max_network_delay parameter (%d ms) may not be less than (%d ms).", d("max_network_delay"), minimumTimeout))
	case v["token"] < minimumTimeout:
		return prefixed(fmt.Sprintf("The token timeout parameter (%d ms) may not be less than (%d ms).", d("token"), minimumTimeout))
	case v["token_warning"] > 100:
		return prefixed(fmt.Sprintf("The token warning parameter (%d%%) must be between 0 (disabled) and 100.", d("token_warning")))
	case v["token_retransmit"] < minimumTimeout:
		if _, ok := getU32(r.m, "totem.token_retransmit"); ok {
			return prefixed(fmt.Sprintf("The token retransmit timeout parameter (%d ms) may not be less than (%d ms).", d("token_retransmit"), minimumTimeout))
		}
		return prefixed("Not appropriate token or token_retransmits_before_loss_const value set")
	case v["hold"] < minimumTimeoutHold:
		return prefixed(fmt.Sprintf("The token hold timeout parameter (%d ms) may not be less than (%d ms).", d("hold"), minimumTimeoutHold))
	case v["join"] < minimumTimeout:
		return prefixed(fmt.Sprintf("The join timeout parameter (%d ms) may not be less than (%d ms).", d("join"), minimumTimeout))
	case v["consensus"] < minimumTimeout:
		return prefixed(fmt.Sprintf("The consensus timeout parameter (%d ms) may not be less than (%d ms).", d("consensus"), minimumTimeout))
	case v["consensus"] < v["join"]:
		return prefixed(fmt.Sprintf("The consensus timeout parameter (%d ms) may not be less than join timeout (%d ms).", d("consensus"), d("join")))
	case v["merge"] < minimumTimeout:
		return prefixed(fmt.Sprintf("The merge timeout parameter (%d ms) may not be less than (%d ms).", d("merge"), minimumTimeout))
	case v["downcheck"] < minimumTimeout:
		return prefixed(fmt.Sprintf("The downcheck timeout parameter (%d ms) may not be less than (%d ms).", d("downcheck"), minimumTimeout))
	}

	// More than one link: every node needs a name and all links the same
	// number of members.
	configured, members := 0, -1
	for i := range tc.Links {
		if tc.Links[i].Configured {
			if configured == 0 {
				members = len(tc.Links[i].Members)
			}
			configured++
		}
	}
	if configured > 1 {
		for i := 0; i < members; i++ {
			if _, ok := getStr(r.m, fmt.Sprintf("nodelist.node.%d.name", i)); !ok {
				return prefixed("for a multi-link configuration, all nodes must have a 'name' attribute")
			}
		}
		for i := range tc.Links {
			if tc.Links[i].Configured && len(tc.Links[i].Members) != members {
				return prefixed("Not all nodes have the same number of links")
			}
		}
	}
	for i := range tc.Links {
		l := &tc.Links[i]
		if !l.Configured {
			continue
		}
		for j := 1; j < len(l.Members); j++ {
			if l.memberFams[j] != l.memberFams[0] {
				return prefixed(fmt.Sprintf("Nodes for link %d have different IP families (compared %s with %s)", i, l.Members[j].Addr, l.Members[0].Addr))
			}
		}
	}
	return ""
}

// duplicateNodeids is check_for_duplicate_nodeids. It compares each node's
// id with the explicit nodeid keys of the nodes before it in key order,
// stopping at the first key of a node at or after it, as corosync does.
func duplicateNodeids(r *run, tc *TotemConfig) string {
	m := r.m
	keys := m.Keys("nodelist.node.")
	last := int64(-1)
	for _, key := range keys {
		pos, _, n := nodeKey(key)
		if n != 2 || int64(pos) == last {
			continue
		}
		last = int64(pos)
		auto := false
		ring0 := ""
		id, ok := getU32(m, fmt.Sprintf("nodelist.node.%d.nodeid", pos))
		if !ok {
			r0, ok := getStr(m, fmt.Sprintf("nodelist.node.%d.ring0_addr", pos))
			if !ok {
				continue
			}
			gid, ok := r.generateNodeid(r0, tc.ClearHighBit)
			if !ok {
				continue
			}
			id, auto, ring0 = gid, true, r0
		}
		if dupBefore(m, keys, pos, id) {
			if auto {
				return fmt.Sprintf("Nodeid %d(autogenerated from %s) appears twice in corosync.conf", id, ring0)
			}
			return fmt.Sprintf("Nodeid %d appears twice in corosync.conf", id)
		}
	}
	return ""
}

func dupBefore(m *cmap.Map, keys []string, pos, id uint32) bool {
	pos1 := uint32(0)
	for _, k := range keys {
		if pos1 >= pos {
			break
		}
		p, rest, n := nodeKey(k)
		if n >= 1 {
			pos1 = p
		}
		if n != 2 || pos1 >= pos || rest != "nodeid" {
			continue
		}
		if id1, ok := getU32(m, k); ok && id1 == id {
			return true
		}
	}
	return false
}
