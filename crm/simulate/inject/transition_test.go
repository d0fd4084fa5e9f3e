package inject

import (
	"testing"
)

func TestRecordTransition(t *testing.T) {
	doc := parse(t)
	before, _ := doc.Marshal()
	out, err := Record(doc, []Event{
		{Node: "n2", Resource: "c", Task: "monitor", Target: 7, RC: 7, Digest: "p"},
		{Node: "n2", Resource: "c", Task: "start", Digest: "s"},
		{Node: "n2", Resource: "m", Task: "start", RC: 1},
		{Node: "n1", Fence: true},
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := doc.Marshal(); string(after) != string(before) {
		t.Error("Record modified its input")
	}
	n1, n2 := out.Status.NodeStates[0], out.Status.NodeStates[1]
	if n1.InCCM != "false" || n1.Expected != "down" || n1.LRM != nil || n1.TransientAttributes != nil || n1.CrmDebugOrigin != "simulate_fencing_action" {
		t.Errorf("fenced node_state %+v", n1)
	}
	rs := n2.LRM.Resources.Resources
	if len(rs) != 2 || rs[0].ID != "c" || rs[1].ID != "m" || rs[1].Type != "haproxy" {
		t.Fatalf("history %+v", rs)
	}
	c := rs[0].Ops
	if len(c) != 1 || c[0].Operation != "start" || c[0].CallID != "2" || c[0].OpDigest != "s" ||
		c[0].TransitionKey != "2:-1:0:"+fakeTEID {
		t.Errorf("probe then start recorded as %+v", c)
	}
	m := rs[1].Ops
	if len(m) != 2 || m[0].ID != "m_last_failure_0" || m[1].ID != "m_last_0" || m[0].RCCode != "1" || *m[0].ExitReason != transitionErr {
		t.Errorf("failed start recorded as %+v", m)
	}
	pairs := n2.TransientAttributes.InstanceAttributes[0].Pairs
	if len(pairs) != 2 || pairs[0].Name != "fail-count-m#start_0" || pairs[0].Value != "1" {
		t.Errorf("fail count %+v", pairs)
	}
	if _, err := Record(doc, []Event{{Node: "n9", Resource: "a", Task: "start"}}, now); err == nil {
		t.Error("an unknown node was accepted")
	}
}
