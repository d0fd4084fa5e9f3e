package clustertest

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/gorosync/gorosync/internal/cluster"
	"github.com/gorosync/gorosync/internal/netns"
)

// sampleTool is one tool output realcluster.sh saved per node
// (n<K>.<file>, stdout and stderr together).
type sampleTool struct {
	file     string
	args     []string
	withExit bool // the sample ends with "# exit code: N"
}

var sampleTools = []sampleTool{
	{"corosync-quorumtool-s.txt", []string{"quorumtool", "-s"}, true},
	{"corosync-quorumtool-l.txt", []string{"quorumtool", "-l"}, false},
	{"corosync-cfgtool-s.txt", []string{"cfgtool", "-s"}, false},
	{"corosync-cmapctl-b-runtime.members.txt", []string{"cmapctl", "-b", "runtime.members"}, false},
	{"corosync-cmapctl.txt", []string{"cmapctl"}, false},
}

// msgCounters are the per-message-type rx/tx counters of runtime.services:
// they count the packets of the cluster's history (how many syncs it took
// to form), not its shape.
var msgCounters = regexp.MustCompile(`(?m)^(runtime\.services\.[a-z]+\.[0-9]+\.(rx|tx) \(u64\) = )[0-9]+$`)

func normaliseTool(s string) string { return normaliseRun(s) }

// normaliseRun blanks what two runs against the same daemon may differ
// in: date, ring sequence and message counters.
func normaliseRun(s string) string {
	return msgCounters.ReplaceAllString(normalise(s), "$1-")
}

// checkSamples runs every sample tool on each node, with gorosync's tools
// and with Debian's, and compares with the sample of the same node name.
func checkSamples(t *testing.T, sample string, nodes ...*cluster.Node) {
	t.Helper()
	type runner struct {
		name string
		run  func(n *cluster.Node, args []string) (netns.Result, error)
	}
	runners := []runner{
		{"gorosync", func(n *cluster.Node, a []string) (netns.Result, error) { return n.Gorosync(ctx(t), a[0], a[1:]...) }},
		{"corosync", func(n *cluster.Node, a []string) (netns.Result, error) { return n.Debian(ctx(t), a[0], a[1:]...) }},
	}
	for _, n := range nodes {
		for _, st := range sampleTools {
			want := normaliseTool(readSample(t, sample, n.Name+"."+st.file))
			for _, r := range runners {
				res, err := r.run(n, st.args)
				if err != nil {
					t.Fatalf("%s: %s-%v: %v", n.Name, r.name, st.args, err)
				}
				got := res.Stdout + res.Stderr
				if st.withExit {
					got += fmt.Sprintf("# exit code: %d\n", res.Exit)
				}
				if got = normaliseTool(got); got != want {
					t.Errorf("%s: %s %v differs from %s/%s.%s:\n%s", n.Name, r.name, st.args, sample, n.Name, st.file, diff(want, got))
				}
			}
		}
	}
}
