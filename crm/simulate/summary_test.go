package simulate

import (
	"testing"

	"github.com/gorosync/gorosync/crm/scheduler"
)

func TestSummaryLines(t *testing.T) {
	items := []scheduler.SummaryItem{
		{Verb: "Start", Rsc: "abc", Dest: "n1"},
		{Verb: "Move", Rsc: "a_longer_id", Origin: "n1", Dest: "node2"},
		{Verb: "Stop", Rsc: "x", Origin: "n1", Reason: "node availability"},
		{Verb: "Start", Rsc: "y", Dest: "n2", Reason: "unrunnable a start", Blocked: true},
		{Verb: "Start", Rsc: "z", Dest: "n2", Blocked: true},
		{Verb: "Recover", Rsc: "w", Origin: "n1", Dest: "n1"},
	}
	want := []string{
		"Start      abc             (          n1 )",
		"Move       a_longer_id     ( n1 -> node2 )",
		"Stop       x               (          n1 )  due to node availability",
		"Start      y               (          n2 )  due to unrunnable a start (blocked)",
		"Start      z               (          n2 )  blocked",
		"Recover    w               (          n1 )",
	}
	got := SummaryLines(items)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d:\n got %q\nwant %q", i, got[i], want[i])
		}
	}
	// The widths start at 5 and an id of 5 characters does not widen them.
	if l := SummaryLines([]scheduler.SummaryItem{{Verb: "Start", Rsc: "abcde", Dest: "n1"}})[0]; l != "Start      abcde   (    n1 )" {
		t.Errorf("narrow line %q", l)
	}
}
