package scheduler

import (
	"strings"
	"testing"

	"github.com/gorosync/gorosync/crm/cib"
)

// graphOf schedules one of crm/simulate's scenarios and returns its graph
// as Graph.String lines, without the synapse numbers.
func graphOf(t *testing.T, scenario string) map[string]bool {
	t.Helper()
	doc, err := cib.ReadFile("../simulate/testdata/scenarios/" + scenario)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := Schedule(doc)
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(tr.Graph.String()), "\n") {
		_, rest, _ := strings.Cut(l, " ")
		lines[strings.TrimSpace(rest)] = true
	}
	return lines
}

// The synapses crm_simulate -G writes for these scenarios (2.1.5).
func TestNodeActionsGraph(t *testing.T) {
	for _, tc := range []struct {
		scenario string
		want     []string
	}{
		{"fence-two-lost-nodes.xml", []string{
			// Without concurrent-fencing one fencing waits for the other.
			"stonith-node3-reboot node3 <- stonith-node2-reboot node2",
			"stonith-node2-reboot node2 <-",
			// Stops there are implied: pseudo-actions after the fencing
			// (and after the group's stop).
			"grp_stop_0 <- stonith-node2-reboot node2",
			"m2_stop_0 node2 <- grp_stop_0, stonith-node2-reboot node2",
			// Starts that need fencing wait for every fencing.
			"rsc2_start_0 node1 <- rsc2_monitor_0 node1, stonith-node2-reboot node2, stonith-node3-reboot node3",
		}},
		{"shutdown.xml", []string{
			"do_shutdown-node2 node2 <- m1_stop_0 node2, m2_stop_0 node2",
		}},
		{"fence-dc-and-shutdown.xml", []string{
			// The DC (node1) is fenced after the other nodes.
			"stonith-node1-reboot node1 <- stonith-node2-reboot node2",
			"do_shutdown-node3 node3 <-",
		}},
	} {
		got := graphOf(t, tc.scenario)
		for _, w := range tc.want {
			if !got[w] {
				t.Errorf("%s: no synapse %q in\n%v", tc.scenario, w, got)
			}
		}
	}
}

// A shutdown cannot run while a stop on its node cannot: a resource
// blocked by a failure stays, and so does the node.
func TestShutdownBlockedByStop(t *testing.T) {
	doc, err := cib.ReadFile("../simulate/testdata/scenarios/shutdown.xml")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := Schedule(doc)
	if err != nil {
		t.Fatal(err)
	}
	var down *Action
	for _, a := range tr.Cluster.nodeActions {
		down = a
	}
	if down == nil || down.Task != taskShutdown || !down.Runnable || down.ExecLine() != "Cluster action:  do_shutdown on node2" {
		t.Fatalf("shutdown action %+v", down)
	}
	// Block m2's stop and redo the flags.
	m2 := tr.Cluster.byID["m2"]
	m2.stops[0].Runnable = false
	down.Runnable = true
	tr.Cluster.nodeActionFlags()
	if down.Runnable {
		t.Error("do_shutdown runnable though m2's stop is not")
	}
}
