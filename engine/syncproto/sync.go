package syncproto

import (
	"fmt"
	"slices"

	"github.com/gorosync/gorosync/totem/svcmsg"
	"github.com/gorosync/gorosync/totem/wire"
)

// Hooks connect the protocol to the services and to totem.
type Hooks interface {
	// Send multicasts m in totempg group "sync".
	Send(m svcmsg.Message)
	// Init, Process, Activate and Abort are the service's sync callbacks;
	// they are only called for services that are local (Known).
	Init(service int32, trans, members []uint32, ring wire.RingID)
	Process(service int32) (done bool)
	Activate(service int32)
	Abort(service int32)
	// Known reports whether service is a local service with sync callbacks.
	Known(service int32) bool
	// Name is the service's name for the "Committing synchronization for
	// %s" line.
	Name(service int32) string
	// Completed is corosync_sync_completed.
	Completed()
	// Debugf logs at debug level (subsystem SYNC).
	Debugf(format string, args ...any)
}

type state uint8

const (
	stateServiceListBuild state = iota // waiting for SERVICE_BUILDs
	stateProcess                       // processing the current service
	stateBarrier                       // barrier sent for the current service
)

type service struct {
	id       int32
	name     string
	external bool // learnt from another node: dummy callbacks
	active   bool // ACTIVATE reached
}

// Sync is one node's sync protocol state.
type Sync struct {
	hooks  Hooks
	local  []int32 // local services with sync callbacks, ascending
	state  state
	ring   wire.RingID // zeroed by Abort: old messages no longer match
	procs  []uint32    // members of the ring being synced
	recvd  map[uint32]bool
	trans  []uint32 // transitional members (sync_save_transitional)
	svcs   []service
	idx    int
	work   bool // schedwrk pending
	active bool // a sync was started and not completed or aborted
}

// New returns the protocol for a node whose local services with sync
// callbacks are local (any order; duplicates ignored).
func New(local []int32, h Hooks) *Sync {
	l := slices.Clone(local)
	slices.Sort(l)
	return &Sync{hooks: h, local: slices.Compact(l), state: stateBarrier, recvd: map[uint32]bool{}}
}

// Ring is the ring being synchronized (zero after an abort).
func (s *Sync) Ring() wire.RingID { return s.ring }

// InProgress reports whether a sync was started and has not completed.
func (s *Sync) InProgress() bool { return s.active }

// Services returns the ids of the union list of the current sync.
func (s *Sync) Services() []int32 {
	out := make([]int32, len(s.svcs))
	for i, sv := range s.svcs {
		out[i] = sv.id
	}
	return out
}

// Current returns the id of the service being synchronized, if any.
func (s *Sync) Current() (int32, bool) {
	if !s.active || s.state == stateServiceListBuild || s.idx >= len(s.svcs) {
		return 0, false
	}
	return s.svcs[s.idx].id, true
}

// SaveTransitional is sync_save_transitional: the members of the
// transitional configuration, from which sync_init's trans list is cut.
func (s *Sync) SaveTransitional(members []uint32) { s.trans = slices.Clone(members) }

// Start is sync_start for a regular configuration: multicast the service
// list for ring and call the local services' sync_init.
func (s *Sync) Start(members []uint32, ring wire.RingID) {
	s.ring = ring
	s.state = stateServiceListBuild
	s.procs = slices.Clone(members)
	clear(s.recvd)
	s.idx = 0
	s.work = false
	s.active = true
	s.svcs = s.svcs[:0]
	for _, id := range s.local {
		if s.hooks.Known(id) {
			s.svcs = append(s.svcs, service{id: id, name: s.hooks.Name(id)})
		}
	}
	s.hooks.Send(&svcmsg.SyncServiceBuild{Ring: ring, Services: s.Services()})
	s.hooks.Debugf("call init for locally known services")
	// sync_process_call_init: the trans list is the saved transitional
	// members that are also in the new ring, in the saved order.
	var trans []uint32
	for _, id := range s.trans {
		if slices.Contains(members, id) {
			trans = append(trans, id)
		}
	}
	s.trans = trans
	for _, sv := range s.svcs {
		s.hooks.Init(sv.id, slices.Clone(trans), slices.Clone(members), ring)
	}
}

// Abort is sync_abort: stop a service whose sync_process is still
// scheduled (not one already waiting for barriers, as in sync.c) and
// forget the ring, so that barriers still in flight for it are discarded.
func (s *Sync) Abort() {
	if s.state == stateProcess && s.idx < len(s.svcs) {
		if sv := s.svcs[s.idx]; !sv.external && s.hooks.Known(sv.id) {
			s.hooks.Abort(sv.id)
		}
	}
	s.work = false
	s.active = false
	s.ring = wire.RingID{}
}

// Deliver handles a message of group "sync" from sender.
func (s *Sync) Deliver(sender uint32, m svcmsg.Message) error {
	switch m := m.(type) {
	case *svcmsg.SyncBarrier:
		s.barrier(sender, m)
	case *svcmsg.SyncServiceBuild:
		s.serviceBuild(sender, m)
	default:
		return fmt.Errorf("sync: unexpected message %T", m)
	}
	return nil
}

func (s *Sync) markAll(sender uint32) bool {
	if slices.Contains(s.procs, sender) {
		s.recvd[sender] = true
	}
	for _, id := range s.procs {
		if !s.recvd[id] {
			return false
		}
	}
	return true
}

func (s *Sync) serviceBuild(sender uint32, m *svcmsg.SyncServiceBuild) {
	if m.Ring != s.ring {
		s.hooks.Debugf("service build for old ring - discarding")
		return
	}
	added := false
	for _, id := range m.Services {
		if slices.ContainsFunc(s.svcs, func(sv service) bool { return sv.id == id }) {
			continue
		}
		s.svcs = append(s.svcs, service{id: id, external: true,
			name: fmt.Sprintf("Unknown External Service (id = %d)\n", id)})
		added = true
	}
	if added {
		slices.SortStableFunc(s.svcs, func(a, b service) int { return int(a.id) - int(b.id) })
	}
	if s.markAll(sender) && s.state == stateServiceListBuild {
		s.hooks.Debugf("enter sync process")
		s.processEnter()
	}
}

func (s *Sync) barrier(sender uint32, m *svcmsg.SyncBarrier) {
	if m.Ring != s.ring {
		s.hooks.Debugf("barrier for old ring - discarding")
		return
	}
	if !s.markAll(sender) || s.state == stateServiceListBuild || s.idx >= len(s.svcs) {
		return
	}
	sv := &s.svcs[s.idx]
	s.hooks.Debugf("Committing synchronization for %s", sv.name)
	sv.active = true
	if !sv.external && s.hooks.Known(sv.id) {
		s.hooks.Activate(sv.id)
	}
	s.idx++
	if s.idx == len(s.svcs) {
		s.complete()
		return
	}
	s.processEnter()
}

func (s *Sync) processEnter() {
	s.state = stateProcess
	if len(s.svcs) == 0 {
		s.state = stateServiceListBuild
		s.complete()
		return
	}
	clear(s.recvd)
	s.work = true
}

func (s *Sync) complete() {
	s.active = false
	s.work = false
	s.hooks.Completed()
}

// Pending reports whether sync_process work is scheduled.
func (s *Sync) Pending() bool { return s.work }

// RunPending runs the scheduled work once (schedwrk_processor): the
// current service's sync_process and, when it is done, its BARRIER. A
// service that is not done stays scheduled for the next call.
func (s *Sync) RunPending() {
	if !s.work || s.state != stateProcess || s.idx >= len(s.svcs) {
		s.work = false
		return
	}
	sv := s.svcs[s.idx]
	if !sv.external && s.hooks.Known(sv.id) && !s.hooks.Process(sv.id) {
		return
	}
	s.work = false
	s.state = stateBarrier
	s.hooks.Send(&svcmsg.SyncBarrier{Ring: s.ring})
}
