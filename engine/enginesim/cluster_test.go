package enginesim

import (
	"strings"
	"testing"

	"github.com/gorosync/gorosync/engine"
)

// startAll boots nodes one after another (a second apart, like the
// sample clusters) and runs until things settle.
func startAll(t *testing.T, c *Cluster, ids ...uint32) {
	t.Helper()
	for _, id := range ids {
		must(t, c.Start(id))
		must(t, c.RunFor(1000))
	}
	must(t, c.RunFor(5000))
}

func TestThreeNodesSyncAndQuorum(t *testing.T) {
	c := newCluster(t, 3, clusterConf(3, ""), 1)
	startAll(t, c, 1, 2, 3)
	for _, id := range []uint32{1, 2, 3} {
		n := c.Node(id)
		if n.E.SyncInProgress() {
			t.Errorf("node %d: sync still in progress\n%s", id, logText(n))
		}
		if got := n.E.Members(); len(got) != 3 {
			t.Errorf("node %d: members %v", id, got)
		}
		if !n.E.Quorate() {
			t.Errorf("node %d: not quorate\n%s", id, logText(n))
		}
		if n.SyncsCompleted < 1 {
			t.Errorf("node %d: no completed sync", id)
		}
		if !strings.Contains(logText(n), "Completed service synchronization, ready to provide service.") {
			t.Errorf("node %d: no completion log", id)
		}
		var last engine.QuorumNotify
		for _, x := range n.Notices {
			if q, ok := x.(engine.QuorumNotify); ok {
				last = q
			}
		}
		if !last.Quorate || len(last.Members) != 3 {
			t.Errorf("node %d: last quorum notification %+v", id, last)
		}
	}
}
