// Package sim runs Totem nodes (package totem) on an in-memory network
// under virtual time. Everything random comes from one seeded generator,
// so a run is fully determined by its seed and its schedule of actions:
// any failure replays exactly.
package sim

import (
	"container/heap"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/gorosync/gorosync/totem"
	"github.com/gorosync/gorosync/totem/wire"
)

// Net describes the simulated network's behaviour per datagram.
type Net struct {
	MinDelay, MaxDelay int64   // ms, uniform
	Drop               float64 // probability a datagram is lost
	Dup                float64 // probability it is delivered twice
	// LossyNode, if set, loses a further LossyDrop of the MCAST
	// datagrams it receives from others while tokens still get through
	// (broken multicast: the FAILED TO RECEIVE case).
	LossyNode uint32
	LossyDrop float64
}

// Options configure a simulation.
type Options struct {
	NodeIDs []uint32
	Seed    uint64
	Net     Net
	// Config builds each node's config; nil uses SimConfig.
	Config func(id uint32, members []uint32) totem.Config
	// TraceLimit bounds the kept trace lines (0 = 400).
	TraceLimit int
	// RecvBuffer bounds the datagrams in flight to one node, like a
	// socket receive buffer: more are dropped (0 = 2000).
	RecvBuffer int
}

// SimConfig is Corosync's default config with a 1000 ms token, so that
// failures are detected in simulated seconds rather than tens of seconds.
func SimConfig(id uint32, members []uint32) totem.Config {
	c := totem.DefaultConfig(id, members)
	c.SetToken(1000)
	return c
}

// RecordKind tells a delivered message from a configuration change.
type RecordKind uint8

const (
	RecMessage RecordKind = iota
	RecConf
)

// Record is one upcall as a process saw it.
type Record struct {
	At   int64
	Kind RecordKind
	Msg  totem.Message
	Conf totem.ConfChange
}

// Process is one incarnation of a node: from its start to its crash,
// leave, or the end of the run.
type Process struct {
	Node    uint32
	Inc     int
	Start   int64
	End     int64 // -1 while running
	Records []Record
	Sent    []string // payloads this process queued, in order
}

// Name is "n<id>" or "n<id>#<inc>" after restarts.
func (p *Process) Name() string {
	if p.Inc == 0 {
		return fmt.Sprintf("n%d", p.Node)
	}
	return fmt.Sprintf("n%d#%d", p.Node, p.Inc)
}

type simNode struct {
	id        uint32
	node      *totem.Node
	up        bool
	proc      *Process
	persisted uint64
	incs      int
	sent      int
}

type packet struct {
	at   int64
	seq  uint64
	from uint32
	to   uint32
	data []byte
}

type packetHeap []packet

func (h packetHeap) Len() int { return len(h) }
func (h packetHeap) Less(i, j int) bool {
	if h[i].at != h[j].at {
		return h[i].at < h[j].at
	}
	return h[i].seq < h[j].seq
}
func (h packetHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *packetHeap) Push(x any)   { *h = append(*h, x.(packet)) }
func (h *packetHeap) Pop() any {
	old := *h
	p := old[len(old)-1]
	*h = old[:len(old)-1]
	return p
}

// Sim is a deterministic cluster of Totem nodes.
type Sim struct {
	opts     Options
	rng      *rand.Rand
	now      int64
	ids      []uint32
	nodes    map[uint32]*simNode
	queue    packetHeap
	pktSeq   uint64
	group    map[uint32]int // partition: nodes talk only within a group
	inflight map[uint32]int // datagrams queued per receiver
	// Overflows counts datagrams dropped because a receive buffer was full.
	Overflows uint64
	// Stats sums the counters of every node incarnation that has stopped;
	// TotalStats adds the running ones.
	stopped   totem.Stats
	Processes []*Process
	trace     []string
	// Delivered counts datagrams handed to nodes (for budget reporting).
	Delivered uint64
	// OnUpcall, if set, sees every upcall as it happens.
	OnUpcall func(p *Process, r Record)
	// OnLog, if set, sees every core log line.
	OnLog func(id uint32, at int64, l totem.Log)
	// OnDatagram, if set, sees every datagram a node sends.
	OnDatagram func(from uint32, at int64, d totem.Datagram)
}

// New builds a simulation; nodes start only when Start is called.
func New(o Options) *Sim {
	if o.Config == nil {
		o.Config = SimConfig
	}
	if o.TraceLimit == 0 {
		o.TraceLimit = 400
	}
	if o.RecvBuffer == 0 {
		o.RecvBuffer = 2000
	}
	if o.Net.MaxDelay < o.Net.MinDelay {
		o.Net.MaxDelay = o.Net.MinDelay
	}
	s := &Sim{
		opts:     o,
		rng:      rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15)),
		ids:      slices.Clone(o.NodeIDs),
		nodes:    map[uint32]*simNode{},
		group:    map[uint32]int{},
		inflight: map[uint32]int{},
	}
	slices.Sort(s.ids)
	for _, id := range s.ids {
		s.nodes[id] = &simNode{id: id}
	}
	return s
}

// Now returns the virtual time in ms.
func (s *Sim) Now() int64 { return s.now }

// IDs returns the node ids, sorted.
func (s *Sim) IDs() []uint32 { return slices.Clone(s.ids) }

// Rand exposes the simulation's generator for schedule drivers, so one
// seed fixes both the network and the schedule.
func (s *Sim) Rand() *rand.Rand { return s.rng }

// SetNet changes the network behaviour from now on.
func (s *Sim) SetNet(n Net) {
	if n.MaxDelay < n.MinDelay {
		n.MaxDelay = n.MinDelay
	}
	s.opts.Net = n
	s.tracef("net delay=%d..%d drop=%.2f dup=%.2f", n.MinDelay, n.MaxDelay, n.Drop, n.Dup)
}

// Net returns the current network behaviour.
func (s *Sim) Net() Net { return s.opts.Net }

// Node returns the core of a running node (nil if down).
func (s *Sim) Node(id uint32) *totem.Node {
	if sn := s.nodes[id]; sn != nil && sn.up {
		return sn.node
	}
	return nil
}

// Up reports whether node id is running.
func (s *Sim) Up(id uint32) bool { sn := s.nodes[id]; return sn != nil && sn.up }

// Persisted returns the ring seq node id last persisted.
func (s *Sim) Persisted(id uint32) uint64 { return s.nodes[id].persisted }

// SetPersisted sets the stored ring seq a node will start from.
func (s *Sim) SetPersisted(id uint32, seq uint64) { s.nodes[id].persisted = seq }

// Process returns the current (or last) incarnation of node id.
func (s *Sim) Process(id uint32) *Process { return s.nodes[id].proc }

// Trace returns the kept trace lines, oldest first.
func (s *Sim) Trace() []string { return slices.Clone(s.trace) }

func (s *Sim) tracef(format string, args ...any) {
	line := fmt.Sprintf("%7d ", s.now) + fmt.Sprintf(format, args...)
	if len(s.trace) >= s.opts.TraceLimit {
		copy(s.trace, s.trace[1:])
		s.trace = s.trace[:len(s.trace)-1]
	}
	s.trace = append(s.trace, line)
}

// Start boots node id from its persisted ring seq.
func (s *Sim) Start(id uint32) error {
	sn := s.nodes[id]
	if sn == nil {
		return fmt.Errorf("sim: unknown node %d", id)
	}
	if sn.up {
		return fmt.Errorf("sim: node %d already up", id)
	}
	n, err := totem.NewNode(s.opts.Config(id, s.ids))
	if err != nil {
		return err
	}
	sn.node = n
	sn.up = true
	sn.proc = &Process{Node: id, Inc: sn.incs, Start: s.now, End: -1}
	sn.incs++
	sn.sent = 0
	s.Processes = append(s.Processes, sn.proc)
	s.tracef("start n%d ringseq=%d", id, sn.persisted)
	return s.step(sn, totem.Start{RingSeq: sn.persisted, Now: s.now})
}

// Crash stops node id abruptly (its persisted ring seq survives).
func (s *Sim) Crash(id uint32) {
	sn := s.nodes[id]
	if sn == nil || !sn.up {
		return
	}
	addStats(&s.stopped, sn.node.Stats())
	sn.up = false
	sn.node = nil
	sn.proc.End = s.now
	s.tracef("crash n%d", id)
}

// Leave makes node id leave cleanly (LEAVE message), then stop.
func (s *Sim) Leave(id uint32) error {
	sn := s.nodes[id]
	if sn == nil || !sn.up {
		return nil
	}
	s.tracef("leave n%d", id)
	err := s.step(sn, totem.Leave{})
	addStats(&s.stopped, sn.node.Stats())
	sn.up = false
	sn.node = nil
	sn.proc.End = s.now
	return err
}

// Send queues an application message at node id and returns its payload
// ("n<id>.<inc>.<k>", unique per run).
func (s *Sim) Send(id uint32) (string, error) {
	sn := s.nodes[id]
	if sn == nil || !sn.up {
		return "", fmt.Errorf("sim: node %d is down", id)
	}
	payload := fmt.Sprintf("n%d.%d.%d", id, sn.proc.Inc, sn.sent)
	if err := s.step(sn, totem.AppSend{Payload: []byte(payload)}); err != nil {
		return "", err
	}
	sn.sent++
	sn.proc.Sent = append(sn.proc.Sent, payload)
	return payload, nil
}

// Partition splits the network: nodes in the same group talk, others do
// not. Nodes not listed form one more group together.
func (s *Sim) Partition(groups ...[]uint32) {
	clear(s.group)
	for i, g := range groups {
		for _, id := range g {
			s.group[id] = i + 1
		}
	}
	s.tracef("partition %v", groups)
}

// Heal reconnects everybody.
func (s *Sim) Heal() {
	clear(s.group)
	s.tracef("heal")
}

func (s *Sim) connected(a, b uint32) bool { return s.group[a] == s.group[b] }

// RunFor advances virtual time by ms.
func (s *Sim) RunFor(ms int64) error { return s.RunUntil(s.now + ms) }

// RunUntil processes datagrams and timers in time order up to t.
func (s *Sim) RunUntil(t int64) error {
	for {
		var (
			at    int64
			timer *simNode
			have  bool
		)
		if len(s.queue) > 0 {
			at, have = s.queue[0].at, true
		}
		for _, id := range s.ids {
			sn := s.nodes[id]
			if !sn.up {
				continue
			}
			if d, ok := sn.node.NextDeadline(); ok && (!have || d < at) {
				at, timer, have = d, sn, true
			}
		}
		if !have || at > t {
			break
		}
		if at > s.now {
			s.now = at
		}
		if timer != nil {
			if err := s.step(timer, totem.Tick{Now: s.now}); err != nil {
				return err
			}
			continue
		}
		p := heap.Pop(&s.queue).(packet)
		s.inflight[p.to]--
		sn := s.nodes[p.to]
		if !sn.up {
			continue
		}
		s.Delivered++
		if err := s.step(sn, totem.Tick{Now: s.now}); err != nil {
			return err
		}
		if !sn.up {
			continue
		}
		if err := s.step(sn, totem.Received{From: p.from, Data: p.data}); err != nil {
			return err
		}
	}
	if t > s.now {
		s.now = t
	}
	return nil
}

func (s *Sim) step(sn *simNode, ev totem.Event) error {
	if err := sn.node.Step(ev); err != nil {
		return fmt.Errorf("sim: n%d step %T at %d: %w", sn.id, ev, s.now, err)
	}
	if !sn.node.HasReady() {
		return nil
	}
	rd := sn.node.Ready()
	if rd.PersistRingSeq {
		sn.persisted = rd.RingSeq
	}
	for _, l := range rd.Logs {
		if s.OnLog != nil {
			s.OnLog(sn.id, s.now, l)
		}
		if l.Level >= totem.LogNotice {
			s.tracef("n%d: %s", sn.id, l.Text)
		}
	}
	for _, u := range rd.Upcalls {
		r := Record{At: s.now}
		if u.Kind == totem.UpcallConfChange {
			r.Kind, r.Conf = RecConf, u.Conf
			s.tracef("n%d: confchg %s", sn.id, u.Conf)
		} else {
			r.Kind, r.Msg = RecMessage, u.Message
		}
		sn.proc.Records = append(sn.proc.Records, r)
		if s.OnUpcall != nil {
			s.OnUpcall(sn.proc, r)
		}
	}
	for _, d := range rd.Datagrams {
		if s.OnDatagram != nil {
			s.OnDatagram(sn.id, s.now, d)
		}
		if d.Multicast {
			for _, to := range s.ids {
				s.transmit(sn.id, to, d.Data)
			}
		} else {
			s.transmit(sn.id, d.To, d.Data)
		}
	}
	return nil
}

// transmit applies the network's faults to one datagram. A node's
// datagrams to itself (udpu loops them through its own socket) are never
// lost and take the minimum delay.
func (s *Sim) transmit(from, to uint32, data []byte) {
	if _, ok := s.nodes[to]; !ok {
		return
	}
	n := s.opts.Net
	copies := 1
	if from != to {
		if !s.connected(from, to) {
			return
		}
		if n.Drop > 0 && s.rng.Float64() < n.Drop {
			return
		}
		if to == n.LossyNode && n.LossyDrop > 0 && len(data) > 3 && data[3] == byte(wire.TypeMcast) && s.rng.Float64() < n.LossyDrop {
			return
		}
		if n.Dup > 0 && s.rng.Float64() < n.Dup {
			copies = 2
		}
	}
	for range copies {
		if s.inflight[to] >= s.opts.RecvBuffer {
			s.Overflows++
			return
		}
		s.inflight[to]++
		delay := n.MinDelay
		if from != to && n.MaxDelay > n.MinDelay {
			delay += s.rng.Int64N(n.MaxDelay - n.MinDelay + 1)
		}
		s.pktSeq++
		heap.Push(&s.queue, packet{at: s.now + delay, seq: s.pktSeq, from: from, to: to, data: data})
	}
}

// TotalStats sums the protocol counters of all incarnations so far.
func (s *Sim) TotalStats() totem.Stats {
	t := s.stopped
	for _, id := range s.ids {
		if sn := s.nodes[id]; sn.up {
			addStats(&t, sn.node.Stats())
		}
	}
	return t
}

func addStats(t *totem.Stats, a totem.Stats) {
	t.OrfTokenRx += a.OrfTokenRx
	t.OrfTokenTx += a.OrfTokenTx
	t.McastRx += a.McastRx
	t.McastTx += a.McastTx
	t.McastRetx += a.McastRetx
	t.JoinRx += a.JoinRx
	t.JoinTx += a.JoinTx
	t.CommitTokenRx += a.CommitTokenRx
	t.MergeDetectTx += a.MergeDetectTx
	t.TokenHoldCancelTx += a.TokenHoldCancelTx
	t.DecodeErrors += a.DecodeErrors
	t.GatherEntered += a.GatherEntered
	t.OperationalEntered += a.OperationalEntered
	t.ConsensusTimeouts += a.ConsensusTimeouts
	t.RecoveryTokenLost += a.RecoveryTokenLost
	t.OperationalTokenLost += a.OperationalTokenLost
	t.RecoveryMessagesOriginated += a.RecoveryMessagesOriginated
	t.FailedToReceive += a.FailedToReceive
}
