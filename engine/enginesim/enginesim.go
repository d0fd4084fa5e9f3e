// Package enginesim runs nodes of Totem core + service engine on the
// deterministic network of totem/sim, the way the daemon will wire them:
// totem upcalls go to the engine, the engine's packets go back to totem
// as AppSend, engine timers fire at their virtual deadlines.
//
// It wraps totem/sim through its public hooks (OnUpcall, OnDatagram) and
// does not modify it. One consequence: the engine sees upcalls one at a
// time rather than as one Ready batch, and a packet the engine queues in
// the middle of a totem step reaches that node's totem core right away
// but any datagram it triggers (a token-hold cancel) leaves with the
// node's next step.
package enginesim

import (
	"fmt"
	"slices"

	"github.com/gorosync/gorosync/engine"
	"github.com/gorosync/gorosync/totem"
	"github.com/gorosync/gorosync/totem/sim"
	"github.com/gorosync/gorosync/totem/wire"
)

// Options configure a cluster.
type Options struct {
	IDs  []uint32
	Seed uint64
	Net  sim.Net
	// Engine returns a fresh engine configuration for node id (a new map
	// per incarnation, as a restarted daemon loads its file again).
	Engine func(id uint32) (engine.Config, error)
	// Totem builds each node's totem config; nil uses sim.SimConfig.
	Totem func(id uint32, members []uint32) totem.Config
}

// SentPacket is one totempg packet a node multicast, as totem sent it.
type SentPacket struct {
	Ring    wire.RingID
	Seq     uint32
	Payload []byte
}

// Node is the current (or last) incarnation of a node.
type Node struct {
	ID      uint32
	Inc     int
	E       *engine.Engine
	Up      bool
	Notices []engine.Notice
	Logs    []engine.Log
	// Sent lists the node's own mcasts (not recovery re-sends) in order.
	Sent []SentPacket
	// SyncsCompleted counts "Completed service synchronization".
	SyncsCompleted int
}

// Cluster is a simulated cluster of gorosync nodes.
type Cluster struct {
	S     *sim.Sim
	opts  Options
	nodes map[uint32]*Node
	err   error
	// OnNotice, if set, sees every engine notice as it happens.
	OnNotice func(n *Node, x engine.Notice)
}

// New builds a cluster; nodes start with Start.
func New(o Options) *Cluster {
	s := sim.New(sim.Options{NodeIDs: o.IDs, Seed: o.Seed, Net: o.Net, Config: o.Totem, TraceLimit: 2000})
	c := &Cluster{S: s, opts: o, nodes: map[uint32]*Node{}}
	s.OnUpcall = c.onUpcall
	s.OnDatagram = c.onDatagram
	return c
}

// Node returns node id's current or last incarnation (nil if never started).
func (c *Cluster) Node(id uint32) *Node { return c.nodes[id] }

// Err returns the first error met while driving engines.
func (c *Cluster) Err() error { return c.err }

func (c *Cluster) fail(err error) {
	if c.err == nil && err != nil {
		c.err = err
	}
}

// Start boots node id: totem first, then service initialisation.
func (c *Cluster) Start(id uint32) error {
	if err := c.S.Start(id); err != nil {
		return err
	}
	cfg, err := c.opts.Engine(id)
	if err != nil {
		return err
	}
	e, err := engine.New(cfg)
	if err != nil {
		return err
	}
	n := &Node{ID: id, E: e, Up: true}
	if old := c.nodes[id]; old != nil {
		n.Inc = old.Inc + 1
	}
	c.nodes[id] = n
	if err := e.Step(engine.Start{Now: c.S.Now()}); err != nil {
		return err
	}
	c.drain(n)
	return c.err
}

// Crash stops node id abruptly.
func (c *Cluster) Crash(id uint32) {
	c.S.Crash(id)
	if n := c.nodes[id]; n != nil {
		n.Up = false
	}
}

// Leave shuts node id down cleanly: the engine's leave messages, then
// totem's LEAVE.
func (c *Cluster) Leave(id uint32) error {
	n := c.nodes[id]
	if n == nil || !n.Up {
		return nil
	}
	n.E.Leave()
	c.drain(n)
	n.Up = false
	return c.S.Leave(id)
}

// RunFor advances virtual time by ms, firing engine timers on time.
func (c *Cluster) RunFor(ms int64) error {
	target := c.S.Now() + ms
	for c.err == nil {
		d, ok := c.nextEngineDeadline()
		if !ok || d > target {
			break
		}
		if err := c.S.RunUntil(d); err != nil {
			return err
		}
		for _, id := range c.S.IDs() {
			n := c.nodes[id]
			if n == nil || !n.Up {
				continue
			}
			if nd, ok := n.E.NextDeadline(); ok && nd <= d {
				c.fail(n.E.Step(engine.Tick{Now: d}))
				c.drain(n)
			}
		}
	}
	if c.err != nil {
		return c.err
	}
	if err := c.S.RunUntil(target); err != nil {
		return err
	}
	return c.err
}

func (c *Cluster) nextEngineDeadline() (int64, bool) {
	var best int64
	ok := false
	for _, id := range c.S.IDs() {
		n := c.nodes[id]
		if n == nil || !n.Up {
			continue
		}
		if d, has := n.E.NextDeadline(); has && (!ok || d < best) {
			best, ok = d, true
		}
	}
	return best, ok
}

func (c *Cluster) onUpcall(p *sim.Process, r sim.Record) {
	n := c.nodes[p.Node]
	if n == nil || !n.Up || n.Inc != p.Inc {
		return
	}
	u := totem.Upcall{Kind: totem.UpcallMessage, Message: r.Msg}
	if r.Kind == sim.RecConf {
		u = totem.Upcall{Kind: totem.UpcallConfChange, Conf: r.Conf}
	}
	if r.At > n.E.Now() {
		c.fail(n.E.Step(engine.Tick{Now: r.At}))
	}
	c.fail(n.E.Step(engine.Upcalls{List: []totem.Upcall{u}}))
	c.drain(n)
}

func (c *Cluster) onDatagram(from uint32, at int64, d totem.Datagram) {
	if d.Type != wire.TypeMcast {
		return
	}
	n := c.nodes[from]
	if n == nil {
		return
	}
	m, err := wire.Decode(d.Data)
	if err != nil {
		c.fail(fmt.Errorf("node %d sent an undecodable mcast: %w", from, err))
		return
	}
	mc, ok := m.(*wire.Mcast)
	if !ok || mc.Inner != nil || mc.NodeID != from {
		return
	}
	for _, s := range n.Sent {
		if s.Ring == mc.RingID && s.Seq == mc.Seq {
			return // a retransmission
		}
	}
	n.Sent = append(n.Sent, SentPacket{Ring: mc.RingID, Seq: mc.Seq, Payload: slices.Clone(mc.Payload)})
}

// drain carries out an engine's effects: packets to totem, notices and
// logs recorded (timers are read back through NextDeadline).
func (c *Cluster) drain(n *Node) {
	if !n.E.HasReady() {
		return
	}
	rd := n.E.Ready()
	tn := c.S.Node(n.ID)
	for _, p := range rd.Packets {
		if tn == nil {
			break
		}
		c.fail(tn.Step(totem.AppSend{Payload: p}))
	}
	for _, x := range rd.Notices {
		if _, ok := x.(engine.SyncCompleted); ok {
			n.SyncsCompleted++
		}
		n.Notices = append(n.Notices, x)
		if c.OnNotice != nil {
			c.OnNotice(n, x)
		}
	}
	n.Logs = append(n.Logs, rd.Logs...)
}
