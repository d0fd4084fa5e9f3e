package totem

import (
	"strings"
	"testing"
)

// TestDefaultConfigMatchesCorosync: the computed defaults confirmed on a
// running Corosync 3.1.7 (runtime.config.totem.*, corosync.md §2.7).
func TestDefaultConfigMatchesCorosync(t *testing.T) {
	for _, c := range []struct {
		nodes                              int
		token, retransmit, hold, consensus uint32
	}{
		{1, 3000, 714, 561, 3600},
		{2, 3000, 714, 561, 3600},
		{3, 3650, 869, 685, 4380},
		{5, 4950, 1178, 932, 5940},
	} {
		ids := make([]uint32, c.nodes)
		for i := range ids {
			ids[i] = uint32(i + 1)
		}
		got := DefaultConfig(1, ids)
		if got.Token != c.token || got.TokenRetransmit != c.retransmit || got.Hold != c.hold || got.Consensus != c.consensus {
			t.Errorf("%d nodes: token %d retransmit %d hold %d consensus %d, want %d %d %d %d", c.nodes,
				got.Token, got.TokenRetransmit, got.Hold, got.Consensus, c.token, c.retransmit, c.hold, c.consensus)
		}
		if got.Join != 50 || got.Merge != 200 || got.WindowSize != 50 || got.MaxMessages != 17 ||
			got.FailRecvConst != 2500 || got.SeqnoUnchangedConst != 30 || got.MissCountConst != 5 || got.TokenWarning != 75 {
			t.Errorf("%d nodes: constant defaults wrong: %+v", c.nodes, got)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("%d nodes: default config invalid: %v", c.nodes, err)
		}
	}
}

func TestConfigValidateNamesField(t *testing.T) {
	for _, c := range []struct {
		mutate func(*Config)
		want   string
	}{
		{func(c *Config) { c.NodeID = 0 }, "NodeID must not be 0"},
		{func(c *Config) { c.Members = []uint32{2, 3} }, "Members does not contain NodeID 1"},
		{func(c *Config) { c.Members = []uint32{1, 2, 2} }, "Members lists nodeid 2 twice"},
		{func(c *Config) { c.Token = 0 }, "Token must be > 0"},
		{func(c *Config) { c.Consensus = 10 }, "Consensus (10) must be >= Join (50)"},
		{func(c *Config) { c.MaxMessages = 60 }, "MaxMessages (60) must be <= WindowSize (50)"},
		{func(c *Config) { c.TokenWarning = 101 }, "TokenWarning (101) must be between 0 (disabled) and 100"},
	} {
		cfg := DefaultConfig(1, []uint32{1, 2, 3})
		c.mutate(&cfg)
		err := cfg.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("want error containing %q, got %v", c.want, err)
		}
		if _, err := NewNode(cfg); err == nil {
			t.Errorf("NewNode accepted a config with %q", c.want)
		}
	}
}
