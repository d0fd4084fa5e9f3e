package clustertest

import (
	"strings"
	"testing"

	"github.com/gorosync/gorosync/internal/cluster"
)

// TestLeaveWithSendJoin: with totem.send_join set, JOINs are delayed by a
// random 0..send_join ms but the LEAVE of a SIGTERM is not (the daemon
// exits right after it): the others reform at once and log no failure.
func TestLeaveWithSendJoin(t *testing.T) {
	conf := strings.Replace(string(cluster.Conf(cluster.ConfOptions{ClusterName: "sendjoin", Token: 1000}, cluster.Addrs(223, 3))),
		"\ttoken: 1000\n", "\ttoken: 1000\n\tsend_join: 200\n", 1)
	c := newCluster(t, []byte(conf), "10.223.0.1/24", "10.223.0.2/24", "10.223.0.3/24")
	n1, n2, n3 := c.Node(1), c.Node(2), c.Node(3)
	if err := c.StartAll(); err != nil {
		t.Fatal(err)
	}
	wait(t, formBound, "a quorate ring of 1 2 3", cluster.EachQuorum(cluster.Ring(true, 1, 2, 3), n1, n2, n3))
	marks := []cluster.LogMark{n1.Mark(), n2.Mark()}
	if r, err := n3.Stop(reformBound); err != nil || r.Exit != 0 {
		t.Fatalf("n3 SIGTERM: exit %d %v", r.Exit, err)
	}
	for i, n := range []*cluster.Node{n1, n2} {
		wait(t, reformBound, n.Name+" syncs a ring of 2", n.SyncedSince(marks[i], 2))
		log, err := n.LogAfter(marks[i])
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(log, "Members left: 3") || strings.Contains(log, "A processor failed") ||
			strings.Contains(log, "Failed to receive the leave message") {
			t.Errorf("%s did not take n3's LEAVE:\n%s", n.Name, log)
		}
	}
}
