package scheduler

import (
	"strconv"
	"testing"
	"time"
)

func TestEffectiveFailCount(t *testing.T) {
	now := time.Unix(1700000000, 0)
	cases := []struct {
		timeout string
		ago     int64
		block   bool
		want    int
	}{
		{"", 7200, false, 3},     // no failure-timeout
		{"0", 7200, false, 3},    // 0 disables it
		{"60s", 30, false, 3},    // not expired yet
		{"60s", 60, false, 3},    // expires only once strictly older
		{"60s", 61, false, 0},    // expired
		{"10min", 601, false, 0}, // units
		{"120", 119, false, 3},   // bare seconds
		{"60s", 7200, true, 3},   // on-fail=block keeps it
	}
	for _, tc := range cases {
		r := &Resource{ID: "a", Meta: map[string]string{}, blockFailure: tc.block}
		if tc.timeout != "" {
			r.Meta["failure-timeout"] = tc.timeout
		}
		n := &Node{Name: "n1", Attrs: map[string]string{
			"fail-count-a#monitor_10000":   "3",
			"last-failure-a#monitor_10000": "1",
			"last-failure-a#start_0":       itoa64(now.Unix() - tc.ago), // the newest one counts
		}}
		c := &Cluster{Now: now}
		if got := c.effectiveFailCount(r, n); got != tc.want {
			t.Errorf("failure-timeout %q, %ds ago, block %v: %d, want %d", tc.timeout, tc.ago, tc.block, got, tc.want)
		}
	}
}

func TestOpExpiredSchedulesClear(t *testing.T) {
	now := time.Unix(1700000000, 0)
	n := &Node{Name: "n1", Online: true, Attrs: map[string]string{
		"fail-count-a#start_0": "INFINITY", "last-failure-a#start_0": itoa64(now.Unix() - 300)}}
	r := &Resource{ID: "a", Managed: true, Meta: map[string]string{"failure-timeout": "60s"}}
	c := &Cluster{Now: now, Nodes: []*Node{n}, nodeByName: map[string]int{"n1": 0}}
	if c.opExpired(r, n, now.Unix()-30) {
		t.Error("an entry 30s old expired with a 60s failure-timeout")
	}
	// Asked twice (two expired entries), it still schedules one clear.
	for i := 0; i < 2; i++ {
		if !c.opExpired(r, n, now.Unix()-300) {
			t.Fatal("an entry 300s old did not expire")
		}
	}
	if len(r.actions) != 1 || r.actions[0].Task != taskClearFailcount || r.actions[0].Optional {
		t.Fatalf("actions %v, want one required clear_failcount", r.actions)
	}
	if got := r.actions[0].ExecLine(); got != "Cluster action:  clear_failcount for a on n1" {
		t.Errorf("exec line %q", got)
	}
}

func itoa64(v int64) string { return strconv.FormatInt(v, 10) }
