package engine

import (
	"errors"
	"fmt"
	"sync"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/engine/syncproto"
	"github.com/gorosync/gorosync/totem"
	"github.com/gorosync/gorosync/totem/totempg"
	"github.com/gorosync/gorosync/totem/wire"
)

// Config is what an engine needs from the node's configuration.
type Config struct {
	// NodeID is this node's id (nonzero).
	NodeID uint32
	// Map is the node's configuration map (coroconf.Result.Map): the
	// engine reads quorum.* and totem.config_version from it and writes
	// the runtime.* and internal_configuration.* keys into it.
	Map *cmap.Map
	// Addrs lists each node's interface addresses by link number, for
	// runtime.members.<id>.ip ("r(0) ip(10.0.0.1) "). AddrsFromTotem
	// builds it from the loaded totem configuration.
	Addrs map[uint32][]string
	// NetMTU is totemsrp's net_mtu; 0 means totempg.DefaultNetMTU.
	NetMTU int
	// EVTracking is the persisted expected_votes_tracking barrier (nil
	// when <state_dir>/ev_tracking could not be read).
	EVTracking *uint32
}

// Errors returned by New and Step.
var (
	ErrConfig         = errors.New("engine: bad config")
	ErrNotStarted     = errors.New("engine: not started")
	ErrAlreadyStarted = errors.New("engine: already started")
	ErrTimeBackwards  = errors.New("engine: time moves backwards")
)

type timerState struct {
	armed, dirty bool
	deadline     int64
}

// Engine is one node's service layer above Totem. It is single-threaded:
// the driver serialises Step, Ready and the library calls. The only entry
// that may come from elsewhere is a cmap tracker callback, which just
// records that work is pending (see Poll).
type Engine struct {
	cfg     Config
	id      uint32
	m       *cmap.Map
	now     int64
	started bool

	packer *totempg.Packer
	reasm  *totempg.Reassembler

	services [serviceCount]service
	sync     *syncproto.Sync
	// syncInProcess is main.c's sync_in_process: 1 at start, set on every
	// configuration change, cleared when a sync completes.
	syncInProcess bool
	ring          wire.RingID
	members       []uint32

	cmap   *cmapService
	cpg    *cpgService
	quorum *quorumService
	vq     *vqService // nil without quorum.provider: corosync_votequorum

	timers [numTimers]timerState
	ready  Ready

	mu      sync.Mutex // guards pending, written by cmap trackers
	pending pendingWork
}

type pendingWork struct {
	configVersion bool
}

// New validates cfg and returns an engine that waits for Start.
func New(cfg Config) (*Engine, error) {
	if cfg.NodeID == 0 {
		return nil, fmt.Errorf("%w: NodeID 0 is reserved", ErrConfig)
	}
	if cfg.Map == nil {
		return nil, fmt.Errorf("%w: Map is nil", ErrConfig)
	}
	mtu := cfg.NetMTU
	if mtu == 0 {
		mtu = totempg.DefaultNetMTU
	}
	e := &Engine{
		cfg:           cfg,
		id:            cfg.NodeID,
		m:             cfg.Map,
		packer:        totempg.NewPacker(mtu),
		reasm:         totempg.NewReassembler(),
		syncInProcess: true,
	}
	return e, nil
}

// NodeID returns this node's id.
func (e *Engine) NodeID() uint32 { return e.id }

// Map returns the node's configuration map.
func (e *Engine) Map() *cmap.Map { return e.m }

// Ring returns the ring of the last regular configuration.
func (e *Engine) Ring() wire.RingID { return e.ring }

// Members returns the members of the last regular configuration.
func (e *Engine) Members() []uint32 { return append([]uint32(nil), e.members...) }

// SyncInProgress reports main.c's sync_in_process.
func (e *Engine) SyncInProgress() bool { return e.syncInProcess }

// Quorate is the quorum service's primary_designated.
func (e *Engine) Quorate() bool { return e.quorum != nil && e.quorum.quorate }

// Now returns the engine's clock.
func (e *Engine) Now() int64 { return e.now }

// Step feeds one event.
func (e *Engine) Step(ev Event) error {
	switch ev := ev.(type) {
	case Start:
		if e.started {
			return ErrAlreadyStarted
		}
		e.now = ev.Now
		if err := e.start(); err != nil {
			return err
		}
		e.started = true
	case Upcalls:
		if !e.started {
			return ErrNotStarted
		}
		for _, u := range ev.List {
			e.upcall(u)
		}
	case Tick:
		if !e.started {
			return ErrNotStarted
		}
		if ev.Now < e.now {
			return fmt.Errorf("%w: %d < %d", ErrTimeBackwards, ev.Now, e.now)
		}
		e.now = ev.Now
		e.fireDue()
	case Poll:
		if !e.started {
			return ErrNotStarted
		}
	default:
		return fmt.Errorf("engine: unknown event %T", ev)
	}
	e.afterStep()
	return nil
}

// afterStep is what Corosync does once the current callback returns:
// tracked-key work, the scheduled sync work, then the totempg flush that
// Corosync does on the next token (we flush per step: see doc.go).
func (e *Engine) afterStep() {
	e.runPendingWork()
	// sync_process may ask to be retried; one attempt per step, like one
	// schedwrk pass per main-loop iteration.
	if e.sync != nil && e.sync.Pending() {
		e.sync.RunPending()
	}
	if p := e.packer.Flush(); p != nil {
		e.ready.Packets = append(e.ready.Packets, p)
	}
}

func (e *Engine) runPendingWork() {
	e.mu.Lock()
	p := e.pending
	e.pending = pendingWork{}
	e.mu.Unlock()
	if p.configVersion && e.cmap != nil {
		e.cmap.configVersionChanged()
	}
}

func (e *Engine) markPending(f func(*pendingWork)) {
	e.mu.Lock()
	f(&e.pending)
	e.mu.Unlock()
}

// HasReady reports whether Ready would return something or work is
// pending (then call Step(Poll{})).
func (e *Engine) HasReady() bool {
	e.mu.Lock()
	p := e.pending != (pendingWork{})
	e.mu.Unlock()
	if p || !e.ready.Empty() || (e.sync != nil && e.sync.Pending()) {
		return true
	}
	for _, t := range e.timers {
		if t.dirty {
			return true
		}
	}
	return false
}

// Ready returns and clears the accumulated effects.
func (e *Engine) Ready() Ready {
	for k := range e.timers {
		t := &e.timers[k]
		if t.dirty {
			e.ready.Timers = append(e.ready.Timers, TimerUpdate{Timer: Timer(k), Armed: t.armed, Deadline: t.deadline})
			t.dirty = false
		}
	}
	r := e.ready
	e.ready = Ready{}
	return r
}

// NextDeadline returns the earliest armed timer deadline.
func (e *Engine) NextDeadline() (int64, bool) {
	var best int64
	ok := false
	for _, t := range e.timers {
		if t.armed && (!ok || t.deadline < best) {
			best, ok = t.deadline, true
		}
	}
	return best, ok
}

func (e *Engine) arm(t Timer, ms uint32) {
	e.timers[t] = timerState{armed: true, dirty: true, deadline: e.now + int64(ms)}
}

func (e *Engine) cancel(t Timer) {
	if e.timers[t].armed {
		e.timers[t] = timerState{dirty: true}
	}
}

func (e *Engine) fireDue() {
	for k := range e.timers {
		t := &e.timers[k]
		if t.armed && t.deadline <= e.now {
			t.armed, t.dirty = false, true
			if Timer(k) == TimerLMS && e.vq != nil {
				e.vq.lmsTimerFired()
			}
		}
	}
}

func (e *Engine) logf(subsys string, l Level, format string, args ...any) {
	e.ready.Logs = append(e.ready.Logs, Log{Subsys: subsys, Level: l, Text: fmt.Sprintf(format, args...)})
}

func (e *Engine) notice(n Notice) { e.ready.Notices = append(e.ready.Notices, n) }

// setKey writes a runtime key; a failure is a bug (bad key or type), so
// it is logged rather than returned.
func (e *Engine) setKey(key string, v cmap.Value) {
	if err := e.m.Set(key, v); err != nil {
		e.logf("MAIN", LevelError, "Can't set key %s: %v", key, err)
	}
}

func (e *Engine) upcall(u totem.Upcall) {
	switch u.Kind {
	case totem.UpcallConfChange:
		e.confchg(u.Conf)
	case totem.UpcallMessage:
		e.deliver(u.Message)
	}
}
