package clustertest

import (
	"testing"

	"github.com/gorosync/gorosync/internal/cluster"
)

// TestOurToolsAgainstCorosync runs Debian's corosync 3.1.7 on three nodes
// (the samples' config plus qb_ipc_type socket, the IPC gorosync's clients
// speak) and checks that gorosync's tools print what Debian's print.
func TestOurToolsAgainstCorosync(t *testing.T) {
	cluster.Require(t, cluster.Corosync)
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	conf := append(sampleConf(t, "corosync-n3-udpu"), "\nsystem {\n\tqb_ipc_type: socket\n}\n"...)
	c := cluster.New(t, cluster.Options{Flavour: cluster.Corosync, Binary: binary, Conf: conf,
		Addrs: prefixes(t, []string{"10.210.0.1/24", "10.210.0.2/24", "10.210.0.3/24"})})
	if err := c.StartAll(); err != nil {
		t.Fatal(err)
	}
	wait(t, formBound, "a quorate corosync ring of 1 2 3", cluster.EachQuorum(cluster.Ring(true, 1, 2, 3), c.Nodes...))
	for _, n := range c.Nodes {
		for _, st := range sampleTools {
			ours, err1 := n.Gorosync(ctx(t), st.args[0], st.args[1:]...)
			theirs, err2 := n.Debian(ctx(t), st.args[0], st.args[1:]...)
			if err1 != nil || err2 != nil {
				t.Fatalf("%s %v: %v %v", n.Name, st.args, err1, err2)
			}
			if ours.Exit != theirs.Exit {
				t.Errorf("%s %v: exit %d, corosync's tool %d", n.Name, st.args, ours.Exit, theirs.Exit)
			}
			want, got := normaliseRun(theirs.Stdout+theirs.Stderr), normaliseRun(ours.Stdout+ours.Stderr)
			if got != want {
				t.Errorf("%s: gorosync %v differs from corosync-%v:\n%s", n.Name, st.args, st.args, diff(want, got))
			}
		}
	}
}
