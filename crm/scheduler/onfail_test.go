package scheduler

import (
	"fmt"
	"testing"

	"github.com/gorosync/gorosync/crm/cib"
)

// withOnFail configures primitive id's 10s monitor with on-fail=v.
func withOnFail(t *testing.T, doc *cib.CIB, id, v string) {
	t.Helper()
	for i := range doc.Configuration.Resources.Items {
		p := doc.Configuration.Resources.Items[i].Primitive
		if p != nil && p.ID == id {
			p.Operations = &cib.Operations{Ops: []cib.Op{{ID: id + "-mon", Name: "monitor", Interval: "10s", OnFail: v}}}
			return
		}
	}
	t.Fatalf("no primitive %q", id)
}

func TestOnFail(t *testing.T) {
	nodes := []string{"n1", "n2"}
	cases := []struct {
		onFail, summary string
		check           func(c *Cluster) error
	}{
		{"restart", "Recover a n1>", nil},
		{"ignore", "", func(c *Cluster) error {
			if a := c.byID["a"]; a.Failed || !a.FailureIgnored {
				return fmt.Errorf("failed %v, ignored %v", a.Failed, a.FailureIgnored)
			}
			return nil
		}},
		{"block", "", func(c *Cluster) error {
			if a := c.byID["a"]; !a.Blocked || a.Managed || !a.Failed {
				return fmt.Errorf("blocked %v managed %v failed %v", a.Blocked, a.Managed, a.Failed)
			}
			return nil
		}},
		{"stop", "Stop a n1> (node availability)", nil},
		{"fence", "Stop a n1> (node availability)", nil}, // fencing is disabled: stop
		{"standby", "Recover a n1>n2", func(c *Cluster) error {
			if n := c.Nodes[0]; !n.Standby || !n.StandbyOnFail {
				return fmt.Errorf("n1 standby %v on-fail %v", n.Standby, n.StandbyOnFail)
			}
			return nil
		}},
		{"demote", "Recover a n1>", nil}, // not allowed here: the default
	}
	for _, tc := range cases {
		doc := cluster(t, nodes, []string{"a"}, "", "", map[string]string{"n1": failedMonitor("a", 1)})
		withOnFail(t, doc, "a", tc.onFail)
		if got := summary(t, doc); got != tc.summary {
			t.Errorf("on-fail=%s: summary %q, want %q", tc.onFail, got, tc.summary)
		}
		if tc.check != nil {
			tr, err := Schedule(doc)
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.check(tr.Cluster); err != nil {
				t.Errorf("on-fail=%s: %v", tc.onFail, err)
			}
		}
	}
}
