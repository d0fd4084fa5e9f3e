package clustertest

import (
	"strings"
	"testing"

	"github.com/gorosync/gorosync/internal/cluster"
	"github.com/gorosync/gorosync/internal/netns"
)

// ifaceConf is a 3-node udpu cluster with a short token.
var ifaceConf = strings.ReplaceAll(lmsConf, `	last_man_standing: 1
	last_man_standing_window: 3000
`, "")

// TestAddressLoss: when the address a node is bound to disappears, the
// node runs isolated (a ring of its own, not quorate) while the others
// reform without it; when the address comes back, it rebinds and the three
// merge again. It never falls back to another address.
func TestAddressLoss(t *testing.T) {
	conf := strings.ReplaceAll(ifaceConf, "10.211.0.", "10.215.0.")
	c := newCluster(t, []byte(conf), "10.215.0.1/24", "10.215.0.2/24", "10.215.0.3/24")
	n1, n2, n3 := c.Node(1), c.Node(2), c.Node(3)
	if err := c.StartAll(); err != nil {
		t.Fatal(err)
	}
	wait(t, formBound, "a quorate ring of 1 2 3", cluster.EachQuorum(cluster.Ring(true, 1, 2, 3), n1, n2, n3))

	ip := func(verb string) {
		t.Helper()
		r, err := n3.Exec(ctx(t), "ip", "addr", verb, "10.215.0.3/24", "dev", netns.Iface)
		if err != nil || r.Exit != 0 {
			t.Fatalf("ip addr %s: exit %d %v %s", verb, r.Exit, err, r.Stderr)
		}
	}
	ip("del")
	wait(t, reformBound, "n1 n2 quorate without n3, n3 alone and not quorate", cluster.All(
		cluster.EachQuorum(cluster.Ring(true, 1, 2), n1, n2),
		n3.QuorumIs(cluster.Ring(false, 3)),
	))
	if !strings.Contains(n3.Output(), "The network interface is down.") {
		t.Errorf("n3 did not log the interface going down:\n%s", n3.Output())
	}
	ip("add")
	wait(t, reformBound, "one quorate ring of 1 2 3 again", cluster.EachQuorum(cluster.Ring(true, 1, 2, 3), n1, n2, n3))
	if !strings.Contains(n3.Output(), "The network interface [10.215.0.3] is now up.") {
		t.Errorf("n3 did not log the interface coming back:\n%s", n3.Output())
	}
}
