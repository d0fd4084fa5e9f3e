package clustertest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/internal/cluster"
)

const (
	coro = cluster.Corosync
	goro = cluster.Gorosync
)

// TestInterop runs mixed rings of Debian's corosync 3.1.7 and gorosync
// nodes on one LAN with one corosync.conf (udpu, token 1000). Every node
// is examined with its own daemon's tools (Debian's inside a corosync
// node's box, where its shared-memory IPC lives) and its own log.
func TestInterop(t *testing.T) {
	cluster.Require(t, cluster.Corosync)
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	for _, tc := range []struct {
		name     string
		subnet   int
		flavours []cluster.Flavour
		quorum   []string
	}{
		{"1corosync-2gorosync", 220, []cluster.Flavour{coro, goro, goro}, nil},
		{"2corosync-1gorosync", 221, []cluster.Flavour{coro, goro, coro}, nil},
		{"two_node", 222, []cluster.Flavour{goro, coro}, []string{"two_node: 1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addrs := cluster.Addrs(tc.subnet, len(tc.flavours))
			conf := cluster.Conf(cluster.ConfOptions{ClusterName: "interop", Token: 1000, Quorum: tc.quorum}, addrs)
			c := cluster.New(t, cluster.Options{Flavours: tc.flavours, Binary: binary, Conf: conf, Addrs: addrs})
			(&mixed{c: c, twoNode: tc.quorum != nil}).run(t)
		})
	}
}

// mixed drives one mixed cluster through its steps.
type mixed struct {
	c       *cluster.Cluster
	twoNode bool
}

func (m *mixed) run(t *testing.T) {
	all := m.c.Nodes
	firstOf := func(f cluster.Flavour) *cluster.Node {
		for _, n := range all {
			if n.Flavour() == f {
				return n
			}
		}
		t.Fatalf("no %s node", f)
		return nil
	}
	co, gn := firstOf(coro), firstOf(goro)
	steps := []struct {
		name string
		fn   func(t *testing.T)
	}{
		{"forms", func(t *testing.T) {
			mk := m.mark()
			if err := m.c.StartAll(); err != nil {
				t.Fatal(err)
			}
			m.formed(t, mk, all)
			m.membersKeys(t, all)
		}},
		{"sigkill corosync node", func(t *testing.T) { m.crash(t, co) }},
		{"sigkill gorosync node", func(t *testing.T) { m.crash(t, gn) }},
		{"sigterm gorosync node: corosync honours the leave", func(t *testing.T) { m.leave(t, gn) }},
		{"sigterm corosync node: gorosync honours the leave", func(t *testing.T) { m.leave(t, co) }},
	}
	for _, s := range steps {
		if !t.Run(s.name, s.fn) {
			return // later steps start from this one's ring
		}
	}
}

// expectQuorum is what every member's quorumtool -s must say about a ring
// of `members` out of the configured nodes.
func (m *mixed) expectQuorum(members []*cluster.Node) func(cluster.Quorum) bool {
	size := len(m.c.Nodes)
	quorum := size/2 + 1
	if m.twoNode {
		quorum = 1
	}
	return func(q cluster.Quorum) bool {
		return cluster.Ring(len(members) >= quorum, ids(members)...)(q) &&
			q.Expected == size && q.Total == len(members) && q.Quorum == quorum &&
			(!m.twoNode || q.HasFlag("2Node") && q.HasFlag("WaitForAll"))
	}
}

// marks are the ends of every node's log before an action.
type marks map[*cluster.Node]cluster.LogMark

func (m *mixed) mark() marks {
	mk := marks{}
	for _, n := range m.c.Nodes {
		mk[n] = n.Mark()
	}
	return mk
}

// formed waits until members agree on one quorate ring, each with its own
// quorumtool, and each logged a completed sync of that ring since mk.
func (m *mixed) formed(t *testing.T, mk marks, members []*cluster.Node) {
	t.Helper()
	what := fmt.Sprintf("one ring of %v", ids(members))
	wait(t, formBound, what, cluster.EachQuorum(m.expectQuorum(members), members...))
	for _, n := range members {
		wait(t, formBound, n.Name+" logs a completed sync of "+what, n.SyncedSince(mk[n], len(members)))
	}
	var rings []string
	for _, n := range members {
		q, err := n.Quorum(ctx(t))
		if err != nil {
			t.Fatalf("%s: %v", n.Name, err)
		}
		rings = append(rings, q.RingID)
		for _, mb := range q.Members {
			if want := fmt.Sprintf("n%d", mb.ID); mb.Name != want || mb.Votes != 1 || mb.Local != (mb.ID == uint32(n.ID)) {
				t.Errorf("%s (%s): member row %+v, want name %s, 1 vote, local only for itself", n.Name, n.Flavour(), mb, want)
			}
		}
	}
	if len(slices.Compact(slices.Clone(rings))) != 1 {
		t.Errorf("ring ids %v: not one ring", rings)
	}
}

// membersKeys: right after forming, every node (corosync's cmapctl on the
// real ones) lists every node, gorosync's included, as joined once, with
// its address.
func (m *mixed) membersKeys(t *testing.T, on []*cluster.Node) {
	t.Helper()
	var want strings.Builder
	for _, n := range m.c.Nodes {
		fmt.Fprintf(&want, "runtime.members.%d.config_version (u64) = 0\n", n.ID)
		fmt.Fprintf(&want, "runtime.members.%d.ip (str) = r(0) ip(%s) \n", n.ID, n.Addr)
		fmt.Fprintf(&want, "runtime.members.%d.join_count (u32) = 1\n", n.ID)
		fmt.Fprintf(&want, "runtime.members.%d.status (str) = joined\n", n.ID)
	}
	for _, n := range on {
		r, err := n.Tool(ctx(t), "cmapctl", "-b", "runtime.members")
		if err != nil || r.Exit != 0 {
			t.Fatalf("%s: cmapctl -b runtime.members: exit %d %v %s", n.Name, r.Exit, err, r.Stderr)
		}
		if r.Stdout != want.String() {
			t.Errorf("%s (%s): runtime.members differ:\n%s", n.Name, n.Flavour(), diff(want.String(), r.Stdout))
		}
	}
}

// crash SIGKILLs victim: the survivors notice without a LEAVE and reform
// (quorate: a majority, or two_node's survivor); restarted, it rejoins and
// the others count its second join.
func (m *mixed) crash(t *testing.T, victim *cluster.Node) {
	rest := m.others(victim)
	mk := m.mark()
	kill(t, victim)
	m.formed(t, mk, rest)
	for _, n := range rest {
		m.logged(t, n, mk, fmt.Sprintf("Members left: %d", victim.ID), true)
		m.logged(t, n, mk, fmt.Sprintf("Failed to receive the leave message. failed: %d", victim.ID), true)
	}
	m.rejoin(t, victim)
	for _, n := range rest {
		key := fmt.Sprintf("runtime.members.%d.join_count", victim.ID)
		if v, err := n.CmapGet(ctx(t), key); err != nil || v != "2" {
			t.Errorf("%s (%s): %s = %q (%v), want 2", n.Name, n.Flavour(), key, v, err)
		}
	}
}

// leave SIGTERMs leaver: it sends a LEAVE and exits 0; the survivors
// reform at once (no token timeout), log it as left and mark it left in
// cmap, and those that are sure to get the LEAVE while still operational
// do not log "Failed to receive the leave message". Restarted, it rejoins.
//
// Who is sure: the first survivor the LEAVE reaches (udpu sends it to the
// members in nodelist order), and gorosync survivors, which note a LEAVE
// in every state. A later Corosync survivor may get it only once it is
// committing the next ring, ignore it, and report the leaver as failed:
// that is Corosync's own race (totem testdata/leave_late), only logged.
func (m *mixed) leave(t *testing.T, leaver *cluster.Node) {
	rest := m.others(leaver)
	mk := m.mark()
	r, err := leaver.Stop(reformBound)
	if err != nil || r.Exit != 0 {
		t.Fatalf("%s (%s) SIGTERM: exit %d %v\n%s", leaver.Name, leaver.Flavour(), r.Exit, err, r.Stderr)
	}
	m.formed(t, mk, rest)
	for i, n := range rest {
		m.logged(t, n, mk, fmt.Sprintf("Members left: %d", leaver.ID), true)
		m.logged(t, n, mk, "A processor failed", false)
		if i == 0 || n.Flavour() == goro {
			m.logged(t, n, mk, "Failed to receive the leave message", false)
		} else if log, _ := n.LogAfter(mk[n]); strings.Contains(log, "Failed to receive the leave message") {
			t.Logf("%s (corosync) got %s's LEAVE only while committing the next ring (Corosync's race):\n%s", n.Name, leaver.Name, log)
		}
		key := fmt.Sprintf("runtime.members.%d.status", leaver.ID)
		if v, err := n.CmapGet(ctx(t), key); err != nil || v != "left" {
			t.Errorf("%s (%s): %s = %q (%v), want left", n.Name, n.Flavour(), key, v, err)
		}
	}
	m.rejoin(t, leaver)
}

func (m *mixed) rejoin(t *testing.T, n *cluster.Node) {
	t.Helper()
	mk := m.mark()
	if err := n.Start(); err != nil {
		t.Fatal(err)
	}
	m.formed(t, mk, m.c.Nodes)
}

// logged checks whether n's log since mk has text.
func (m *mixed) logged(t *testing.T, n *cluster.Node, mk marks, text string, want bool) {
	t.Helper()
	log, err := n.LogAfter(mk[n])
	if err != nil {
		t.Fatal(err)
	}
	if has := strings.Contains(log, text); has != want {
		t.Errorf("%s (%s): %q logged: %v, want %v; its log since the action:\n%s", n.Name, n.Flavour(), text, has, want, log)
	}
}

func (m *mixed) others(x *cluster.Node) []*cluster.Node {
	var out []*cluster.Node
	for _, n := range m.c.Nodes {
		if n != x {
			out = append(out, n)
		}
	}
	return out
}

func ids(ns []*cluster.Node) []uint32 {
	out := make([]uint32, len(ns))
	for i, n := range ns {
		out[i] = uint32(n.ID)
	}
	return out
}
