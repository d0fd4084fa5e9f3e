package clustertest

import (
	"testing"

	"github.com/gorosync/gorosync/internal/cluster"
)

// TestTwoNode: two_node (which implies wait_for_all) with the samples'
// config. A fresh node alone must stay inquorate until it has seen its
// peer; afterwards the survivor of a crash keeps quorum.
func TestTwoNode(t *testing.T) {
	const sample = "corosync-n2-udpu-two_node"
	c := newCluster(t, sampleConf(t, sample), "10.210.0.1/24", "10.210.0.2/24")
	n1, n2 := c.Node(1), c.Node(2)
	if err := n1.Start(); err != nil {
		t.Fatal(err)
	}
	// Quorumtool answers only once the node's first ring has synchronised,
	// so this is the verdict for the lone fresh node, not a guess before it.
	wait(t, formBound, "n1 alone, waiting for all", n1.QuorumIs(func(q cluster.Quorum) bool {
		return cluster.Ring(false, 1)(q) && q.Exit == 2 && q.Expected == 2 && q.Quorum == 1 &&
			q.HasFlag("2Node") && q.HasFlag("WaitForAll")
	}))
	if err := n2.Start(); err != nil {
		t.Fatal(err)
	}
	wait(t, formBound, "a quorate ring of 1 2", cluster.EachQuorum(cluster.Ring(true, 1, 2), n1, n2))
	checkSamples(t, sample, n1, n2)

	kill(t, n2)
	wait(t, reformBound, "n1 alone and still quorate", n1.QuorumIs(func(q cluster.Quorum) bool {
		return cluster.Ring(true, 1)(q) && q.Exit == 0 && q.Total == 1
	}))
	checkSamples(t, sample+"-after-sigkill-n2", n1)
}
