package votequorumipc

import (
	"sync"

	"github.com/gorosync/gorosync/cmap/cmapipc"
	"github.com/gorosync/gorosync/internal/trackset"
	"github.com/gorosync/gorosync/qbipc"
)

// State is what notifications carry: the quorate flag, the ring, its
// members (nodelist notification) and the node table with states (quorum
// notification).
type State struct {
	Quorate bool
	Ring    RingID
	Members []uint32
	Nodes   []NodeState
}

// Backend is what the daemon gives the service. Errors may be
// cmapipc.CSError values or the votequorum package's errors (see CodeOf).
type Backend interface {
	// GetInfo answers for nodeid; 0 means this node.
	GetInfo(nodeid uint32) (Info, error)
	SetExpected(expected uint32) error
	// SetVotes changes nodeid's votes; 0 means this node.
	SetVotes(nodeid, votes uint32) error
	VoteState() State
}

// QdeviceBackend is implemented by backends that support a quorum device;
// without it the qdevice calls answer CS_ERR_NOT_SUPPORTED.
type QdeviceBackend interface {
	QdeviceRegister(name string) error
	QdeviceUnregister(name string) error
	QdeviceUpdate(oldName, newName string) error
	QdevicePoll(name string, castVote bool) error
	QdeviceMasterWins(name string, allow bool) error
}

// Service serves corosync's votequorum IPC protocol. Use it through
// Listen; call Changed and ExpectedChanged when the state moves.
type Service struct {
	B Backend

	trackers trackset.Set[*connState]
}

// NewService returns a service over b.
func NewService(b Backend) *Service {
	return &Service{B: b}
}

type connState struct {
	ev       qbipc.EventSender
	mu       sync.Mutex
	tracking bool
	context  uint64
}

// Listen starts the "votequorum" service with opt (its Opened and Closed
// hooks, if any, run after the service's own).
func Listen(s *Service, opt qbipc.Options) (*qbipc.Server, error) {
	return ListenName(ServiceName, s, opt)
}

// ListenName is Listen under another socket name (for tests).
func ListenName(name string, s *Service, opt qbipc.Options) (*qbipc.Server, error) {
	return qbipc.ListenService(name, s, opt)
}

// Opened prepares a connection.
func (s *Service) Opened(c *qbipc.ServerConn) { c.SetData(&connState{ev: c}) }

// Closed forgets a connection's tracking.
func (s *Service) Closed(c *qbipc.ServerConn) {
	if st, ok := c.Data().(*connState); ok {
		s.untrack(st)
	}
}

func (s *Service) untrack(st *connState) bool {
	was := s.trackers.Remove(st)
	st.mu.Lock()
	st.tracking = false
	st.mu.Unlock()
	return was
}

func status(err error) qbipc.Response { return cmapipc.Reply(ResStatus, CodeOf(err), nil) }

// HandleRequest answers one request as corosync 3.1.7's votequorum service.
func (s *Service) HandleRequest(c *qbipc.ServerConn, id int32, body []byte) qbipc.Response {
	st, ok := c.Data().(*connState)
	if !ok {
		return cmapipc.Reply(0, cmapipc.ErrLibrary, nil)
	}
	return s.dispatch(st, id, body)
}

func (s *Service) dispatch(st *connState, id int32, body []byte) qbipc.Response {
	switch id {
	case ReqGetInfo:
		nodeid, err := DecodeU32("getinfo", body)
		if err != nil {
			return cmapipc.Reply(ResGetInfo, cmapipc.ErrInvalidParam, Info{}.Encode())
		}
		in, err := s.B.GetInfo(nodeid)
		if err != nil {
			return cmapipc.Reply(ResGetInfo, CodeOf(err), Info{}.Encode())
		}
		return cmapipc.Reply(ResGetInfo, cmapipc.OK, in.Encode())
	case ReqSetExpected:
		v, err := DecodeU32("setexpected", body)
		if err != nil {
			return status(cmapipc.ErrInvalidParam)
		}
		return status(s.B.SetExpected(v))
	case ReqSetVotes:
		r, err := DecodeSetVotes(body)
		if err != nil {
			return status(cmapipc.ErrInvalidParam)
		}
		return status(s.B.SetVotes(r.NodeID, r.Votes))
	case ReqTrackStart:
		r, err := DecodeTrackStart(body)
		if err != nil {
			return status(cmapipc.ErrInvalidParam)
		}
		s.trackStart(st, r)
		return status(nil)
	case ReqTrackStop:
		if !s.untrack(st) {
			return status(cmapipc.ErrNotExist)
		}
		return status(nil)
	case ReqQdeviceRegister, ReqQdeviceUnregister, ReqQdeviceUpdate, ReqQdevicePoll, ReqQdeviceMasterWins:
		return status(s.qdevice(id, body))
	}
	return cmapipc.Reply(0, cmapipc.ErrInvalidParam, nil)
}

func (s *Service) qdevice(id int32, body []byte) error {
	qb, ok := s.B.(QdeviceBackend)
	if !ok {
		return cmapipc.ErrNotSupported
	}
	r, err := DecodeQdevice(id, body)
	if err != nil {
		return cmapipc.ErrInvalidParam
	}
	switch id {
	case ReqQdeviceRegister:
		return qb.QdeviceRegister(r.Name)
	case ReqQdeviceUnregister:
		return qb.QdeviceUnregister(r.Name)
	case ReqQdeviceUpdate:
		return qb.QdeviceUpdate(r.Name, r.NewName)
	case ReqQdevicePoll:
		return qb.QdevicePoll(r.Name, r.Value != 0)
	}
	return qb.QdeviceMasterWins(r.Name, r.Value != 0)
}

// trackStart registers the connection for changes (CHANGES or
// CHANGES_ONLY) and sends the current state for CURRENT or CHANGES.
func (s *Service) trackStart(st *connState, r TrackStart) {
	if r.Flags&(TrackChanges|TrackChangesOnly) != 0 {
		st.mu.Lock()
		st.tracking, st.context = true, r.Context
		st.mu.Unlock()
		s.trackers.Add(st)
	}
	if r.Flags&(TrackCurrent|TrackChanges) != 0 {
		cur := s.B.VoteState()
		st.send(ResNodelist, Nodelist{Context: r.Context, Ring: cur.Ring, Members: cur.Members}.Encode())
		st.send(ResQuorumNotification, QuorumNotification{Quorate: cur.Quorate, Context: r.Context, Nodes: cur.Nodes}.Encode())
	}
}

// send queues an event; a failed send means the client is gone or dropped.
func (st *connState) send(id int32, body []byte) { _ = st.ev.SendEvent(id, int32(cmapipc.OK), body) }

func (s *Service) each(fn func(st *connState, ctx uint64)) {
	for _, st := range s.trackers.List() {
		st.mu.Lock()
		ctx, on := st.context, st.tracking
		st.mu.Unlock()
		if on {
			fn(st, ctx)
		}
	}
}

// Changed sends trackers the current nodelist (when the membership moved)
// and quorum notifications, as votequorum does after a membership change
// or a quorum recalculation.
func (s *Service) Changed(membershipMoved bool) {
	cur := s.B.VoteState()
	s.each(func(st *connState, ctx uint64) {
		if membershipMoved {
			st.send(ResNodelist, Nodelist{Context: ctx, Ring: cur.Ring, Members: cur.Members}.Encode())
		}
		st.send(ResQuorumNotification, QuorumNotification{Quorate: cur.Quorate, Context: ctx, Nodes: cur.Nodes}.Encode())
	})
}

// ExpectedChanged sends trackers an expected votes notification.
func (s *Service) ExpectedChanged(expected uint32) {
	s.each(func(st *connState, ctx uint64) {
		st.send(ResExpectedVotes, ExpectedVotes{Context: ctx, Expected: expected}.Encode())
	})
}
