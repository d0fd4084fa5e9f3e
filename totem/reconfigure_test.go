package totem

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// miniNet wires nodes together with zero latency: every datagram is
// delivered within the same virtual millisecond. Nodes marked down
// neither send nor receive. arms records, per node, each timer arming as
// (kind, duration from the arming time).
type miniNet struct {
	t     *testing.T
	now   int64
	nodes map[uint32]*Node
	down  map[uint32]bool
	arms  map[uint32][]arming
	logs  map[uint32][]string
}

type arming struct {
	kind TimerKind
	ms   int64
}

func newMiniNet(t *testing.T, cfgs ...Config) *miniNet {
	t.Helper()
	m := &miniNet{t: t, nodes: map[uint32]*Node{}, down: map[uint32]bool{}, arms: map[uint32][]arming{}, logs: map[uint32][]string{}}
	for _, c := range cfgs {
		n, err := NewNode(c)
		if err != nil {
			t.Fatal(err)
		}
		m.nodes[c.NodeID] = n
	}
	for _, n := range m.nodes {
		m.step(n, Start{Now: 0})
	}
	m.pump()
	return m
}

func (m *miniNet) step(n *Node, ev Event) {
	m.t.Helper()
	if err := n.Step(ev); err != nil {
		m.t.Fatalf("node %d %T: %v", n.NodeID(), ev, err)
	}
}

// pump delivers until no node has anything to send (bounded: an idle
// ring's token is held after seqno_unchanged_const rotations).
func (m *miniNet) pump() {
	m.t.Helper()
	type msg struct {
		to   uint32
		data []byte
	}
	var q []msg
	for range 100000 {
		for id, n := range m.nodes {
			if !n.HasReady() {
				continue
			}
			rd := n.Ready()
			for _, tu := range rd.Timers {
				if tu.Armed {
					m.arms[id] = append(m.arms[id], arming{tu.Kind, tu.Deadline - m.now})
				}
			}
			for _, l := range rd.Logs {
				m.logs[id] = append(m.logs[id], l.Text)
			}
			if m.down[id] {
				continue
			}
			for _, d := range rd.Datagrams {
				if d.Multicast {
					for _, to := range n.cfg.Members {
						q = append(q, msg{to, d.Data})
					}
				} else {
					q = append(q, msg{d.To, d.Data})
				}
			}
		}
		if len(q) == 0 {
			return
		}
		x := q[0]
		q = q[1:]
		if n := m.nodes[x.to]; n != nil && !m.down[x.to] {
			m.step(n, Received{Data: x.data})
		}
	}
	m.t.Fatal("network never went quiet")
}

// advance moves every live node's clock forward in 1 ms steps to until.
func (m *miniNet) advance(until int64) {
	m.t.Helper()
	for m.now < until {
		m.now++
		for id, n := range m.nodes {
			if !n.left && !m.down[id] {
				m.step(n, Tick{Now: m.now})
			}
		}
		m.pump()
	}
}

func (m *miniNet) tokenArms(id uint32) []int64 {
	var out []int64
	for _, a := range m.arms[id] {
		if a.kind == TimerToken {
			out = append(out, a.ms)
		}
	}
	return out
}

func withToken(c Config, token uint32) Config {
	c.SetToken(token)
	return c
}

// A new token value applies from the next arming of the token timer; the
// armed one keeps its deadline; a later token loss is detected with (and
// logged as) the new value.
func TestReconfigureTokenAppliesToNextArm(t *testing.T) {
	members := []uint32{1, 2}
	c1 := withToken(DefaultConfig(1, members), 1000)
	c2 := withToken(DefaultConfig(2, members), 1000)
	m := newMiniNet(t, c1, c2)
	for guard := 0; m.nodes[1].State() != StateOperational || m.nodes[2].State() != StateOperational; guard++ {
		if guard > 100 {
			t.Fatalf("no ring after %d ms: %v %v", m.now, m.nodes[1].State(), m.nodes[2].State())
		}
		m.advance(m.now + 50)
	}
	if got := m.nodes[1].Members(); !slices.Equal(got, members) {
		t.Fatalf("ring members %v", got)
	}
	m.advance(m.now + 500)
	before, ok := m.nodes[2].NextDeadline()
	if !ok || !slices.Contains(m.tokenArms(2), 1000) {
		t.Fatalf("before: token arms %v (deadline %d %v), want 1000 ms", m.tokenArms(2), before, ok)
	}
	m.arms[2] = nil

	m.step(m.nodes[2], Reconfigure{Config: withToken(c2, 4000)})
	if m.nodes[2].HasReady() {
		t.Errorf("Reconfigure produced effects: %+v", m.nodes[2].Ready())
	}
	if after, _ := m.nodes[2].NextDeadline(); after != before {
		t.Errorf("armed timer moved: next deadline %d, was %d", after, before)
	}
	if got := m.nodes[2].Config().Token; got != 4000 {
		t.Errorf("Config().Token = %d", got)
	}
	m.advance(m.now + 500)
	arms := m.tokenArms(2)
	if len(arms) == 0 || slices.ContainsFunc(arms, func(ms int64) bool { return ms != 4000 }) {
		t.Fatalf("after: token arms %v, want only 4000 ms", arms)
	}
	if m.nodes[2].Members() == nil || m.nodes[2].State() != StateOperational {
		t.Fatalf("membership disturbed: %v %v", m.nodes[2].State(), m.nodes[2].Members())
	}

	m.down[1] = true
	lost := m.now
	for !slices.ContainsFunc(m.logs[2], func(s string) bool { return strings.Contains(s, "token timed out") }) {
		if m.now-lost > 10000 {
			t.Fatalf("no token loss on node 2 within 10 s; logs %q", m.logs[2])
		}
		m.advance(m.now + 1)
	}
	want := "A processor failed, forming new configuration: token timed out (4000ms), waiting 4800ms for consensus."
	if !slices.Contains(m.logs[2], want) {
		t.Errorf("logs %q\nwant %q", m.logs[2], want)
	}
	if m.now-lost <= 1000 {
		t.Errorf("token loss %d ms after node 1 went silent; the old 1000 ms still rules", m.now-lost)
	}
}

// Join and consensus: the re-armed join timer uses the new period while
// the consensus deadline armed before stays.
func TestReconfigureKeepsArmedDeadlines(t *testing.T) {
	c := DefaultConfig(1, []uint32{1, 2})
	n, err := NewNode(c)
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Step(Start{Now: 0}); err != nil {
		t.Fatal(err)
	}
	deadlines := func() map[TimerKind]int64 {
		out := map[TimerKind]int64{}
		for _, tu := range n.Ready().Timers {
			if tu.Armed {
				out[tu.Kind] = tu.Deadline
			}
		}
		return out
	}
	d := deadlines()
	if d[TimerJoin] != 50 || d[TimerConsensus] != 3600 {
		t.Fatalf("start deadlines %v", d)
	}
	nc := c
	nc.Join, nc.Consensus = 120, 9000
	if err := n.Step(Reconfigure{Config: nc}); err != nil {
		t.Fatal(err)
	}
	if err := n.Step(Tick{Now: 50}); err != nil {
		t.Fatal(err)
	}
	d = deadlines()
	if d[TimerJoin] != 170 {
		t.Errorf("join re-armed for %d, want 50+120", d[TimerJoin])
	}
	if _, re := d[TimerConsensus]; re {
		t.Errorf("consensus re-armed: %v", d)
	}
	if next, _ := n.NextDeadline(); next != 170 {
		t.Errorf("next deadline %d", next)
	}
	if err := n.Step(Tick{Now: 3600}); err != nil {
		t.Fatal(err)
	}
	if n.Stats().ConsensusTimeouts != 1 {
		t.Errorf("consensus did not fire at its old deadline 3600: %+v", n.Stats())
	}
}

// Members may change (the udpu send list); NodeID may not; an invalid
// config is refused and the old one stays in force. Reconfigure works
// before Start and not after Leave.
func TestReconfigureMembersAndRefusals(t *testing.T) {
	c := DefaultConfig(2, []uint32{1, 2, 3})
	n, err := NewNode(c)
	if err != nil {
		t.Fatal(err)
	}
	grown := c
	grown.Members = []uint32{1, 2, 3, 4}
	if err := n.Step(Reconfigure{Config: grown}); err != nil {
		t.Fatalf("before Start: %v", err)
	}
	grown.Members[0] = 99 // the node keeps its own copy
	if got := n.Config().Members; !slices.Equal(got, []uint32{1, 2, 3, 4}) {
		t.Errorf("members %v", got)
	}
	if err := n.Step(Start{Now: 0}); err != nil {
		t.Fatal(err)
	}

	other := c
	other.NodeID = 1
	if err := n.Step(Reconfigure{Config: other}); !errors.Is(err, ErrNodeIDChange) {
		t.Errorf("nodeid change: %v", err)
	}
	bad := c
	bad.Members = []uint32{1, 3}
	if err := n.Step(Reconfigure{Config: bad}); err == nil || !strings.Contains(err.Error(), "Members does not contain NodeID 2") {
		t.Errorf("local node removed: %v", err)
	}
	bad = c
	bad.Token = 0
	if err := n.Step(Reconfigure{Config: bad}); err == nil || !strings.Contains(err.Error(), "Token must be > 0") {
		t.Errorf("token 0: %v", err)
	}
	if got := n.Config(); got.Token != c.Token || len(got.Members) != 4 {
		t.Errorf("a refused Reconfigure changed the config: %+v", got)
	}
	if err := n.Step(Leave{}); err != nil {
		t.Fatal(err)
	}
	if err := n.Step(Reconfigure{Config: c}); !errors.Is(err, ErrStopped) {
		t.Errorf("after Leave: %v", err)
	}
}
