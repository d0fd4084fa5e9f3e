package clustertest

import (
	"testing"

	"github.com/gorosync/gorosync/internal/cluster"
)

// TestThreeNodes drives one 3-node gorosync cluster (the samples' config:
// udpu, token 1000, 10.210.0.1-3) through forming, crashes, a restart, a
// partition and a clean leave, checking quorumtool's view after each, and
// the tools' output against corosync 3.1.7's samples where one exists.
func TestThreeNodes(t *testing.T) {
	const sample = "corosync-n3-udpu"
	c := newCluster(t, sampleConf(t, sample), "10.210.0.1/24", "10.210.0.2/24", "10.210.0.3/24")
	n1, n2, n3 := c.Node(1), c.Node(2), c.Node(3)
	if err := c.StartAll(); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		fn   func(t *testing.T)
	}{
		{"forms", func(t *testing.T) {
			wait(t, formBound, "a quorate ring of 1 2 3", cluster.EachQuorum(cluster.Ring(true, 1, 2, 3), n1, n2, n3))
			q, err := n1.Quorum(ctx(t))
			if err != nil || q.Expected != 3 || q.Total != 3 || q.Quorum != 2 || q.Exit != 0 {
				t.Fatalf("n1 votes: %+v %v", q, err)
			}
		}},
		{"tools equal samples", func(t *testing.T) { checkSamples(t, sample, n1, n2, n3) }},
		{"sigkill n3: survivors reform", func(t *testing.T) {
			kill(t, n3)
			wait(t, reformBound, "a quorate ring of 1 2", cluster.EachQuorum(func(q cluster.Quorum) bool {
				return cluster.Ring(true, 1, 2)(q) && q.Expected == 3 && q.Total == 2 && q.Quorum == 2
			}, n1, n2))
			checkSamples(t, sample+"-after-sigkill-n3", n1, n2)
		}},
		{"sigkill n2: lone n1 loses quorum", func(t *testing.T) {
			kill(t, n2)
			wait(t, reformBound, "n1 alone, not quorate", n1.QuorumIs(func(q cluster.Quorum) bool {
				return cluster.Ring(false, 1)(q) && q.Exit == 2 && q.Total == 1 && q.Quorum == 2
			}))
			checkSamples(t, sample+"-after-sigkill-n2-n3", n1)
		}},
		{"restarted nodes rejoin with join_count 2", func(t *testing.T) {
			for _, n := range []*cluster.Node{n2, n3} {
				if err := n.Start(); err != nil {
					t.Fatal(err)
				}
			}
			wait(t, formBound, "a quorate ring of 1 2 3", cluster.EachQuorum(cluster.Ring(true, 1, 2, 3), n1, n2, n3))
			for _, k := range []struct {
				on  *cluster.Node
				key string
			}{{n1, "runtime.members.2.join_count"}, {n1, "runtime.members.3.join_count"}} {
				if v, err := k.on.CmapGet(ctx(t), k.key); err != nil || v != "2" {
					t.Errorf("%s: %s = %q (%v), want 2", k.on.Name, k.key, v, err)
				}
			}
			// The restarted daemons started afresh: they saw every node join once.
			for _, key := range []string{"runtime.members.1.join_count", "runtime.members.3.join_count"} {
				if v, err := n2.CmapGet(ctx(t), key); err != nil || v != "1" {
					t.Errorf("n2: %s = %q (%v), want 1", key, v, err)
				}
			}
		}},
		{"partition and heal re-merge", func(t *testing.T) {
			if err := n3.Partition(ctx(t)); err != nil {
				t.Fatal(err)
			}
			wait(t, reformBound, "1 2 quorate without n3", cluster.EachQuorum(cluster.Ring(true, 1, 2), n1, n2))
			wait(t, reformBound, "n3 alone, not quorate", n3.QuorumIs(cluster.Ring(false, 3)))
			if err := n3.Heal(ctx(t)); err != nil {
				t.Fatal(err)
			}
			wait(t, formBound, "one quorate ring of 1 2 3 again", cluster.EachQuorum(cluster.Ring(true, 1, 2, 3), n1, n2, n3))
			q1, _ := n1.Quorum(ctx(t))
			q3, _ := n3.Quorum(ctx(t))
			if q1.RingID != q3.RingID {
				t.Errorf("n1 ring %s, n3 ring %s: not one ring", q1.RingID, q3.RingID)
			}
		}},
		{"sigterm n3: clean leave", func(t *testing.T) {
			r, err := n3.Stop(reformBound)
			if err != nil || r.Exit != 0 {
				t.Fatalf("n3 SIGTERM: exit %d %v\n%s", r.Exit, err, r.Stderr)
			}
			wait(t, reformBound, "a quorate ring of 1 2", cluster.EachQuorum(cluster.Ring(true, 1, 2), n1, n2))
			if v, err := n1.CmapGet(ctx(t), "runtime.members.3.status"); err != nil || v != "left" {
				t.Errorf("n1: runtime.members.3.status = %q (%v), want left", v, err)
			}
		}},
	}
	for _, s := range steps {
		if !t.Run(s.name, s.fn) {
			return // later steps build on this one
		}
	}
}

func kill(t *testing.T, n *cluster.Node) {
	t.Helper()
	r, err := n.Kill()
	if err != nil || r.Exit != 128+9 {
		t.Fatalf("%s SIGKILL: exit %d %v", n.Name, r.Exit, err)
	}
}
