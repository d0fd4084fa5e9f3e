package votequorum

import (
	"bytes"
	"os"
	"testing"

	"github.com/gorosync/gorosync/cmap"
)

// runtimeDump renders RuntimeKeys like corosync-cmapctl runtime.votequorum.
func runtimeDump(t *testing.T, q *Quorum) string {
	var b bytes.Buffer
	for _, kv := range q.RuntimeKeys() {
		if err := cmap.PrintKey(&b, kv.Key, kv.Value, cmap.PrintOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

// TestLabRuntimeKeys compares runtime.votequorum.* with what the real
// corosync published in the same state (testdata/lab/*/...cmap-votequorum.txt).
func TestLabRuntimeKeys(t *testing.T) {
	wfa := newSim(t, func(id uint32) Config { c := nodelistConfig(id, 2); c.TwoNode = 1; return c })
	wfa.start(1)
	wfa.form(1)
	wfaAlone := runtimeDump(t, wfa.nodes[1])
	wfa.start(2)
	wfa.form(1, 2)

	atb := newSim(t, func(id uint32) Config { c := nodelistConfig(id, 4); c.AutoTieBreaker = 1; return c })
	atb.bootOneByOne(4)

	ds := newSim(t, func(id uint32) Config { c := nodelistConfig(id, 3); c.AllowDownscale = 1; return c })
	ds.bootOneByOne(3)
	dsAll := runtimeDump(t, ds.nodes[1])
	ds.apply(3, ds.nodes[3].Leave())
	ds.deliver()
	ds.form(1, 2)

	ev := newSim(t, func(id uint32) Config { c := nodelistConfig(id, 3); c.ExpectedVotes = 2; return c })
	ev.start(1)
	ev.form(1)

	for _, c := range []struct{ file, got string }{
		{"wfa2/alone.n1", wfaAlone},
		{"wfa2/both.n1", runtimeDump(t, wfa.nodes[1])},
		{"atb4/all.n1", runtimeDump(t, atb.nodes[1])},
		{"downscale3/all.n1", dsAll},
		{"downscale3/left3.n1", runtimeDump(t, ds.nodes[1])},
		{"ev3/alone.n1", runtimeDump(t, ev.nodes[1])},
	} {
		want, err := os.ReadFile("testdata/lab/" + c.file + ".cmap-votequorum.txt")
		if err != nil {
			t.Fatal(err)
		}
		if c.got != string(want) {
			t.Errorf("%s:\n got:\n%s\nwant:\n%s", c.file, c.got, want)
		}
	}
}
