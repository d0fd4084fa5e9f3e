package enginesim

import (
	"github.com/gorosync/gorosync/engine"
	"regexp"
	"strings"
	"testing"
)

// keep returns the sample lines under the given prefixes, dropping the
// message counters (rx/tx differ with the traffic of each run).
func keep(dump string, prefixes ...string) string {
	counter := regexp.MustCompile(`^runtime\.services\.[a-z]+\.[0-9]+\.(rx|tx) `)
	var out []string
	for _, l := range strings.Split(dump, "\n") {
		if counter.MatchString(l) {
			continue
		}
		for _, p := range prefixes {
			if strings.HasPrefix(l, p) {
				out = append(out, l)
				break
			}
		}
	}
	return strings.Join(out, "\n")
}

// The runtime.members, runtime.votequorum, runtime.services (without
// counters), internal_configuration and runtime.config keys of every node
// equal the real corosync-cmapctl dumps of the same 3-node udpu cluster.
func TestRuntimeKeysMatchSample(t *testing.T) {
	conf := readSample(t, "corosync-n3-udpu/corosync.conf")
	c := newCluster(t, 3, "", 7)
	c.opts.Engine = func(id uint32) (engine.Config, error) { return loadFor(t, conf, id) }
	startAll(t, c, 1, 2, 3)
	prefixes := []string{"runtime.members.", "runtime.votequorum.", "runtime.services.",
		"internal_configuration.", "runtime.config.", "runtime.force_gather", "runtime.blackbox."}
	for _, id := range []uint32{1, 2, 3} {
		want := keep(readSample(t, "corosync-n3-udpu/n"+string(rune('0'+id))+".corosync-cmapctl.txt"), prefixes...)
		got := keep(dumpKeys(c.Node(id).E.Map(), ""), prefixes...)
		if n := strings.Count(want, "runtime.members."); n != 12 {
			t.Fatalf("sample n%d has %d runtime.members lines, want 12", id, n)
		}
		if got != want {
			t.Errorf("node %d keys differ:\n%s", id, lineDiff(want, got))
		}
	}
	// Counters exist for every exec function and count both ways.
	m := c.Node(1).E.Map()
	for _, k := range []string{"runtime.services.cmap.0.rx", "runtime.services.cmap.0.tx",
		"runtime.services.cpg.5.rx", "runtime.services.votequorum.0.tx"} {
		if v, ok := m.Get(k); !ok || v.Uint() == 0 {
			t.Errorf("%s = %v, %v; want a nonzero counter", k, v, ok)
		}
	}
}

func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	ws, gs := map[string]bool{}, map[string]bool{}
	for _, l := range w {
		ws[l] = true
	}
	for _, l := range g {
		gs[l] = true
	}
	var b strings.Builder
	for _, l := range w {
		if !gs[l] {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range g {
		if !ws[l] {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}
