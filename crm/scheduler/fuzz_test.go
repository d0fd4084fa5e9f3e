package scheduler

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gorosync/gorosync/crm/cib"
)

// FuzzSchedule: whatever CIB the reader accepts, the scheduler does not
// panic, assigns only to nodes that can run resources, and every summary
// item names a known resource (or, for fencing, a known node).
func FuzzSchedule(f *testing.F) {
	files, _ := filepath.Glob("../simulate/testdata/scenarios/*.xml")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`<cib><configuration><nodes><node id="1" uname="a"/></nodes><resources><group id="g"/></resources>` +
		`<constraints><rsc_colocation id="c" rsc="g" with-rsc="g" score="INFINITY"/></constraints></configuration><status/></cib>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := cib.Parse("fuzz", data)
		if err != nil {
			return
		}
		tr, err := Schedule(doc)
		if err != nil {
			return
		}
		known, nodes := map[string]bool{}, map[string]bool{}
		for _, n := range tr.Cluster.Nodes {
			nodes[n.Name] = true
		}
		for _, r := range tr.Cluster.primitives() {
			known[r.ID] = true
			if r.AssignedTo != nil && r.Managed && !r.AssignedTo.Available() {
				t.Fatalf("%s assigned to unavailable node %s", r.ID, r.AssignedTo.Name)
			}
		}
		for _, it := range tr.Summary {
			if it.NodeAction && !nodes[it.Rsc] {
				t.Fatalf("summary fences unknown node %q", it.Rsc)
			}
			if !it.NodeAction && !known[it.Rsc] {
				t.Fatalf("summary names unknown resource %q", it.Rsc)
			}
		}
	})
}
