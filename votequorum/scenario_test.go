package votequorum

import "testing"

// These scenarios replay runs of the real corosync 3.1.7 (Debian), 3 or 4
// nodes on a bridge in private namespaces, udpu, token 1000
// (testdata/lab/lab.sh, 2026-11-22). Each want is what
// corosync-quorumtool -s printed on the node named.

func (s *simCluster) check(t *testing.T, what string, id uint32, want view) {
	t.Helper()
	if got := s.view(id); got != want {
		t.Errorf("%s: node %d:\n got %v\nwant %v", what, id, got, want)
	}
}

// bootOneByOne starts nodes 1..n the way the lab saw udpu form: a
// singleton ring first, then each node merging in.
func (s *simCluster) bootOneByOne(n uint32) {
	var members []uint32
	for id := uint32(1); id <= n; id++ {
		s.start(id)
		members = append(members, id)
		s.form(members...)
	}
}

func TestLabLastManStanding3(t *testing.T) {
	// quorum { last_man_standing: 1  last_man_standing_window: 3000 }
	s := newSim(t, func(id uint32) Config {
		c := nodelistConfig(id, 3)
		c.LastManStanding = 1
		c.LastManStandingWindow = u32p(3000)
		return c
	})
	s.bootOneByOne(3)
	q := uint32(InfoQuorate | InfoLastManStanding)
	// "Expected votes: 3 ... Quorum: 2  Flags: Quorate LastManStanding"
	s.check(t, "all up", 1, view{true, 3, 3, 3, 2, q})

	s.form(1, 2) // SIGKILL n3
	if !s.lms[1] || s.lmsMs[1] != 3000 {
		t.Fatalf("LMS timer not armed for 3000 ms: %v %v", s.lms[1], s.lmsMs[1])
	}
	s.check(t, "n3 killed, within window", 1, view{true, 3, 3, 2, 2, q})
	s.fireLMS()
	s.check(t, "n3 killed, after window", 1, view{true, 2, 2, 2, 2, q})

	s.form(1) // SIGKILL n2: one node cannot step down without ATB
	if s.lms[1] {
		t.Error("LMS timer armed for a lone inquorate node")
	}
	// "Expected votes: 2 ... Quorum: 2 Activity blocked  Flags: LastManStanding"
	s.check(t, "n2 killed", 1, view{false, 2, 2, 1, 2, InfoLastManStanding})
	s.fireLMS()
	s.check(t, "n2 killed, after window", 1, view{false, 2, 2, 1, 2, InfoLastManStanding})
}

func TestLabLastManStandingTieBreaker4(t *testing.T) {
	// quorum { last_man_standing: 1  last_man_standing_window: 3000  auto_tie_breaker: 1 }
	s := newSim(t, func(id uint32) Config {
		c := nodelistConfig(id, 4)
		c.LastManStanding = 1
		c.LastManStandingWindow = u32p(3000)
		c.AutoTieBreaker = 1
		return c
	})
	s.bootOneByOne(4)
	f := uint32(InfoQuorate | InfoLastManStanding | InfoAutoTieBreaker)
	s.check(t, "all up", 1, view{true, 4, 4, 4, 3, f})
	s.form(1, 2, 3)
	s.fireLMS()
	s.check(t, "n4 killed, after window", 1, view{true, 3, 3, 3, 2, f})
	s.form(1, 2)
	s.fireLMS()
	s.check(t, "n3 killed, after window", 1, view{true, 2, 2, 2, 2, f})
	s.form(1)
	// "Total votes: 1  Quorum: 2  Flags: Quorate LastManStanding AutoTieBreaker"
	s.check(t, "n2 killed, within window", 1, view{true, 2, 2, 1, 2, f})
	s.fireLMS()
	s.check(t, "n2 killed, after window", 1, view{true, 1, 1, 1, 1, f})
}

func TestLabWaitForAllTwoNode(t *testing.T) {
	// quorum { two_node: 1 } — wait_for_all follows.
	s := newSim(t, func(id uint32) Config {
		c := nodelistConfig(id, 2)
		c.TwoNode = 1
		return c
	})
	f := uint32(InfoTwoNode | InfoWaitForAll)
	s.start(1)
	s.form(1)
	// "Quorate: No ... Quorum: 1 Activity blocked  Flags: 2Node WaitForAll"
	s.check(t, "n1 alone, fresh", 1, view{false, 2, 2, 1, 1, f})
	if !s.nodes[1].WaitingForAll() {
		t.Error("wait_for_all_status not set")
	}
	s.start(2)
	s.form(1, 2)
	s.check(t, "both", 1, view{true, 2, 2, 2, 1, f | InfoQuorate})
	s.check(t, "both", 2, view{true, 2, 2, 2, 1, f | InfoQuorate})
	s.form(1) // SIGKILL n2: two_node keeps n1 quorate
	s.check(t, "n2 killed", 1, view{true, 2, 2, 1, 1, f | InfoQuorate})
}

func TestLabTwoNodeWithThreeNodes(t *testing.T) {
	// quorum { two_node: 1 } with three nodes: no config error, the flags
	// show 2Node WaitForAll, quorum is normal while 3 are present, and
	// becomes 1 as soon as at most two nodes are left.
	s := newSim(t, func(id uint32) Config {
		c := nodelistConfig(id, 3)
		c.TwoNode = 1
		return c
	})
	s.bootOneByOne(3)
	f := uint32(InfoTwoNode | InfoQuorate | InfoWaitForAll)
	s.check(t, "all up", 1, view{true, 3, 3, 3, 2, f})
	s.form(1, 2)
	s.check(t, "n3 killed", 1, view{true, 3, 3, 2, 1, f})
	s.form(1)
	s.check(t, "n2 killed", 1, view{true, 3, 3, 1, 1, f})
}

func TestLabAutoTieBreaker4(t *testing.T) {
	for _, c := range []struct {
		node    *string
		quorate bool
	}{
		{nil, true},              // lowest: {1,2} keeps quorum
		{strp("highest"), false}, // highest: {1,2} loses it
		{strp("4 1"), false},     // list: 4 was in the previous membership
		{strp("1 3"), true},      // list: 1 is first
	} {
		s := newSim(t, func(id uint32) Config {
			cfg := nodelistConfig(id, 4)
			cfg.AutoTieBreaker = 1
			cfg.AutoTieBreakerNode = c.node
			return cfg
		})
		s.bootOneByOne(4)
		s.check(t, "all up", 1, view{true, 4, 4, 4, 3, InfoQuorate | InfoAutoTieBreaker})
		s.form(1, 2) // SIGKILL n3 and n4 together
		f := uint32(InfoAutoTieBreaker)
		if c.quorate {
			f |= InfoQuorate
		}
		// lowest: "Quorate: Yes ... Total votes: 2  Quorum: 3"
		// highest: "Quorate: No ... Quorum: 3 Activity blocked"
		s.check(t, "n3+n4 killed", 1, view{c.quorate, 4, 4, 2, 3, f})
		s.check(t, "n3+n4 killed", 2, view{c.quorate, 4, 4, 2, 3, f})
	}
}

func TestLabExpectedVotesConfigured(t *testing.T) {
	// quorum { expected_votes: 2 } with three nodes.
	s := newSim(t, func(id uint32) Config {
		c := nodelistConfig(id, 3)
		c.ExpectedVotes = 2
		return c
	})
	s.start(1)
	s.form(1)
	// "Expected votes: 2 ... Quorum: 2 Activity blocked  Flags: " (empty)
	s.check(t, "n1 alone", 1, view{false, 2, 2, 1, 2, 0})
	s.start(2)
	s.start(3)
	s.form(1, 2, 3)
	// expected votes rise to the votes present
	s.check(t, "all up", 1, view{true, 3, 3, 3, 2, InfoQuorate})
}

func TestLabQuorumVotes(t *testing.T) {
	// nodelist: node 1 has quorum_votes: 2.
	s := newSim(t, func(id uint32) Config { return nodelistConfig(id, 3, 2) })
	s.bootOneByOne(3)
	s.check(t, "all up", 1, view{true, 4, 4, 4, 3, InfoQuorate})
	s.check(t, "all up", 2, view{true, 4, 4, 4, 3, InfoQuorate})
	s.form(2, 3) // SIGKILL n1 (2 of 4 votes gone)
	s.check(t, "n1 killed", 2, view{false, 4, 4, 2, 3, 0})
	if in, _ := s.nodes[2].GetInfo(1); in.Votes != 2 || in.State != StateDead {
		t.Errorf("node 1 as seen by node 2: %+v", in)
	}
}

func TestLabAllowDownscale(t *testing.T) {
	// quorum { allow_downscale: 1 }, then SIGTERM of n3 (clean leave).
	s := newSim(t, func(id uint32) Config {
		c := nodelistConfig(id, 3)
		c.AllowDownscale = 1
		return c
	})
	s.bootOneByOne(3)
	s.check(t, "all up", 1, view{true, 3, 3, 3, 2, InfoQuorate | InfoAllowDownscale})
	s.apply(3, s.nodes[3].Leave())
	s.deliver()
	s.form(1, 2)
	s.check(t, "n3 left cleanly", 1, view{true, 2, 2, 2, 2, InfoQuorate | InfoAllowDownscale})
	// allow_downscale implies expected_votes_tracking: the highest
	// expected votes seen were persisted.
	if s.persist[1] != 3 {
		t.Errorf("persisted ev_tracking barrier = %d, want 3", s.persist[1])
	}
}

func TestLabConfigErrors(t *testing.T) {
	// Both were fatal for the real corosync ("Service engine
	// 'corosync_quorum' failed to load for reason '...'", exit 20).
	c := nodelistConfig(1, 3)
	c.LastManStanding = 1
	c.AutoTieBreaker = 1
	if _, _, err := New(1, c, nil); err == nil || err.Error() != ErrTextATBLMSOdd {
		t.Errorf("ATB+LMS, 3 nodes: %v", err)
	}
	c = nodelistConfig(1, 2)
	c.TwoNode = 1
	c.Device = &DeviceConfig{Model: "net"}
	if _, _, err := New(1, c, nil); err == nil || err.Error() != ErrTextTwoNodeQdevice {
		t.Errorf("two_node+device: %v", err)
	}
}
