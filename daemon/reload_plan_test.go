package daemon

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/coroconf"
	"github.com/gorosync/gorosync/totem/transport"
)

// planConf is a udpu cluster of nodes n1..nN at 10.1.0.K; extra goes into
// the totem section.
func planConf(nodes int, extra string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "totem {\n\tversion: 2\n\tcluster_name: c\n\ttransport: udpu\n%s}\nnodelist {\n", extra)
	for i := 1; i <= nodes; i++ {
		fmt.Fprintf(&b, "\tnode {\n\t\tring0_addr: 10.1.0.%d\n\t\tname: n%d\n\t\tnodeid: %d\n\t}\n", i, i, i)
	}
	b.WriteString("}\nquorum {\n\tprovider: corosync_votequorum\n}\nlogging {\n\tto_syslog: no\n}\n")
	return b.String()
}

func planLoad(t *testing.T, text string) *coroconf.Result {
	t.Helper()
	env := coroconf.FixedEnv("n1", "", []coroconf.IfAddr{{Iface: "d0", Addr: netip.MustParseAddr("10.1.0.1")}}, nil)
	res := coroconf.LoadBytes("corosync.conf", []byte(text), env)
	if res.Fatal != nil {
		t.Fatalf("load: %s", res.Fatal.Text)
	}
	return res
}

func setKeys(d reloadDiff) []string {
	var out []string
	for _, kv := range d.Set {
		out = append(out, kv.Key)
	}
	return out
}

func valueOf(d reloadDiff, key string) (cmap.Value, bool) {
	for _, kv := range d.Set {
		if kv.Key == key {
			return kv.Value, true
		}
	}
	return cmap.Value{}, false
}

// Adding a node writes its keys and the rescaled token; removing it
// deletes its keys. Nothing else moves.
func TestDiffReloadNodelist(t *testing.T) {
	three, four := planLoad(t, planConf(3, "")), planLoad(t, planConf(4, ""))
	d := diffReload(three.Map, four.Map)
	want := []string{"nodelist.node.3.name", "nodelist.node.3.nodeid", "nodelist.node.3.ring0_addr"}
	for _, k := range want {
		if !slices.Contains(setKeys(d), k) {
			t.Errorf("add: %s not set; set %v", k, setKeys(d))
		}
	}
	if v, ok := valueOf(d, "runtime.config.totem.token"); !ok || v.Uint() != 3000+2*650 {
		t.Errorf("add: runtime.config.totem.token %v %v, want 4300", v, ok)
	}
	if len(d.Delete) != 0 || len(d.Refused) != 0 {
		t.Errorf("add: delete %v refused %v", d.Delete, d.Refused)
	}

	d = diffReload(four.Map, three.Map)
	if !slices.Equal(d.Delete, want) {
		t.Errorf("remove: delete %v, want %v", d.Delete, want)
	}
	if v, ok := valueOf(d, "runtime.config.totem.token"); !ok || v.Uint() != 3650 {
		t.Errorf("remove: runtime.config.totem.token %v %v, want 3650", v, ok)
	}
	if d := diffReload(three.Map, planLoad(t, planConf(3, "")).Map); len(d.Set)+len(d.Delete)+len(d.Refused) != 0 {
		t.Errorf("same file: %+v", d)
	}
}

// Refused keys are neither changed nor deleted, whether they change,
// appear or vanish; their neighbours are applied.
func TestDiffReloadRefused(t *testing.T) {
	live := planLoad(t, planConf(3, "\tnetmtu: 1400\n\ttoken: 1000\n"))
	next := planLoad(t, strings.Replace(planConf(3, "\ttoken: 2000\n\tinterface {\n\t\tlinknumber: 0\n\t\tmcastport: 5500\n\t}\n"),
		"cluster_name: c", "cluster_name: renamed", 1))
	d := diffReload(live.Map, next.Map)
	if want := []string{"totem.cluster_name", "totem.interface.0.mcastport", "totem.netmtu"}; !slices.Equal(d.Refused, want) {
		t.Errorf("refused %v, want %v", d.Refused, want)
	}
	for _, k := range d.Refused {
		if slices.Contains(d.Delete, k) || slices.Contains(setKeys(d), k) {
			t.Errorf("refused key %s would change: delete %v set %v", k, d.Delete, setKeys(d))
		}
	}
	if v, ok := valueOf(d, "totem.token"); !ok || v.Uint() != 2000 {
		t.Errorf("totem.token %v %v, want 2000", v, ok)
	}
	if v, ok := valueOf(d, "runtime.config.totem.consensus"); !ok || v.Uint() != 3180 {
		t.Errorf("runtime.config.totem.consensus %v %v, want 1.2 × (2000+650)", v, ok)
	}
}

func TestRefusedKey(t *testing.T) {
	for k, want := range map[string]bool{
		"totem.transport": true, "totem.cluster_name": true, "totem.crypto_cipher": true, "totem.netmtu": true,
		"totem.interface.0.bindnetaddr": true, "totem.interface.1.ttl": true, "quorum.provider": true,
		"system.state_dir": true, "totem.token": false, "totem.interface.0.knet_ping_interval": false,
		"quorum.expected_votes": false, "nodelist.node.0.ring0_addr": false, "logging.debug": false,
	} {
		if refusedKey(k) != want {
			t.Errorf("refusedKey(%s) = %v", k, !want)
		}
	}
}

// Addresses are compared by nodeid: a node that moves is a change; nodes
// added, removed or renumbered around it are not.
func TestAddrChanges(t *testing.T) {
	m := func(id uint32, a string) coroconf.Member { return coroconf.Member{Nodeid: id, Addr: a} }
	before := []coroconf.Member{m(1, "10.0.0.1"), m(2, "10.0.0.2"), m(3, "10.0.0.3")}
	if ch := addrChanges(before, []coroconf.Member{m(1, "10.0.0.1"), m(3, "10.0.0.3"), m(4, "10.0.0.4")}); len(ch) != 0 {
		t.Errorf("remove 2, add 4: %v", ch)
	}
	ch := addrChanges(before, []coroconf.Member{m(1, "10.0.0.1"), m(2, "10.0.0.22"), m(3, "10.0.0.3")})
	if want := []addrChange{{2, "10.0.0.2", "10.0.0.22"}}; !slices.Equal(ch, want) {
		t.Errorf("moved 2: %v, want %v", ch, want)
	}
}

func TestMemberDiff(t *testing.T) {
	ms, err := linkMembers([]coroconf.Member{{Nodeid: 1, Addr: "10.0.0.1"}, {Nodeid: 1, Addr: "10.0.0.1"}, {Nodeid: 2, Addr: "10.0.0.2"}})
	if err != nil || len(ms) != 2 {
		t.Fatalf("linkMembers: %v %v (duplicates are sent to once)", ms, err)
	}
	if _, err := linkMembers([]coroconf.Member{{Nodeid: 1, Addr: "bogus"}}); err == nil {
		t.Error("a bad address was accepted")
	}
	three := transport.Member{Nodeid: 3, Addr: netip.MustParseAddr("10.0.0.3")}
	added, removed := memberDiff(ms, append(ms[1:], three))
	if !slices.Equal(added, []transport.Member{three}) || !slices.Equal(removed, ms[:1]) {
		t.Errorf("added %v removed %v", added, removed)
	}
}

func TestVolatileKey(t *testing.T) {
	for k, want := range map[string]bool{
		"totem.token": true, "totem.token_coefficient": true, "totem.consensus": true,
		"totem.cluster_name": false, "runtime.config.totem.token": false, "totem.tokenx": false,
	} {
		if volatileKey(k) != want {
			t.Errorf("volatileKey(%s) = %v", k, !want)
		}
	}
}
