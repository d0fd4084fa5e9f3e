package scheduler

import (
	"fmt"
	"strings"
	"testing"
)

// writeClone writes "ID=child[,name=value...]" as a clone of a Dummy
// primitive with those clone meta attributes.
func writeClone(b *strings.Builder, spec string) {
	parts := strings.Split(spec, ",")
	id, child, _ := strings.Cut(parts[0], "=")
	fmt.Fprintf(b, `<clone id="%s"><meta_attributes id="%s-meta">`, id, id)
	for i, kv := range parts[1:] {
		k, v, _ := strings.Cut(kv, "=")
		fmt.Fprintf(b, `<nvpair id="%s-m%d" name="%s" value="%s"/>`, id, i, k, v)
	}
	fmt.Fprintf(b, `</meta_attributes><primitive id="%s" class="ocf" provider="heartbeat" type="Dummy"/></clone>`, child)
}

func TestClonePlacement(t *testing.T) {
	cases := []struct {
		name       string
		nodes      []string
		rscs       []string
		cons, defs string
		status     map[string]string
		want       string
	}{
		{"one instance per node by default", []string{"n1", "n2", "n3"}, []string{"clone:C=R"}, "", "", nil,
			"R:0@n1 R:1@n2 R:2@n3"},
		{"clone-max below the node count", []string{"n1", "n2", "n3"}, []string{"clone:C=R,clone-max=2"}, "", "", nil,
			"R:0@n1 R:1@n2"},
		{"active instances keep their nodes, history in node order", []string{"n1", "n2", "n3"}, []string{"clone:C=R,clone-max=2"}, "", "",
			map[string]string{"n3": started("R", 1)}, "R:0@n3 R:1@n1"},
		{"standby node gets none", []string{"n1", "n2:standby", "n3"}, []string{"clone:C=R"}, "", "", nil,
			"R:0@n1 R:1@n3 R:2@-"},
		{"location on the clone applies to every instance", []string{"n1", "n2"}, []string{"clone:C=R"},
			`<rsc_location id="l" rsc="C" node="n1" score="-INFINITY"/>`, "", nil, "R:0@n2 R:1@-"},
		{"primitive with clone goes where an instance is", []string{"n1", "n2", "n3"}, []string{"clone:C=R,clone-max=1", "p"},
			`<rsc_colocation id="c" rsc="p" with-rsc="C" score="INFINITY"/>`, "", map[string]string{"n2": started("R", 1)},
			"R:0@n2 p@n2"},
		{"clone with primitive (mandatory) follows it", []string{"n1", "n2", "n3"}, []string{"p", "clone:C=R"},
			`<rsc_colocation id="c" rsc="C" with-rsc="p" score="INFINITY"/><rsc_location id="l" rsc="p" node="n3" score="10"/>`, "", nil,
			"p@n3 R:0@n3 R:1@- R:2@-"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := placement(t, cluster(t, tc.nodes, tc.rscs, tc.cons, tc.defs, tc.status))
			if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestCloneFailCountIgnoresInstanceNumber(t *testing.T) {
	status := map[string]string{"n1": started("R", 1)}
	doc := cluster(t, []string{"n1", "n2"}, []string{"clone:C=R,clone-max=1,migration-threshold=2"}, "", "", status)
	// The fail count is on the node's transient attributes.
	doc.Status.NodeStates[0].TransientAttributes = nil
	tr, err := Schedule(doc)
	if err != nil {
		t.Fatal(err)
	}
	n1 := tr.Cluster.Nodes[0]
	n1.Attrs["fail-count-R:0#monitor_10000"] = "1"
	n1.Attrs["fail-count-R#start_0"] = "1"
	n1.Attrs["fail-count-Rx#start_0"] = "5"
	inst := tr.Cluster.byID["R:0"]
	if got := failCount(inst, n1); got != 2 {
		t.Errorf("fail count of R:0 on n1 = %d, want 2 (R and R:0 counted, Rx not)", got)
	}
}

func TestCloneSummary(t *testing.T) {
	status := map[string]string{"n1": started("R", 1), "n2": failedMonitor("R", 1)}
	doc := cluster(t, []string{"n1", "n2", "n3"}, []string{"clone:C=R,clone-max=2"}, "", "", status)
	if got, want := summary(t, doc), "Recover R:1 n2>"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
}

// Orders with a clone first act through the clone's "running": required
// only by instance starts on the "then" action's node (any node when the
// "then" is a clone too), runnable when any instance can start.
func TestCloneOrders(t *testing.T) {
	order := `<rsc_order id="o" first="C" then="%s"/>`
	// C:1 starts on n2 (new), p stays on n1 where C:0 stays: no restart.
	status := map[string]string{"n1": started("R", 1) + started("p", 2)}
	doc := cluster(t, []string{"n1", "n2"}, []string{"clone:C=R", "p"}, fmt.Sprintf(order, "p"), "", status)
	if got, want := summary(t, doc), "Start R:1 >n2"; got != want {
		t.Errorf("clone then primitive: %q, want %q", got, want)
	}
	// The same with a clone "then": its running instance restarts.
	status = map[string]string{"n1": started("R", 1) + started("Q", 2)}
	doc = cluster(t, []string{"n1", "n2"}, []string{"clone:C=R", "clone:D=Q"}, fmt.Sprintf(order, "D"), "", status)
	if got, want := summary(t, doc), "Start R:1 >n2; Restart Q:0 n1>n1 (required C running); Start Q:1 >n2"; got != want {
		t.Errorf("clone then clone: %q, want %q", got, want)
	}
	// Nothing of C can run: p cannot start.
	doc = cluster(t, []string{"n1"}, []string{"clone:C=R,target-role=Stopped", "p"}, fmt.Sprintf(order, "p"), "", nil)
	if got, want := summary(t, doc), "Start p >n1 (unrunnable C running)"; got != want {
		t.Errorf("unrunnable clone first: %q, want %q", got, want)
	}
}

// A clone's synapses follow its instances'; each instance's probe comes
// before the clone's start and stopped; instances without any history
// print as R:N, and as R once history named one of them (checked against
// crm_simulate -G).
func TestCloneGraph(t *testing.T) {
	doc := cluster(t, []string{"n1", "n2"}, []string{"clone:C=R"}, "", "", nil)
	tr, err := Schedule(doc)
	if err != nil {
		t.Fatal(err)
	}
	want := `0 R:0_start_0 n1 <- C_start_0
1 R:0_monitor_0 n1 <- 
2 R:1_start_0 n2 <- C_start_0
3 R:1_monitor_0 n2 <- 
4 C_running_0 <- C_start_0, R:0_start_0 n1, R:1_start_0 n2
5 C_start_0 <- R:0_monitor_0 n1, R:1_monitor_0 n2
`
	if got := tr.Graph.String(); got != want {
		t.Errorf("graph:\n%s\nwant:\n%s", got, want)
	}
	if got, want := tr.Executed[0].ExecLine(), "Resource action: R:0             monitor on n1"; got != want {
		t.Errorf("first action %q, want %q", got, want)
	}
	doc = cluster(t, []string{"n1", "n2"}, []string{"clone:C=R"}, "", "", map[string]string{"n1": started("R", 1)})
	if tr, err = Schedule(doc); err != nil {
		t.Fatal(err)
	}
	if got, want := tr.Executed[0].ExecLine(), "Resource action: R               monitor on n2"; got != want {
		t.Errorf("first action with history %q, want %q", got, want)
	}
}
