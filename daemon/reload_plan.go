package daemon

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/coroconf"
	"github.com/gorosync/gorosync/totem/transport"
)

// reloadPrefixes are where keys missing from the new file are deleted
// from the live map (cfg.c's remove_deleted_entries calls).
var reloadPrefixes = []string{"logging.", "totem.", "nodelist.", "quorum.", "uidgid.config.", "nozzle."}

// refusedKeys may not change at run time (cfg.c remove_ro_entries, with
// the crypto keys because udp/udpu cannot re-key): a changed value is
// reported and the running one kept.
var refusedKeys = map[string]bool{
	"totem.secauth": true, "totem.crypto_hash": true, "totem.crypto_cipher": true,
	"totem.crypto_model": true, "totem.keyfile": true, "totem.key": true,
	"totem.version": true, "totem.threads": true, "totem.ip_version": true,
	"totem.rrp_mode": true, "totem.netmtu": true, "totem.vsftype": true,
	"totem.transport": true, "totem.cluster_name": true, "quorum.provider": true,
}

// refusedInterfaceKey matches the per-link settings udp/udpu read only at
// start (totem.interface.<link>.<key>).
var refusedInterfaceKey = regexp.MustCompile(`^totem\.interface\.[0-9]+\.(ringnumber|bindnetaddr|mcastaddr|broadcast|mcastport|ttl)$`)

func refusedKey(k string) bool {
	return refusedKeys[k] || strings.HasPrefix(k, "system.") || refusedInterfaceKey.MatchString(k)
}

// keyValue is one key to write.
type keyValue struct {
	Key   string
	Value cmap.Value
}

// reloadDiff is what a reload does to the live map.
type reloadDiff struct {
	Delete  []string   // under reloadPrefixes, gone from the file
	Set     []keyValue // new or changed
	Refused []string   // refused keys whose value differs (or that appear or vanish)
}

// diffReload compares the live map with the freshly loaded one. Refused
// keys are neither deleted nor changed. All lists are in key order.
func diffReload(live, next *cmap.Map) reloadDiff {
	var d reloadDiff
	refused := map[string]bool{}
	for _, p := range reloadPrefixes {
		for k := range live.All(p) {
			if _, ok := next.Get(k); ok {
				continue
			}
			if refusedKey(k) {
				refused[k] = true
				continue
			}
			d.Delete = append(d.Delete, k)
		}
	}
	for k, v := range next.All("") {
		old, ok := live.Get(k)
		if ok && old.Equal(v) {
			continue
		}
		if refusedKey(k) {
			refused[k] = true
			continue
		}
		d.Set = append(d.Set, keyValue{k, v})
	}
	for k := range refused {
		d.Refused = append(d.Refused, k)
	}
	slices.Sort(d.Refused)
	return d
}

// addrChange is a nodelist member whose link address differs.
type addrChange struct {
	Nodeid   uint32
	Old, New string
}

// addrChanges lists, by nodeid, the members of a link present before and
// after whose address changed (corosync: "To reconfigure an interface it
// must be deleted and recreated").
func addrChanges(before, after []coroconf.Member) []addrChange {
	old := map[uint32]string{}
	for _, m := range before {
		if _, dup := old[m.Nodeid]; !dup {
			old[m.Nodeid] = m.Addr
		}
	}
	var out []addrChange
	seen := map[uint32]bool{}
	for _, m := range after {
		if seen[m.Nodeid] {
			continue
		}
		seen[m.Nodeid] = true
		if a, ok := old[m.Nodeid]; ok && a != m.Addr {
			out = append(out, addrChange{m.Nodeid, a, m.Addr})
		}
	}
	return out
}

// linkMembers is the transport's member list for a link: each distinct
// (nodeid, address) once, in nodelist order.
func linkMembers(ms []coroconf.Member) ([]transport.Member, error) {
	var out []transport.Member
	for _, m := range ms {
		a, err := netip.ParseAddr(m.Addr)
		if err != nil {
			return nil, fmt.Errorf("nodelist address %q of nodeid %d: %v", m.Addr, m.Nodeid, err)
		}
		tm := transport.Member{Nodeid: m.Nodeid, Addr: a}
		if !slices.Contains(out, tm) {
			out = append(out, tm)
		}
	}
	return out, nil
}

// memberDiff says which members were added and which removed.
func memberDiff(before, after []transport.Member) (added, removed []transport.Member) {
	for _, m := range after {
		if !slices.Contains(before, m) {
			added = append(added, m)
		}
	}
	for _, m := range before {
		if !slices.Contains(after, m) {
			removed = append(removed, m)
		}
	}
	return added, removed
}
