package scheduler

import (
	"testing"

	"github.com/gorosync/gorosync/crm/cib"
)

// setMeta sets a meta attribute on primitive id of a CIB built by
// cluster().
func setMeta(t *testing.T, doc *cib.CIB, id, name, value string) {
	t.Helper()
	for i := range doc.Configuration.Resources.Items {
		item := &doc.Configuration.Resources.Items[i]
		prims := []*cib.Primitive{item.Primitive}
		if item.Group != nil {
			prims = nil
			for k := range item.Group.Primitives {
				prims = append(prims, &item.Group.Primitives[k])
			}
		}
		for _, p := range prims {
			if p != nil && p.ID == id {
				p.MetaAttributes = append(p.MetaAttributes, cib.NVSet{ID: id + "-meta",
					Pairs: []cib.NVPair{{ID: id + "-meta-" + name, Name: name, Value: value}}})
				return
			}
		}
	}
	t.Fatalf("no primitive %q", id)
}

func TestUnmanaged(t *testing.T) {
	nodes := []string{"n1", "n2"}
	// An unmanaged member in the middle of a group keeps the group where
	// it is (INFINITY on its node) despite a preference elsewhere.
	doc := cluster(t, nodes, []string{"g=a,b,c"}, `<rsc_location id="l" rsc="g" node="n2" score="200"/>`,
		"", map[string]string{"n1": started("a", 1) + started("b", 2) + started("c", 3)})
	setMeta(t, doc, "b", "is-managed", "false")
	if got, want := placement(t, doc), "a@n1 b@n1 c@n1"; got != want {
		t.Errorf("placement %s, want %s", got, want)
	}
	if got := summary(t, doc); got != "" {
		t.Errorf("summary %q, want none", got)
	}
	// Its monitor finding it not running makes it stopped, not failed.
	doc = cluster(t, nodes, []string{"a"}, "", "", map[string]string{"n1": failedMonitor("a", 1)})
	setMeta(t, doc, "a", "is-managed", "false")
	tr, err := Schedule(doc)
	if err != nil {
		t.Fatal(err)
	}
	a := tr.Cluster.byID["a"]
	if len(a.RunningOn) != 0 || a.Failed {
		t.Errorf("unmanaged a: running on %v, failed %v; want stopped", a.RunningOn, a.Failed)
	}
}

// An unmanaged resource whose start failed keeps its role whatever its
// target-role, so the monitor it lacks is scheduled where it is (seen with
// crm_simulate: "Resource action: a monitor=5000 on n1").
func TestUnmanagedFailedMonitor(t *testing.T) {
	failedStart := `<lrm_resource id="a" class="ocf" provider="heartbeat" type="Dummy">` +
		`<lrm_rsc_op id="a_last_0" operation="start" transition-key="1:1:0:x" call-id="1" rc-code="1" op-status="0" interval="0"/></lrm_resource>`
	doc := cluster(t, []string{"n1"}, []string{"a"}, "", "", map[string]string{"n1": failedStart})
	setMeta(t, doc, "a", "is-managed", "false")
	setMeta(t, doc, "a", "target-role", "Stopped")
	doc.Configuration.Resources.Items[0].Primitive.Operations = &cib.Operations{
		Ops: []cib.Op{{ID: "a-mon", Name: "monitor", Interval: "5s"}}}
	tr, err := Schedule(doc)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range tr.Executed {
		got = append(got, a.ExecLine())
	}
	if want := "Resource action: a               monitor=5000 on n1"; len(got) != 1 || got[0] != want {
		t.Errorf("executed %q, want [%q]", got, want)
	}
}
