package enginesim

import (
	"testing"

	"github.com/gorosync/gorosync/cmap"
)

func key(t *testing.T, c *Cluster, id uint32, k string) cmap.Value {
	t.Helper()
	v, ok := c.Node(id).E.Map().Get(k)
	if !ok {
		t.Fatalf("node %d: %s missing", id, k)
	}
	return v
}

// runUntil advances in 100 ms steps until cond holds (at most limit ms).
func runUntil(t *testing.T, c *Cluster, limit int64, what string, cond func() bool) {
	t.Helper()
	for waited := int64(0); !cond(); waited += 100 {
		if waited >= limit {
			t.Fatalf("after %d ms: %s never happened", limit, what)
		}
		must(t, c.RunFor(100))
	}
}

func TestKillOneThenRestart(t *testing.T) {
	c := newCluster(t, 3, clusterConf(3, ""), 3)
	startAll(t, c, 1, 2, 3)
	c.Crash(3)
	runUntil(t, c, 20000, "survivors reform", func() bool {
		return len(c.Node(1).E.Members()) == 2 && !c.Node(1).E.SyncInProgress() &&
			len(c.Node(2).E.Members()) == 2 && !c.Node(2).E.SyncInProgress()
	})
	for _, id := range []uint32{1, 2} {
		if !c.Node(id).E.Quorate() {
			t.Errorf("node %d: 2 of 3 votes should be quorate\n%s", id, logText(c.Node(id)))
		}
		if got := key(t, c, id, "runtime.members.3.status").Str(); got != "left" {
			t.Errorf("node %d: runtime.members.3.status = %q, want left", id, got)
		}
		if got := key(t, c, id, "runtime.members.3.join_count").Uint(); got != 1 {
			t.Errorf("node %d: join_count of 3 = %d before the restart", id, got)
		}
	}
	q := c.Node(1).E.Votequorum()
	info, err := q.GetInfo(0)
	if err != nil || info.TotalVotes != 2 || info.Quorum != 2 || info.ExpectedVotes != 3 {
		t.Errorf("node 1 votequorum info %+v %v; want total 2, quorum 2, expected 3", info, err)
	}

	must(t, c.Start(3))
	runUntil(t, c, 20000, "node 3 rejoins", func() bool {
		for _, id := range []uint32{1, 2, 3} {
			if len(c.Node(id).E.Members()) != 3 || c.Node(id).E.SyncInProgress() {
				return false
			}
		}
		return true
	})
	for _, id := range []uint32{1, 2} {
		if got := key(t, c, id, "runtime.members.3.join_count").Uint(); got != 2 {
			t.Errorf("node %d: runtime.members.3.join_count = %d, want 2", id, got)
		}
		if got := key(t, c, id, "runtime.members.3.status").Str(); got != "joined" {
			t.Errorf("node %d: runtime.members.3.status = %q, want joined", id, got)
		}
	}
	// The restarted daemon starts from a fresh map: it saw everyone join once.
	if got := key(t, c, 3, "runtime.members.1.join_count").Uint(); got != 1 {
		t.Errorf("node 3: join_count of 1 = %d, want 1", got)
	}
	for _, id := range []uint32{1, 2, 3} {
		if !c.Node(id).E.Quorate() {
			t.Errorf("node %d not quorate after the rejoin", id)
		}
	}
}

func TestKillTwoLosesQuorum(t *testing.T) {
	c := newCluster(t, 3, clusterConf(3, ""), 4)
	startAll(t, c, 1, 2, 3)
	c.Crash(2)
	c.Crash(3)
	runUntil(t, c, 20000, "node 1 alone", func() bool {
		return len(c.Node(1).E.Members()) == 1 && !c.Node(1).E.SyncInProgress()
	})
	if c.Node(1).E.Quorate() {
		t.Errorf("1 of 3 votes must not be quorate")
	}
}

func TestTwoNodeWaitForAll(t *testing.T) {
	c := newCluster(t, 2, clusterConf(2, "\ttwo_node: 1\n"), 5)
	must(t, c.Start(1))
	must(t, c.RunFor(8000))
	n1 := c.Node(1)
	if n1.E.SyncInProgress() || len(n1.E.Members()) != 1 {
		t.Fatalf("node 1 did not settle alone: members %v", n1.E.Members())
	}
	if n1.E.Quorate() {
		t.Errorf("two_node implies wait_for_all: a fresh node alone must be inquorate")
	}
	if v := key(t, c, 1, "runtime.votequorum.wait_for_all_status").Uint(); v != 1 {
		t.Errorf("wait_for_all_status = %d, want 1", v)
	}
	must(t, c.Start(2))
	runUntil(t, c, 20000, "both nodes synced", func() bool {
		return len(c.Node(1).E.Members()) == 2 && !c.Node(1).E.SyncInProgress() &&
			len(c.Node(2).E.Members()) == 2 && !c.Node(2).E.SyncInProgress()
	})
	for _, id := range []uint32{1, 2} {
		if !c.Node(id).E.Quorate() {
			t.Errorf("node %d: both nodes seen, should be quorate", id)
		}
	}
	// two_node: the survivor keeps quorum with 1 vote.
	c.Crash(2)
	runUntil(t, c, 20000, "node 1 alone again", func() bool {
		return len(c.Node(1).E.Members()) == 1 && !c.Node(1).E.SyncInProgress()
	})
	if !c.Node(1).E.Quorate() {
		t.Errorf("two_node survivor should stay quorate")
	}
}

func TestLastManStandingStepsDown(t *testing.T) {
	c := newCluster(t, 3, clusterConf(3, "\tlast_man_standing: 1\n\tlast_man_standing_window: 3000\n"), 6)
	startAll(t, c, 1, 2, 3)
	expected := func() uint32 {
		info, err := c.Node(1).E.Votequorum().GetInfo(0)
		if err != nil {
			t.Fatal(err)
		}
		return info.ExpectedVotes
	}
	if got := expected(); got != 3 {
		t.Fatalf("expected votes %d before any failure", got)
	}
	c.Crash(3)
	runUntil(t, c, 20000, "node 1 in a 2-node ring", func() bool { return len(c.Node(1).E.Members()) == 2 })
	t0 := c.S.Now()
	deadline, armed := c.Node(1).E.NextDeadline()
	if !armed || deadline > t0+3000 || deadline <= t0+2500 {
		t.Fatalf("LMS timer armed=%v deadline=%d, ring changed by %d; want a 3000 ms window", armed, deadline, t0)
	}
	must(t, c.RunFor(deadline-c.S.Now()-1))
	if got := expected(); got != 3 {
		t.Errorf("expected votes %d 1 ms before the window ends, want 3", got)
	}
	must(t, c.RunFor(2))
	if got := expected(); got != 2 {
		t.Errorf("expected votes %d after the window, want 2", got)
	}
	if !c.Node(1).E.Quorate() {
		t.Errorf("node 1 should stay quorate")
	}
}
