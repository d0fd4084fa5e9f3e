package scheduler

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/crm/cib"
)

// cluster builds a small CIB: nodes "name[:standby][:offline]", resources
// (a primitive "p", a group "g=a,b,c"), constraints and status given as raw
// XML fragments.
func cluster(t *testing.T, nodes []string, rscs []string, constraints, defaults string, status map[string]string) *cib.CIB {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<cib have-quorum="1"><configuration><crm_config><cluster_property_set id="o">` +
		`<nvpair id="o1" name="stonith-enabled" value="false"/></cluster_property_set></crm_config><nodes>`)
	var states strings.Builder
	for i, spec := range nodes {
		parts := strings.Split(spec, ":")
		name := parts[0]
		attrs := ""
		online := true
		for _, p := range parts[1:] {
			switch p {
			case "standby":
				attrs = fmt.Sprintf(`<instance_attributes id="n%d-ia"><nvpair id="n%d-sb" name="standby" value="on"/></instance_attributes>`, i, i)
			case "offline":
				online = false
			}
		}
		fmt.Fprintf(&b, `<node id="%d" uname="%s">%s</node>`, i+1, name, attrs)
		if online {
			fmt.Fprintf(&states, `<node_state id="%d" uname="%s" in_ccm="true" crmd="online" join="member" expected="member"><lrm id="%d"><lrm_resources>%s</lrm_resources></lrm></node_state>`,
				i+1, name, i+1, status[name])
		}
	}
	b.WriteString(`</nodes><resources>`)
	for _, r := range rscs {
		if spec, ok := strings.CutPrefix(r, "clone:"); ok {
			writeClone(&b, spec)
			continue
		}
		if id, members, ok := strings.Cut(r, "="); ok {
			fmt.Fprintf(&b, `<group id="%s">`, id)
			for _, m := range strings.Split(members, ",") {
				fmt.Fprintf(&b, `<primitive id="%s" class="ocf" provider="heartbeat" type="Dummy"/>`, m)
			}
			b.WriteString(`</group>`)
			continue
		}
		fmt.Fprintf(&b, `<primitive id="%s" class="ocf" provider="heartbeat" type="Dummy"/>`, r)
	}
	fmt.Fprintf(&b, `</resources><constraints>%s</constraints>`, constraints)
	if defaults != "" {
		fmt.Fprintf(&b, `<rsc_defaults><meta_attributes id="rd">%s</meta_attributes></rsc_defaults>`, defaults)
	}
	fmt.Fprintf(&b, `</configuration><status>%s</status></cib>`, states.String())
	doc, err := cib.Parse("test", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// started is the history of a resource started on a node (call id n).
func started(rsc string, call int) string {
	return fmt.Sprintf(`<lrm_resource id="%s" class="ocf" provider="heartbeat" type="Dummy">`+
		`<lrm_rsc_op id="%s_last_0" operation="start" transition-key="1:1:0:x" call-id="%d" rc-code="0" op-status="0" interval="0"/></lrm_resource>`, rsc, rsc, call)
}

// failedMonitor: started, then its 10s monitor returned 7.
func failedMonitor(rsc string, call int) string {
	return fmt.Sprintf(`<lrm_resource id="%s" class="ocf" provider="heartbeat" type="Dummy">`+
		`<lrm_rsc_op id="%s_last_0" operation="start" transition-key="1:1:0:x" call-id="%d" rc-code="0" op-status="0" interval="0"/>`+
		`<lrm_rsc_op id="%s_monitor_10000" operation="monitor" transition-key="2:1:0:x" call-id="%d" rc-code="7" op-status="0" interval="10000"/></lrm_resource>`,
		rsc, rsc, call, rsc, call+1)
}

func placement(t *testing.T, doc *cib.CIB) string {
	t.Helper()
	tr, err := Schedule(doc)
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, r := range tr.Cluster.primitives() {
		where := "-"
		if r.AssignedTo != nil {
			where = r.AssignedTo.Name
		}
		parts = append(parts, r.ID+"@"+where)
	}
	return strings.Join(parts, " ")
}

func summary(t *testing.T, doc *cib.CIB) string {
	t.Helper()
	tr, err := Schedule(doc)
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, it := range tr.Summary {
		s := it.Verb + " " + it.Rsc + " " + it.Origin + ">" + it.Dest
		if it.Reason != "" {
			s += " (" + it.Reason + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func TestPlacement(t *testing.T) {
	cases := []struct {
		name        string
		nodes, rscs []string
		cons, defs  string
		status      map[string]string
		want        string
	}{
		{"name tie-break is strcmp", []string{"node2", "node10"}, []string{"a"}, "", "", nil, "a@node10"},
		{"fewer resources first", []string{"n1", "n2", "n3"}, []string{"a", "b", "c", "d"}, "", "", nil,
			"a@n1 b@n2 c@n3 d@n1"},
		{"group before memcached (CIB order)", []string{"haproxy1", "haproxy2"}, []string{"g=v,i,h", "m"}, "", "", nil,
			"v@haproxy1 i@haproxy1 h@haproxy1 m@haproxy2"},
		{"location score wins", []string{"n1", "n2"}, []string{"a"},
			`<rsc_location id="l" rsc="a" node="n2" score="10"/>`, "", nil, "a@n2"},
		{"negative score forbids", []string{"n1", "n2"}, []string{"a"},
			`<rsc_location id="l" rsc="a" node="n1" score="-1"/><rsc_location id="l2" rsc="a" node="n2" score="-INFINITY"/>`, "", nil, "a@-"},
		{"standby and offline nodes run nothing", []string{"n1:standby", "n2:offline", "n3"}, []string{"a", "b"}, "", "", nil,
			"a@n3 b@n3"},
		{"current node kept on a tie", []string{"n1", "n2"}, []string{"a", "b"}, "", "", map[string]string{"n2": started("a", 1)},
			"a@n2 b@n1"},
		{"zero stickiness: balancing beats current node", []string{"n1", "n2", "n3"}, []string{"x", "a"}, "", "",
			map[string]string{"n1": started("a", 1)}, "x@n1 a@n2"},
		{"stickiness keeps it", []string{"n1", "n2", "n3"}, []string{"x", "a"}, "",
			`<nvpair id="rd1" name="resource-stickiness" value="1"/>`, map[string]string{"n1": started("a", 1)}, "x@n1 a@n1"},
		{"INFINITY stickiness ties with INFINITY preference, current node wins", []string{"n1", "n2"}, []string{"a"},
			`<rsc_location id="cli-prefer-a" rsc="a" role="Started" node="n2" score="INFINITY"/>`,
			`<nvpair id="rd1" name="resource-stickiness" value="INFINITY"/>`, map[string]string{"n1": started("a", 1)}, "a@n1"},
		{"group stickiness adds up over members", []string{"n1", "n2"}, []string{"g=a,b,c"},
			`<rsc_location id="l" rsc="g" node="n2" score="250"/>`,
			`<nvpair id="rd1" name="resource-stickiness" value="100"/>`,
			map[string]string{"n1": started("a", 1) + started("b", 2) + started("c", 3)}, "a@n1 b@n1 c@n1"},
		{"mandatory colocation follows the primary", []string{"n1", "n2"}, []string{"a", "b"},
			`<rsc_location id="l" rsc="a" node="n2" score="5"/><rsc_colocation id="c" rsc="b" with-rsc="a" score="INFINITY"/>`, "", nil,
			"a@n2 b@n2"},
		{"anti-colocation", []string{"n1", "n2"}, []string{"a", "b"},
			`<rsc_colocation id="c" rsc="a" with-rsc="b" score="-INFINITY"/>`, "", nil, "a@n2 b@n1"},
		{"colocation with a stopped primary stops the dependent", []string{"n1"}, []string{"a", "b"},
			`<rsc_location id="l" rsc="a" node="n1" score="-INFINITY"/><rsc_colocation id="c" rsc="b" with-rsc="a" score="INFINITY"/>`, "", nil,
			"a@- b@-"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := placement(t, cluster(t, c.nodes, c.rscs, c.cons, c.defs, c.status)); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

func TestFailures(t *testing.T) {
	nodes := []string{"n1", "n2"}
	// A failed monitor under the threshold: recover in place, later group
	// members restart.
	doc := cluster(t, nodes, []string{"g=a,b"}, "", "", map[string]string{"n1": failedMonitor("a", 1) + started("b", 3)})
	if got, want := summary(t, doc), "Recover a n1>; Restart b n1>n1 (required a start)"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	// With fail-count 1 and migration-threshold=1 the group moves.
	doc = cluster(t, nodes, []string{"g=a,b"}, "", `<nvpair id="rd1" name="migration-threshold" value="1"/>`,
		map[string]string{"n1": failedMonitor("a", 1) + started("b", 3)})
	doc.Status.NodeStates[0].TransientAttributes = &cib.TransientAttributes{ID: "1", InstanceAttributes: cib.Sets{{ID: "s1",
		Pairs: []cib.NVPair{{ID: "f", Name: "fail-count-a#monitor_10000", Value: "1"}}}}}
	if got, want := summary(t, doc), "Recover a n1>n2; Move b n1>n2"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	// target-role=Stopped stops it "due to node availability".
	doc = cluster(t, nodes, []string{"a"}, "", `<nvpair id="rd1" name="target-role" value="Stopped"/>`, map[string]string{"n1": started("a", 1)})
	if got, want := summary(t, doc), "Stop a n1> (node availability)"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func TestTransitionActions(t *testing.T) {
	doc := cluster(t, []string{"n1", "n2"}, []string{"g=a,b"}, `<rsc_location id="l" rsc="g" node="n2" score="10"/>`, "",
		map[string]string{"n1": started("a", 1) + started("b", 2)})
	tr, err := Schedule(doc)
	if err != nil {
		t.Fatal(err)
	}
	var acts []string
	for _, a := range tr.Actions {
		acts = append(acts, a.Key()+"@"+a.Node.Name)
	}
	if got, want := strings.Join(acts, " "), "a_stop_0@n1 a_start_0@n2 b_stop_0@n1 b_start_0@n2"; got != want {
		t.Errorf("actions %s, want %s", got, want)
	}
	want := map[string]bool{"b_stop_0>a_stop_0": true, "a_start_0>b_start_0": true, "a_stop_0>a_start_0": true, "b_stop_0>b_start_0": true}
	for _, o := range tr.Orderings {
		k := o.First.Key() + ">" + o.Then.Key()
		if !want[k] {
			t.Errorf("unexpected ordering %s", k)
		}
		delete(want, k)
	}
	if len(want) > 0 {
		t.Errorf("missing orderings %v", want)
	}
}

func TestUnpackWarnings(t *testing.T) {
	doc := cluster(t, []string{"n1"}, []string{"a", "b"},
		`<rsc_order id="o" first="a" then="nope"/><rsc_location id="l" rsc="nope" node="n1" score="1"/>`, "", nil)
	tr, err := Schedule(doc)
	if err != nil {
		t.Fatal(err)
	}
	w := strings.Join(tr.Cluster.Warnings, "\n")
	if !strings.Contains(w, `rsc_order "o"`) || !strings.Contains(w, `no resource "nope"`) {
		t.Errorf("warnings: %s", w)
	}
}
