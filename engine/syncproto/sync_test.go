package syncproto

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/totem/svcmsg"
	"github.com/gorosync/gorosync/totem/wire"
)

// rec records every hook call as a line.
type rec struct {
	calls    []string
	sent     []svcmsg.Message
	notDone  map[int32]int // Process returns false this many times
	known    []int32
	complete int
}

func (r *rec) Send(m svcmsg.Message) {
	r.sent = append(r.sent, m)
	switch m := m.(type) {
	case *svcmsg.SyncBarrier:
		r.calls = append(r.calls, fmt.Sprintf("send barrier %v", m.Ring))
	case *svcmsg.SyncServiceBuild:
		r.calls = append(r.calls, fmt.Sprintf("send build %v %v", m.Ring, m.Services))
	}
}
func (r *rec) Init(id int32, trans, members []uint32, ring wire.RingID) {
	r.calls = append(r.calls, fmt.Sprintf("init %d trans=%v members=%v", id, trans, members))
}
func (r *rec) Process(id int32) bool {
	if r.notDone[id] > 0 {
		r.notDone[id]--
		r.calls = append(r.calls, fmt.Sprintf("process %d (retry)", id))
		return false
	}
	r.calls = append(r.calls, fmt.Sprintf("process %d", id))
	return true
}
func (r *rec) Activate(id int32)    { r.calls = append(r.calls, fmt.Sprintf("activate %d", id)) }
func (r *rec) Abort(id int32)       { r.calls = append(r.calls, fmt.Sprintf("abort %d", id)) }
func (r *rec) Known(id int32) bool  { return slices.Contains(r.known, id) }
func (r *rec) Name(id int32) string { return fmt.Sprintf("svc%d", id) }
func (r *rec) Completed()           { r.complete++; r.calls = append(r.calls, "completed") }
func (r *rec) Debugf(format string, args ...any) {
	r.calls = append(r.calls, "debug "+fmt.Sprintf(format, args...))
}

func (r *rec) take() string {
	var keep []string
	for _, c := range r.calls {
		if !strings.HasPrefix(c, "debug enter") && !strings.HasPrefix(c, "debug call") && !strings.HasPrefix(c, "debug Committing") {
			keep = append(keep, c)
		}
	}
	r.calls = nil
	return strings.Join(keep, "\n")
}

var ring1 = wire.RingID{Rep: 1, Seq: 8}

// Two members: our own list [0 5], the peer's [0 3 9]. The union is
// processed in ascending order; 3 and 9 are unknown here (dummy
// callbacks: a barrier without sync_process); activation waits for
// barriers of both nodes.
func TestUnionAndBarriers(t *testing.T) {
	r := &rec{known: []int32{0, 5}}
	s := New([]int32{5, 0}, r)
	s.SaveTransitional([]uint32{1, 7})
	s.Start([]uint32{1, 2}, ring1)
	if got, want := r.take(), "send build 1.8 [0 5]\ninit 0 trans=[1] members=[1 2]\ninit 5 trans=[1] members=[1 2]"; got != want {
		t.Fatalf("start:\n%s\nwant:\n%s", got, want)
	}
	must(t, s.Deliver(1, &svcmsg.SyncServiceBuild{Ring: ring1, Services: []int32{0, 5}}))
	if s.Pending() {
		t.Fatal("processing before every member's service list")
	}
	must(t, s.Deliver(2, &svcmsg.SyncServiceBuild{Ring: ring1, Services: []int32{9, 0, 3}}))
	if got := s.Services(); !slices.Equal(got, []int32{0, 3, 5, 9}) {
		t.Fatalf("union %v", got)
	}
	var order []string
	for _, id := range []int32{0, 3, 5, 9} {
		if !s.Pending() {
			t.Fatalf("service %d not scheduled", id)
		}
		s.RunPending()
		must(t, s.Deliver(1, &svcmsg.SyncBarrier{Ring: ring1}))
		if r.complete != 0 {
			t.Fatal("completed before the peer's barrier")
		}
		must(t, s.Deliver(2, &svcmsg.SyncBarrier{Ring: ring1}))
		order = append(order, r.take())
	}
	want := []string{
		"process 0\nsend barrier 1.8\nactivate 0",
		"send barrier 1.8",
		"process 5\nsend barrier 1.8\nactivate 5",
		"send barrier 1.8\ncompleted",
	}
	if !slices.Equal(order, want) {
		t.Fatalf("per service:\n%q\nwant\n%q", order, want)
	}
	if s.InProgress() {
		t.Error("still in progress")
	}
}

// A service that is not done is retried; a new configuration change
// aborts it; barriers of the old ring are then discarded.
func TestRetryAbortAndOldRing(t *testing.T) {
	r := &rec{known: []int32{0}, notDone: map[int32]int{0: 2}}
	s := New([]int32{0}, r)
	s.Start([]uint32{1, 2}, ring1)
	must(t, s.Deliver(1, &svcmsg.SyncServiceBuild{Ring: ring1, Services: []int32{0}}))
	must(t, s.Deliver(2, &svcmsg.SyncServiceBuild{Ring: ring1, Services: []int32{0}}))
	r.take()
	s.RunPending()
	s.RunPending()
	if got := r.take(); got != "process 0 (retry)\nprocess 0 (retry)" || !s.Pending() {
		t.Fatalf("retries: %q pending=%v", got, s.Pending())
	}
	s.Abort()
	if got := r.take(); got != "abort 0" || s.Pending() || s.InProgress() {
		t.Fatalf("abort: %q pending=%v", got, s.Pending())
	}
	must(t, s.Deliver(2, &svcmsg.SyncBarrier{Ring: ring1}))
	if got := r.take(); got != "debug barrier for old ring - discarding" {
		t.Fatalf("old barrier: %q", got)
	}
	must(t, s.Deliver(2, &svcmsg.SyncServiceBuild{Ring: ring1}))
	if got := r.take(); got != "debug service build for old ring - discarding" {
		t.Fatalf("old build: %q", got)
	}
	// A service waiting for barriers (not processing) is not aborted, as
	// in sync.c.
	ring2 := wire.RingID{Rep: 1, Seq: 12}
	s.Start([]uint32{1}, ring2)
	must(t, s.Deliver(1, &svcmsg.SyncServiceBuild{Ring: ring2, Services: []int32{0}}))
	s.RunPending()
	s.RunPending()
	s.RunPending()
	r.take()
	s.Abort()
	if got := r.take(); got != "" {
		t.Fatalf("abort while waiting for barriers called %q", got)
	}
}

func TestNoServicesCompletesAtOnce(t *testing.T) {
	r := &rec{}
	s := New(nil, r)
	s.Start([]uint32{1}, ring1)
	must(t, s.Deliver(1, &svcmsg.SyncServiceBuild{Ring: ring1}))
	if r.complete != 1 {
		t.Fatalf("completed %d times", r.complete)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
