// Package sim runs Totem nodes (package totem) on an in-memory network
// under virtual time. Everything random comes from one seeded generator,
// so a run is fully determined by its seed and its schedule of actions:
// any failure replays exactly.
package sim

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

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
	// SelfDelay, if positive, is how long a node's datagrams to itself
	// take (0: MinDelay). A real node's own multicast comes back through
	// its socket and can trail a peer's that crossed the wire: at a cold
	// start each node may hear the other's JOIN before its own.
	SelfDelay int64
	// LinkDelay adds ms to every datagram from one node to another
	// ({from, to}): a sender descheduled between the unicasts of its
	// multicast, so one peer hears it well after the others.
	LinkDelay map[[2]uint32]int64
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
	// Sync chooses how the application layer acknowledges configuration
	// changes (totem.SyncDone); the zero value never does.
	Sync SyncMode
	// DiscardRecords keeps no upcall history (benchmarks): OnUpcall still
	// sees every upcall, Check sees none.
	DiscardRecords bool
}

// SyncMode is the emulated sync layer above Totem.
type SyncMode uint8

const (
	// SyncNever never sends SyncDone: every message goes through the
	// sync queue (what a driver without a sync layer gets).
	SyncNever SyncMode = iota
	// SyncImmediate acknowledges as soon as the regular configuration
	// change is delivered.
	SyncImmediate
	// SyncBarrier behaves like Corosync's sync service: on a regular
	// change every process multicasts a barrier naming the ring, and
	// acknowledges once it has delivered the barriers of all members for
	// that ring (a later change restarts it).
	SyncBarrier
)

func (m SyncMode) String() string {
	switch m {
	case SyncImmediate:
		return "immediate"
	case SyncBarrier:
		return "barrier"
	}
	return "never"
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
	// Holders, for a SAFE message, lists the nodes that had received it
	// in its ring when it was delivered (sorted).
	Holders []uint32
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
	cfg       totem.Config
	up        bool
	proc      *Process
	persisted uint64
	incs      int
	sent      int
	sync      syncState
}

// syncState is the emulated sync layer of one process (SyncBarrier).
type syncState struct {
	active  bool
	ring    wire.RingID
	members []uint32
	got     map[uint32]bool
}

// appAction is what the emulated application does after an upcall; it
// runs once the Ready that caused it has been applied.
type appAction struct {
	barrier  wire.RingID // multicast a barrier for this ring
	syncDone bool
}

// msgKey names a message by ring and seq.
type msgKey struct {
	ring wire.RingID
	seq  uint32
}

type packet struct {
	at   int64
	seq  uint64
	from uint32
	to   uint32
	data []byte
}

// packetHeap is a min-heap of packets by (at, seq), typed so that pushes
// and pops do not box packets into interfaces (container/heap would
// allocate for each datagram).
type packetHeap []packet

func (h packetHeap) less(i, j int) bool {
	if h[i].at != h[j].at {
		return h[i].at < h[j].at
	}
	return h[i].seq < h[j].seq
}

func (h *packetHeap) push(p packet) {
	*h = append(*h, p)
	q := *h
	for i := len(q) - 1; i > 0; {
		parent := (i - 1) / 2
		if !q.less(i, parent) {
			break
		}
		q[i], q[parent] = q[parent], q[i]
		i = parent
	}
}

func (h *packetHeap) pop() packet {
	q := *h
	top := q[0]
	last := len(q) - 1
	q[0] = q[last]
	q[last] = packet{}
	q = q[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(q) && q.less(l, m) {
			m = l
		}
		if r < len(q) && q.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		q[i], q[m] = q[m], q[i]
		i = m
	}
	*h = q
	return top
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

	holders    map[msgKey][]uint32 // who received each SAFE message in its ring
	regularQ   map[string]bool     // payloads queued while not waiting for the trans ack
	violations []Violation         // broken rules seen while running
	// SyncDones counts the acknowledgements the sync layer sent.
	SyncDones uint64
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
		holders:  map[msgKey][]uint32{},
		regularQ: map[string]bool{},
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
	cfg := s.opts.Config(id, s.ids)
	n, err := totem.NewNode(cfg)
	if err != nil {
		return err
	}
	sn.node = n
	sn.cfg = cfg
	sn.sync = syncState{}
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

// Send queues an application message (AGREED) at node id and returns its
// payload ("n<id>.<inc>.<k>", unique per run).
func (s *Sim) Send(id uint32) (string, error) { return s.SendGuarantee(id, totem.GuaranteeAgreed) }

// SendGuarantee is Send with a delivery guarantee (totem.GuaranteeSafe).
func (s *Sim) SendGuarantee(id uint32, g uint32) (string, error) {
	sn := s.nodes[id]
	if sn == nil || !sn.up {
		return "", fmt.Errorf("sim: node %d is down", id)
	}
	return s.send(sn, fmt.Sprintf("n%d.%d.%d", id, sn.proc.Inc, sn.sent), g)
}

func (s *Sim) send(sn *simNode, payload string, g uint32) (string, error) {
	if !sn.node.WaitingTransAck() {
		s.regularQ[payload] = true
	}
	if err := s.step(sn, totem.AppSend{Payload: []byte(payload), Guarantee: g}); err != nil {
		return "", err
	}
	sn.sent++
	sn.proc.Sent = append(sn.proc.Sent, payload)
	return payload, nil
}

// Inject steps any event into running node id and applies the effects,
// without the bookkeeping of Send (for benchmarks and custom traffic:
// the payloads are not recorded as sent, so Check would flag them).
func (s *Sim) Inject(id uint32, ev totem.Event) error {
	sn := s.nodes[id]
	if sn == nil || !sn.up {
		return fmt.Errorf("sim: node %d is down", id)
	}
	return s.step(sn, ev)
}

// SyncDone acknowledges the last configuration change at node id by hand
// (for scenarios; the Sync option does it automatically).
func (s *Sim) SyncDone(id uint32) error {
	sn := s.nodes[id]
	if sn == nil || !sn.up {
		return fmt.Errorf("sim: node %d is down", id)
	}
	s.tracef("syncdone n%d", id)
	s.SyncDones++
	return s.step(sn, totem.SyncDone{})
}

// Violations returns the rules broken while running (checked online:
// trans-ack), as opposed to Check's post-mortem over histories.
func (s *Sim) Violations() []Violation { return slices.Clone(s.violations) }

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
		p := s.queue.pop()
		s.inflight[p.to]--
		sn := s.nodes[p.to]
		if !sn.up {
			continue
		}
		s.Delivered++
		// Advance the node's clock (and fire timers due now) first; skip
		// the no-op Tick, which would box an event for nothing.
		if d, ok := sn.node.NextDeadline(); sn.node.Now() < s.now || (ok && d <= s.now) {
			if err := s.step(sn, totem.Tick{Now: s.now}); err != nil {
				return err
			}
			if !sn.up {
				continue
			}
		}
		s.noteSafeReceipt(sn, p.data)
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
	var acts []appAction
	for _, u := range rd.Upcalls {
		r := Record{At: s.now}
		if u.Kind == totem.UpcallConfChange {
			r.Kind, r.Conf = RecConf, u.Conf
			s.tracef("n%d: confchg %s", sn.id, u.Conf)
		} else {
			r.Kind, r.Msg = RecMessage, u.Message
			if u.Message.Guarantee == totem.GuaranteeSafe {
				r.Holders = slices.Clone(s.holders[msgKey{u.Message.Ring, u.Message.Seq}])
				slices.Sort(r.Holders)
			}
		}
		if !s.opts.DiscardRecords {
			sn.proc.Records = append(sn.proc.Records, r)
		}
		if s.OnUpcall != nil {
			s.OnUpcall(sn.proc, r)
		}
		acts = s.syncLayer(sn, r, acts)
	}
	waiting := sn.node.WaitingTransAck()
	for _, d := range rd.Datagrams {
		if s.OnDatagram != nil {
			s.OnDatagram(sn.id, s.now, d)
		}
		if d.Type == wire.TypeMcast {
			s.noteSend(sn, d.Data, waiting)
		}
		delay := int64(0)
		if d.Type == wire.TypeMembJoin && sn.cfg.SendJoin > 0 {
			// send_join: the driver sleeps 0..send_join ms before a JOIN.
			delay = s.rng.Int64N(int64(sn.cfg.SendJoin))
		}
		if d.Multicast {
			for _, to := range s.ids {
				s.transmit(sn.id, to, d.Data, delay)
			}
		} else {
			s.transmit(sn.id, d.To, d.Data, delay)
		}
	}
	for _, a := range acts {
		if !sn.up {
			break
		}
		var err error
		if a.syncDone {
			err = s.SyncDone(sn.id)
		} else {
			payload := fmt.Sprintf("n%d.%d.%d.sync.%x.%x", sn.id, sn.proc.Inc, sn.sent, a.barrier.Rep, a.barrier.Seq)
			_, err = s.send(sn, payload, totem.GuaranteeAgreed)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// syncLayer emulates the application's sync service for one upcall and
// returns the actions it takes.
func (s *Sim) syncLayer(sn *simNode, r Record, acts []appAction) []appAction {
	switch s.opts.Sync {
	case SyncImmediate:
		if r.Kind == RecConf && r.Conf.Type == totem.Regular {
			acts = append(acts, appAction{syncDone: true})
		}
	case SyncBarrier:
		st := &sn.sync
		if r.Kind == RecConf {
			if r.Conf.Type == totem.Regular {
				*st = syncState{active: true, ring: r.Conf.Ring, members: r.Conf.Members, got: map[uint32]bool{}}
				acts = append(acts, appAction{barrier: r.Conf.Ring})
			} else {
				st.active = false // sync_abort
			}
			return acts
		}
		ring, ok := barrierRing(r.Msg.Payload)
		if !ok || !st.active || ring != st.ring || !slices.Contains(st.members, r.Msg.Sender) {
			return acts
		}
		st.got[r.Msg.Sender] = true
		if len(st.got) == len(st.members) {
			st.active = false
			acts = append(acts, appAction{syncDone: true})
		}
	}
	return acts
}

// barrierRing parses the ring out of a barrier payload
// ("n<id>.<inc>.<k>.sync.<rep>.<seq>", hex ring fields).
func barrierRing(p []byte) (wire.RingID, bool) {
	i := strings.Index(string(p), ".sync.")
	if i < 0 {
		return wire.RingID{}, false
	}
	var r wire.RingID
	if _, err := fmt.Sscanf(string(p[i+len(".sync."):]), "%x.%x", &r.Rep, &r.Seq); err != nil {
		return wire.RingID{}, false
	}
	return r, true
}

// mcastFields reads the fields of a plain (not encapsulated) little-endian
// mcast datagram that the checks need.
func mcastFields(b []byte) (key msgKey, guarantee uint32, payload []byte, ok bool) {
	if len(b) < wire.McastHeaderSize || b[3] != byte(wire.TypeMcast) || b[4] != byte(wire.NotEncapsulated) {
		return msgKey{}, 0, nil, false
	}
	le := binary.LittleEndian
	key = msgKey{ring: wire.RingID{Rep: le.Uint32(b[25:]), Seq: le.Uint64(b[29:])}, seq: le.Uint32(b[17:])}
	return key, le.Uint32(b[41:]), b[wire.McastHeaderSize:], true
}

// noteSend checks a node's own new multicast: while it waits for the
// trans ack it may only send what was queued after the configuration
// change (trans-ack rule), and the sender holds a SAFE message from the
// moment it sends it.
func (s *Sim) noteSend(sn *simNode, b []byte, waiting bool) {
	key, g, payload, ok := mcastFields(b)
	if !ok {
		return
	}
	if binary.LittleEndian.Uint32(b[5:]) != sn.id {
		return // a retransmission of somebody else's message
	}
	if waiting && s.regularQ[string(payload)] && len(s.violations) < 50 {
		s.violations = append(s.violations, Violation{"trans-ack", fmt.Sprintf("%s sent %q (queued before the configuration change) at %d while waiting for the trans ack", sn.proc.Name(), payload, s.now)})
	}
	if g == totem.GuaranteeSafe {
		s.addHolder(key, sn.id)
	}
}

// noteSafeReceipt records that a node received a SAFE message of the ring
// it is in (where the core stores it: any state but RECOVERY).
func (s *Sim) noteSafeReceipt(sn *simNode, b []byte) {
	key, g, _, ok := mcastFields(b)
	if !ok || g != totem.GuaranteeSafe || key.ring != sn.node.RingID() || sn.node.State() == totem.StateRecovery {
		return
	}
	s.addHolder(key, sn.id)
}

func (s *Sim) addHolder(key msgKey, id uint32) {
	if h := s.holders[key]; !slices.Contains(h, id) {
		s.holders[key] = append(h, id)
	}
}

// transmit applies the network's faults to one datagram. A node's
// datagrams to itself (udpu loops them through its own socket) are never
// lost and take the minimum delay.
func (s *Sim) transmit(from, to uint32, data []byte, extraDelay int64) {
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
		delay := n.MinDelay + extraDelay
		if from == to && n.SelfDelay > 0 {
			delay = n.SelfDelay + extraDelay
		}
		delay += n.LinkDelay[[2]uint32{from, to}]
		if from != to && n.MaxDelay > n.MinDelay {
			delay += s.rng.Int64N(n.MaxDelay - n.MinDelay + 1)
		}
		s.pktSeq++
		s.queue.push(packet{at: s.now + delay, seq: s.pktSeq, from: from, to: to, data: data})
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
