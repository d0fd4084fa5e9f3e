package clustertest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/internal/cluster"
)

// TestReload: corosync-cfgtool -R makes every node re-read its own
// corosync.conf; run-time changeable keys apply (expected_votes), read-only
// ones are reported and kept, keys gone from the file are deleted, and a
// file that does not load is reported to the caller without changing
// anything (config.reload_status says how it went).
func TestReload(t *testing.T) {
	conf := strings.ReplaceAll(ifaceConf, "10.211.0.", "10.216.0.")
	c := newCluster(t, []byte(conf), "10.216.0.1/24", "10.216.0.2/24", "10.216.0.3/24")
	n1, n2, n3 := c.Node(1), c.Node(2), c.Node(3)
	if err := c.StartAll(); err != nil {
		t.Fatal(err)
	}
	wait(t, formBound, "a quorate ring of 1 2 3", cluster.EachQuorum(cluster.Ring(true, 1, 2, 3), n1, n2, n3))

	write := func(n *cluster.Node, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(n.Dir, "etc", "corosync.conf"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	changed := strings.Replace(conf, "provider: corosync_votequorum", "provider: corosync_votequorum\n\texpected_votes: 5", 1)
	changed = strings.Replace(changed, "cluster_name: lms", "cluster_name: renamed", 1)
	changed = strings.Replace(changed, "\ttimestamp: hires\n", "", 1)
	for _, n := range c.Nodes {
		write(n, changed)
	}
	r, err := n1.Gorosync(ctx(t), "cfgtool", "-R")
	if err != nil || r.Exit != 0 || r.Stdout != "Reloading corosync.conf...\nDone\n" {
		t.Fatalf("cfgtool -R: exit %d %v stdout %q stderr %q", r.Exit, err, r.Stdout, r.Stderr)
	}
	wait(t, formBound, "expected votes 5 everywhere, quorum 3", cluster.EachQuorum(func(q cluster.Quorum) bool {
		return cluster.Ring(true, 1, 2, 3)(q) && q.Expected == 5 && q.Quorum == 3
	}, n1, n2, n3))
	for _, n := range c.Nodes {
		out := n.Output()
		if !strings.Contains(out, "Config reload requested by node 1") {
			t.Errorf("%s did not reload:\n%s", n.Name, out)
		}
		if !strings.Contains(out, "Modified entry 'totem.cluster_name' in corosync.conf cannot be changed at run-time") {
			t.Errorf("%s did not refuse the read-only change:\n%s", n.Name, out)
		}
		if v, err := n.CmapGet(ctx(t), "totem.cluster_name"); err != nil || v != "lms" {
			t.Errorf("%s: totem.cluster_name %q %v, want lms kept", n.Name, v, err)
		}
	}
	wait(t, formBound, "logging.timestamp deleted, reload status CS_OK", cluster.All(
		cmapIs("logging.timestamp", "", c.Nodes...), cmapIs("config.reload_status", "1", c.Nodes...)))

	write(n1, "totem {\n\tversion: 2\n\tthis line is broken\n}\n")
	r, err = n1.Gorosync(ctx(t), "cfgtool", "-R")
	// What Debian's corosync-cfgtool 3.1.7 prints against a real corosync
	// whose file does not load.
	if err != nil || r.Exit != 7 || r.Stdout != "Reloading corosync.conf...\n" || r.Stderr != "Could not reload configuration. Error CS_ERR_INVALID_PARAM\n" {
		t.Fatalf("broken reload: exit %d %v stdout %q stderr %q", r.Exit, err, r.Stdout, r.Stderr)
	}
	q, err := n1.Quorum(ctx(t))
	if err != nil || q.Expected != 5 || !q.Quorate {
		t.Fatalf("after a failed reload n1 should be unchanged: %+v %v", q, err)
	}
	wait(t, formBound, "n1's reload failed with CS_ERR_INVALID_PARAM, keys kept", cluster.All(
		cmapIs("config.reload_status", "7", n1), cmapIs("config.reload_in_progress", "0", n1),
		cmapIs("config.totemconfig_reload_in_progress", "0", n1), cmapIs("quorum.expected_votes", "5", n1)))
}
