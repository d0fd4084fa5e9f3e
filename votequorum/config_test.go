package votequorum

import "testing"

func TestConfigErrors(t *testing.T) {
	dev := func(votes *uint32) *DeviceConfig { return &DeviceConfig{Model: "net", Votes: votes} }
	for _, c := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"no nodelist, no expected", Config{}, ErrTextNoExpected},
		{"two_node+device", func() Config { c := nodelistConfig(1, 2); c.TwoNode = 1; c.Device = dev(nil); return c }(), ErrTextTwoNodeQdevice},
		{"device+lms", func() Config { c := nodelistConfig(1, 2); c.LastManStanding = 1; c.Device = dev(nil); return c }(), ErrTextQdeviceLMS},
		{"device+atb", func() Config { c := nodelistConfig(1, 2); c.AutoTieBreaker = 1; c.Device = dev(nil); return c }(), ErrTextQdeviceATB},
		{"device+downscale", func() Config { c := nodelistConfig(1, 2); c.AllowDownscale = 1; c.Device = dev(nil); return c }(), ErrTextQdeviceDownscale},
		{"device+expected", func() Config { c := nodelistConfig(1, 2); c.ExpectedVotes = 3; c.Device = dev(nil); return c }(), ErrTextQdeviceVotesEV},
		{"device+uneven", func() Config { c := nodelistConfig(1, 2, 2); c.Device = dev(nil); return c }(), ErrTextQdeviceVotesUneven},
		{"device votes high", func() Config { c := nodelistConfig(1, 2); c.ExpectedVotes = 3; c.Device = dev(u32p(2)); return c }(), ErrTextQdeviceVotesHigh},
		{"atb+lms odd", func() Config { c := nodelistConfig(1, 3); c.AutoTieBreaker = 1; c.LastManStanding = 1; return c }(), ErrTextATBLMSOdd},
	} {
		_, _, err := New(1, c.cfg, nil)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
}

func TestConfigQuirks(t *testing.T) {
	// ATB in an odd cluster without wait_for_all is disabled, not fatal.
	c := nodelistConfig(1, 3)
	c.AutoTieBreaker = 1
	q, _, err := New(1, c, nil)
	if err != nil || q.atb != ATBNone {
		t.Errorf("odd ATB: err %v atb %d", err, q.atb)
	}
	// two_node + ATB: two_node is dropped, wait_for_all stays.
	c = nodelistConfig(1, 2)
	c.TwoNode, c.AutoTieBreaker = 1, 1
	q, _, _ = New(1, c, nil)
	if q.twoNode || !q.waitForAll {
		t.Errorf("two_node+ATB: two_node %v wfa %v", q.twoNode, q.waitForAll)
	}
	// Explicit wait_for_all: 0 wins over two_node.
	c = nodelistConfig(1, 2)
	c.TwoNode, c.WaitForAll = 1, u8p(0)
	q, _, _ = New(1, c, nil)
	if q.waitForAll {
		t.Error("wait_for_all: 0 ignored")
	}
	// Device votes default to nodes-1 and are added to expected votes.
	c = nodelistConfig(1, 3)
	c.Device = &DeviceConfig{Model: "net"}
	q, _, _ = New(1, c, nil)
	if q.qdevice.Votes != 2 || q.us.ExpectedVotes != 5 {
		t.Errorf("device votes %d expected %d", q.qdevice.Votes, q.us.ExpectedVotes)
	}
	for _, a := range []struct {
		s    string
		typ  int
		list []uint32
	}{
		{"lowest", ATBLowest, nil}, {"highest", ATBHighest, nil}, {"3 1 2", ATBList, []uint32{3, 1, 2}},
		{"2,5", ATBList, []uint32{2}}, {"0 1", ATBNone, nil}, {"bogus", ATBNone, nil},
	} {
		typ, list := parseATB(a.s)
		if typ != a.typ || len(list) != len(a.list) {
			t.Errorf("parseATB(%q) = %d %v", a.s, typ, list)
		}
	}
}
