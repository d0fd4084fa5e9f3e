package votequorum

import (
	"fmt"
	"slices"
	"testing"

	"github.com/gorosync/gorosync/totem/svcmsg"
	"github.com/gorosync/gorosync/totem/wire"
)

// simCluster runs several Quorum instances against a totally ordered,
// loss-free message bus: what totem plus the sync protocol give
// votequorum. Messages are delivered as their wire bytes (encode, then
// decode) so the svcmsg codecs are exercised too.
type simCluster struct {
	t        testing.TB
	cfg      func(id uint32) Config
	nodes    map[uint32]*Quorum
	up       []uint32 // current membership, ascending
	queue    []simMsg
	lms      map[uint32]bool // armed LMS timers
	lmsMs    map[uint32]uint32
	seq      uint64
	quorumCB map[uint32][]QuorumChanged
	persist  map[uint32]uint32
}

type simMsg struct {
	from uint32
	wire []byte
}

func newSim(t testing.TB, cfg func(id uint32) Config) *simCluster {
	return &simCluster{t: t, cfg: cfg, nodes: map[uint32]*Quorum{}, lms: map[uint32]bool{},
		lmsMs: map[uint32]uint32{}, quorumCB: map[uint32][]QuorumChanged{}, persist: map[uint32]uint32{}}
}

// start boots node id (service init); it joins the ring at the next form.
func (s *simCluster) start(id uint32) {
	s.t.Helper()
	var ev *uint32
	if v, ok := s.persist[id]; ok {
		ev = &v
	}
	q, eff, err := New(id, s.cfg(id), ev)
	if err != nil {
		s.t.Fatalf("node %d: New: %v", id, err)
	}
	s.nodes[id] = q
	s.apply(id, eff)
}

func (s *simCluster) apply(id uint32, eff []Effect) {
	for _, e := range eff {
		switch e := e.(type) {
		case Send:
			s.queue = append(s.queue, simMsg{id, svcmsg.Encode(e.Msg)})
		case ArmLMSTimer:
			s.lms[id] = true
			s.lmsMs[id] = e.Ms
		case CancelLMSTimer:
			s.lms[id] = false
		case QuorumChanged:
			s.quorumCB[id] = append(s.quorumCB[id], e)
		case PersistEVTracking:
			s.persist[id] = e.Value
		}
	}
}

// deliver empties the queue to every member (messages sent while
// delivering are delivered too, in order). Senders outside the
// membership (dead nodes) are dropped, as totem would never deliver them.
func (s *simCluster) deliver() {
	for i := 0; len(s.queue) > 0; i++ {
		if i > 10000 {
			s.t.Fatal("message storm")
		}
		m := s.queue[0]
		s.queue = s.queue[1:]
		if !slices.Contains(s.up, m.from) {
			continue
		}
		msg, err := svcmsg.Decode("a", m.wire, false)
		if err != nil {
			s.t.Fatalf("decode: %v", err)
		}
		for _, id := range s.up {
			eff, err := s.nodes[id].Deliver(m.from, msg)
			if err != nil {
				s.t.Fatal(err)
			}
			s.apply(id, eff)
		}
	}
}

// form installs a new membership (the nodes must have been started) and
// runs votequorum's part of the sync protocol on every member.
func (s *simCluster) form(members ...uint32) {
	s.t.Helper()
	slices.Sort(members)
	s.seq += 4
	ring := wire.RingID{Rep: members[0], Seq: s.seq}
	for _, id := range s.up {
		if !slices.Contains(members, id) {
			delete(s.nodes, id) // crashed
			s.lms[id] = false
		}
	}
	s.up = members
	for _, id := range members {
		s.apply(id, s.nodes[id].SyncInit(members, ring))
	}
	s.deliver()
	for _, id := range members {
		eff, done := s.nodes[id].SyncProcess()
		if !done {
			s.t.Fatalf("node %d: sync not done", id)
		}
		s.apply(id, eff)
	}
	s.deliver()
	for _, id := range members {
		s.apply(id, s.nodes[id].SyncActivate())
	}
	s.deliver()
}

// fireLMS expires every armed last_man_standing timer.
func (s *simCluster) fireLMS() {
	for _, id := range s.up {
		if s.lms[id] {
			s.lms[id] = false
			s.apply(id, s.nodes[id].LMSTimerFired())
		}
	}
	s.deliver()
}

// view is what corosync-quorumtool -s shows of node id.
type view struct {
	Quorate                          bool
	Expected, Highest, Total, Quorum uint32
	Flags                            uint32
}

func (s *simCluster) view(id uint32) view {
	s.t.Helper()
	in, err := s.nodes[id].GetInfo(id)
	if err != nil {
		s.t.Fatal(err)
	}
	return view{s.nodes[id].Quorate(), in.ExpectedVotes, in.HighestExpected, in.TotalVotes, in.Quorum, in.Flags}
}

func (v view) String() string {
	return fmt.Sprintf("quorate=%v expected=%d highest=%d total=%d quorum=%d flags=%#x",
		v.Quorate, v.Expected, v.Highest, v.Total, v.Quorum, v.Flags)
}

// nodelistConfig is a config with nodes 1..n (votes[i] for node i+1, 1
// when votes is short), this node at position id-1.
func nodelistConfig(id uint32, n int, votes ...uint32) Config {
	c := Config{HaveNodelist: true, LocalPos: id - 1}
	for i := 0; i < n; i++ {
		e := NodelistEntry{Pos: uint32(i)}
		if i < len(votes) {
			v := votes[i]
			e.QuorumVotes = &v
		}
		c.Nodelist = append(c.Nodelist, e)
	}
	return c
}

func u8p(v uint8) *uint8    { return &v }
func u32p(v uint32) *uint32 { return &v }
func strp(s string) *string { return &s }
