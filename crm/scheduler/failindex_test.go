package scheduler

import "testing"

func TestFailCountIndex(t *testing.T) {
	n := &Node{Name: "n1", Attrs: map[string]string{
		"fail-count-rsc1#start_0":        "INFINITY",
		"fail-count-rsc1#monitor_10000":  "2",
		"fail-count-rsc10#monitor_10000": "3",
		"fail-count-rsc1x#start_0":       "7",
		"last-failure-rsc1#start_0":      "1700000000",
		"standby":                        "off",
	}}
	rsc1, rsc10 := &Resource{ID: "rsc1"}, &Resource{ID: "rsc10"}
	if got := failCount(rsc1, n); got != 1000000 {
		t.Errorf("rsc1: %d, want INFINITY", got)
	}
	if got := failCount(rsc10, n); got != 3 {
		t.Errorf("rsc10: %d, want 3", got)
	}
	if got := failCount(&Resource{ID: "rsc2"}, n); got != 0 {
		t.Errorf("rsc2: %d, want 0", got)
	}
	// Attributes added after a lookup are seen.
	n.Attrs["fail-count-rsc10#start_0"] = "1"
	if got := failCount(rsc10, n); got != 4 {
		t.Errorf("rsc10 after a new fail count: %d, want 4", got)
	}
	// An id that is no XML id still finds its keys.
	n.Attrs["fail-count-a#b#start_0"] = "5"
	if got := failCount(&Resource{ID: "a#b"}, n); got != 5 {
		t.Errorf("a#b: %d, want 5", got)
	}
}
