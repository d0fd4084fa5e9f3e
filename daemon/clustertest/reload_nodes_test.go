package clustertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorosync/gorosync/internal/cluster"
)

// node4 is the nodelist entry that reloadConf adds.
const node4 = "\tnode {\n\t\tring0_addr: 10.217.0.4\n\t\tname: n4\n\t\tnodeid: 4\n\t}\n"

// reloadConf is ifaceConf on 10.217.0.0/24, with node 4 when four is set.
func reloadConf(four bool) string {
	conf := strings.ReplaceAll(ifaceConf, "10.211.0.", "10.217.0.")
	if four {
		conf = strings.Replace(conf, "}\nquorum {", node4+"}\nquorum {", 1)
	}
	return conf
}

// writeConf replaces a node's /etc/corosync/corosync.conf.
func writeConf(t *testing.T, n *cluster.Node, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(n.Dir, "etc", "corosync.conf"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// cfgReload runs `cfgtool -R` on n and fails unless it succeeded.
func cfgReload(t *testing.T, n *cluster.Node) {
	t.Helper()
	r, err := n.Gorosync(ctx(t), "cfgtool", "-R")
	if err != nil || r.Exit != 0 || r.Stdout != "Reloading corosync.conf...\nDone\n" {
		t.Fatalf("%s: cfgtool -R: exit %d %v stdout %q stderr %q", n.Name, r.Exit, err, r.Stdout, r.Stderr)
	}
}

// cmapIs waits until key reads want on every node (want "" means: the key
// does not exist).
func cmapIs(key, want string, nodes ...*cluster.Node) cluster.Condition {
	return func(ctx context.Context) (bool, string, error) {
		for _, n := range nodes {
			v, err := n.CmapGet(ctx, key)
			switch {
			case want == "" && err == nil:
				return false, fmt.Sprintf("%s: %s = %s, want it gone", n.Name, key, v), nil
			case want != "" && (err != nil || v != want):
				return false, fmt.Sprintf("%s: %s = %q (%v), want %s", n.Name, key, v, err, want), nil
			}
		}
		return true, "", nil
	}
}

func expected(votes int, ids ...uint32) func(cluster.Quorum) bool {
	return func(q cluster.Quorum) bool { return cluster.Ring(true, ids...)(q) && q.Expected == votes }
}

// TestReloadNodelist: a fourth node is added to a running three-node
// cluster by editing every corosync.conf and running cfgtool -R; it then
// joins, and expected votes and the scaled token follow the nodelist. It
// is removed again the same way after it stopped. A changed member
// address is refused with corosync's message and changes nothing; so is a
// file without the local node.
func TestReloadNodelist(t *testing.T) {
	c := newCluster(t, []byte(reloadConf(false)), "10.217.0.1/24", "10.217.0.2/24", "10.217.0.3/24", "10.217.0.4/24")
	n1, n2, n3, n4 := c.Node(1), c.Node(2), c.Node(3), c.Node(4)
	three := []*cluster.Node{n1, n2, n3}
	for _, n := range three {
		if err := n.Start(); err != nil {
			t.Fatal(err)
		}
	}
	wait(t, formBound, "a quorate ring of 1 2 3, 3 expected votes", cluster.EachQuorum(expected(3, 1, 2, 3), three...))
	wait(t, formBound, "token 500+650", cmapIs("runtime.config.totem.token", "1150", three...))

	// Add node 4 everywhere, reload, then start it.
	for _, n := range c.Nodes {
		writeConf(t, n, reloadConf(true))
	}
	cfgReload(t, n1)
	wait(t, formBound, "expected votes 4 on the running three", cluster.EachQuorum(expected(4, 1, 2, 3), three...))
	wait(t, formBound, "token 500+2*650", cmapIs("runtime.config.totem.token", "1800", three...))
	wait(t, formBound, "node 4 in the nodelist", cmapIs("nodelist.node.3.ring0_addr", "10.217.0.4", three...))
	wait(t, formBound, "reload finished", cluster.All(cmapIs("config.reload_status", "1", three...),
		cmapIs("config.reload_in_progress", "0", three...), cmapIs("config.totemconfig_reload_in_progress", "0", three...)))
	if err := n4.Start(); err != nil {
		t.Fatal(err)
	}
	wait(t, formBound, "a quorate ring of 1 2 3 4", cluster.EachQuorum(expected(4, 1, 2, 3, 4), c.Nodes...))
	wait(t, formBound, "node 4's address in runtime.members", cmapIs("runtime.members.4.ip", "r(0) ip(10.217.0.4) ", n1))

	// Remove it again: stop it, edit, reload.
	if _, err := n4.Stop(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	wait(t, reformBound, "1 2 3 without node 4", cluster.EachQuorum(expected(4, 1, 2, 3), three...))
	for _, n := range c.Nodes {
		writeConf(t, n, reloadConf(false))
	}
	cfgReload(t, n2)
	wait(t, formBound, "expected votes back to 3", cluster.EachQuorum(expected(3, 1, 2, 3), three...))
	wait(t, formBound, "node 4 gone from the nodelist", cmapIs("nodelist.node.3.ring0_addr", "", three...))
	wait(t, formBound, "token back to 1150", cmapIs("runtime.config.totem.token", "1150", three...))
	for _, n := range three {
		if out := n.Output(); !strings.Contains(out, "Config reload requested by node 2") {
			t.Errorf("%s did not reload for node 2:\n%s", n.Name, out)
		}
	}

	// A member's address may not change: n1 refuses, n2 and n3 (whose
	// files did not change) reload as usual.
	writeConf(t, n1, strings.Replace(reloadConf(false), "10.217.0.2\n", "10.217.0.22\n", 1))
	r, err := n1.Gorosync(ctx(t), "cfgtool", "-R")
	const refusal = "To reconfigure an interface it must be deleted and recreated. A working interface needs to be available to corosync at all times"
	// corosync-cfgtool 3.1.7's answer to a refused reload (the reasons are
	// in the daemon's log, checked below).
	const refused = "Could not reload configuration. Error CS_ERR_INVALID_PARAM\n"
	if err != nil || r.Exit != 7 || r.Stdout != "Reloading corosync.conf...\n" || r.Stderr != refused {
		t.Fatalf("changed address: exit %d %v stdout %q stderr %q", r.Exit, err, r.Stdout, r.Stderr)
	}
	out := n1.Output()
	for _, want := range []string{
		"new config has different address for link 0 (addr changed from 10.217.0.2 to 10.217.0.22). Internal value was NOT changed.",
		"Cannot configure new interface definitions: " + refusal,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("n1 did not log %q:\n%s", want, out)
		}
	}
	wait(t, formBound, "n1 unchanged, reload failed", cluster.All(
		cmapIs("nodelist.node.1.ring0_addr", "10.217.0.2", n1),
		cmapIs("config.reload_status", "7", n1),
		cmapIs("config.reload_in_progress", "0", n1),
		cmapIs("config.totemconfig_reload_in_progress", "0", n1),
		cmapIs("config.reload_status", "1", n2, n3)))
	wait(t, formBound, "the ring of 1 2 3 intact", cluster.EachQuorum(expected(3, 1, 2, 3), three...))

	// Nor may a node drop itself from the nodelist.
	writeConf(t, n1, reloadConf(false))
	self3 := strings.Replace(reloadConf(false), "\tnode {\n\t\tring0_addr: 10.217.0.3\n\t\tname: n3\n\t\tnodeid: 3\n\t}\n", "", 1)
	writeConf(t, n3, self3)
	r, err = n3.Gorosync(ctx(t), "cfgtool", "-R")
	if err != nil || r.Exit != 7 || r.Stderr != refused {
		t.Fatalf("local node removed: exit %d %v stdout %q stderr %q", r.Exit, err, r.Stdout, r.Stderr)
	}
	if out := n3.Output(); !strings.Contains(out, "No valid name found for local host") {
		t.Errorf("n3 did not log why it refused:\n%s", out)
	}
	wait(t, formBound, "n3 unchanged, n1 reloaded", cluster.All(
		cmapIs("nodelist.node.2.ring0_addr", "10.217.0.3", n3),
		cmapIs("config.reload_status", "7", n3),
		cmapIs("config.reload_status", "1", n1, n2)))
	wait(t, formBound, "the ring of 1 2 3 intact", cluster.EachQuorum(expected(3, 1, 2, 3), three...))
}

// TestReloadToken: totem.token changed at run time, through cmap on every
// node and then through the file and cfgtool -R, changes
// runtime.config.totem.token, and a later token loss is detected with the
// new value (the log names it; the time it took is only reported).
func TestReloadToken(t *testing.T) {
	conf := strings.ReplaceAll(ifaceConf, "10.211.0.", "10.218.0.")
	c := newCluster(t, []byte(conf), "10.218.0.1/24", "10.218.0.2/24", "10.218.0.3/24")
	n1, n2, n3 := c.Node(1), c.Node(2), c.Node(3)
	if err := c.StartAll(); err != nil {
		t.Fatal(err)
	}
	wait(t, formBound, "a quorate ring of 1 2 3", cluster.EachQuorum(cluster.Ring(true, 1, 2, 3), c.Nodes...))
	wait(t, formBound, "token 500+650", cmapIs("runtime.config.totem.token", "1150", c.Nodes...))

	for _, n := range c.Nodes {
		r, err := n.Gorosync(ctx(t), "cmapctl", "-s", "totem.token", "u32", "2000")
		if err != nil || r.Exit != 0 {
			t.Fatalf("%s: cmapctl -s totem.token: exit %d %v %s", n.Name, r.Exit, err, r.Stderr)
		}
	}
	wait(t, formBound, "token 2000+650 from cmap", cluster.All(
		cmapIs("runtime.config.totem.token", "2650", c.Nodes...),
		cmapIs("runtime.config.totem.consensus", "3180", c.Nodes...)))

	// A value that does not validate is logged and not applied.
	if r, err := n2.Gorosync(ctx(t), "cmapctl", "-s", "totem.join", "u32", "10"); err != nil || r.Exit != 0 {
		t.Fatalf("cmapctl -s totem.join 10: exit %d %v %s", r.Exit, err, r.Stderr)
	}
	const tooSmall = "parse error in config: The join timeout parameter (10 ms) may not be less than (30 ms)."
	wait(t, formBound, "n2 logs the refused join", func(context.Context) (bool, string, error) {
		return strings.Contains(n2.Output(), tooSmall), "no log line: " + tooSmall, nil
	})
	wait(t, formBound, "n2 keeps join 50", cmapIs("runtime.config.totem.join", "50", n2))

	for _, n := range c.Nodes {
		writeConf(t, n, strings.Replace(conf, "token: 500", "token: 800", 1))
	}
	cfgReload(t, n1)
	wait(t, formBound, "token 800+650 from the file", cluster.All(
		cmapIs("totem.token", "800", c.Nodes...),
		cmapIs("runtime.config.totem.token", "1450", c.Nodes...),
		cmapIs("runtime.config.totem.token_retransmit", "345", c.Nodes...)))

	killed := time.Now()
	if _, err := n1.Kill(); err != nil {
		t.Fatal(err)
	}
	wait(t, reformBound, "2 and 3 without 1", cluster.EachQuorum(cluster.Ring(true, 2, 3), n2, n3))
	t.Logf("SIGKILL to the new ring of 2 3 took %v (token 1450 + consensus 1740 expected)", time.Since(killed).Round(time.Millisecond))
	lost := false
	for _, n := range []*cluster.Node{n2, n3} {
		out := n.Output()
		if strings.Contains(out, "token timed out (1150ms)") || strings.Contains(out, "token timed out (2650ms)") {
			t.Errorf("%s detected the loss with an old token value:\n%s", n.Name, out)
		}
		lost = lost || strings.Contains(out, "A processor failed, forming new configuration: token timed out (1450ms), waiting 1740ms for consensus.")
	}
	if !lost {
		t.Errorf("neither n2 nor n3 logged the token loss with 1450 ms:\n%s\n%s", n2.Output(), n3.Output())
	}
}
