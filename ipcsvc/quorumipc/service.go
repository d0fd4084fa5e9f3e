package quorumipc

import (
	"slices"
	"sync"

	"github.com/gorosync/gorosync/cmap/cmapipc"
	"github.com/gorosync/gorosync/internal/trackset"
	"github.com/gorosync/gorosync/qbipc"
)

// State is what the quorum service reports: the quorate flag, the current
// ring and its members in the order corosync lists them.
type State struct {
	Quorate bool
	Ring    RingID
	Members []uint32
}

// Provider is what the daemon gives the service.
type Provider interface {
	// QuorumType is TypeSet when a quorum provider is configured,
	// TypeFree otherwise.
	QuorumType() uint32
	// QuorumState is the current state (called for every request and
	// notification, so it must be cheap and safe to call concurrently).
	QuorumState() State
}

// Service serves corosync's quorum IPC protocol. Use it through Listen;
// call Changed and NodelistChanged when the state moves.
type Service struct {
	P Provider

	trackers trackset.Set[*connState]
}

// NewService returns a service over p.
func NewService(p Provider) *Service {
	return &Service{P: p}
}

// connState is vsf_quorum's per-connection data.
type connState struct {
	ev    qbipc.EventSender
	mu    sync.Mutex
	model uint32
}

// Listen starts the "quorum" service with opt (its Opened and Closed hooks,
// if any, run after the service's own).
func Listen(s *Service, opt qbipc.Options) (*qbipc.Server, error) {
	return ListenName(ServiceName, s, opt)
}

// ListenName is Listen under another socket name (for tests).
func ListenName(name string, s *Service, opt qbipc.Options) (*qbipc.Server, error) {
	return qbipc.ListenService(name, s, opt)
}

// Opened prepares a connection (quorum_lib_init_fn).
func (s *Service) Opened(c *qbipc.ServerConn) { c.SetData(s.newConn(c)) }

func (s *Service) newConn(ev qbipc.EventSender) *connState { return &connState{ev: ev} }

// Closed forgets a connection's tracking (quorum_lib_exit_fn).
func (s *Service) Closed(c *qbipc.ServerConn) {
	if st, ok := c.Data().(*connState); ok {
		s.untrack(st)
	}
}

func (s *Service) untrack(st *connState) { s.trackers.Remove(st) }

// HandleRequest answers one request as corosync 3.1.7's quorum service.
func (s *Service) HandleRequest(c *qbipc.ServerConn, id int32, body []byte) qbipc.Response {
	st, ok := c.Data().(*connState)
	if !ok {
		return cmapipc.Reply(0, cmapipc.ErrLibrary, nil)
	}
	return s.dispatch(st, id, body)
}

func (s *Service) dispatch(st *connState, id int32, body []byte) qbipc.Response {
	switch id {
	case ReqGetQuorate:
		return cmapipc.Reply(ResGetQuorate, cmapipc.OK, EncodeU32(b2u32(s.P.QuorumState().Quorate)))
	case ReqTrackStart:
		flags, err := DecodeU32("trackstart", body)
		if err != nil {
			return cmapipc.Reply(ResTrackStart, cmapipc.ErrInvalidParam, nil)
		}
		return cmapipc.Reply(ResTrackStart, s.trackStart(st, flags), nil)
	case ReqTrackStop:
		s.untrack(st)
		return cmapipc.Reply(ResTrackStop, cmapipc.OK, nil)
	case ReqGetType:
		return cmapipc.Reply(ResGetType, cmapipc.OK, EncodeU32(s.P.QuorumType()))
	case ReqModelGetType:
		model, err := DecodeU32("model_gettype", body)
		code := cmapipc.OK
		if err != nil || model > ModelV1 {
			code = cmapipc.ErrInvalidParam
		} else {
			st.mu.Lock()
			st.model = model
			st.mu.Unlock()
		}
		return cmapipc.Reply(ResModelGetType, code, EncodeU32(s.P.QuorumType()))
	}
	return cmapipc.Reply(0, cmapipc.ErrInvalidParam, nil)
}

// trackStart registers the connection for changes (CHANGES or
// CHANGES_ONLY; CS_ERR_EXIST when it already is) and sends the current
// state for CURRENT or CHANGES.
func (s *Service) trackStart(st *connState, flags uint32) cmapipc.CSError {
	if flags&(TrackChanges|TrackChangesOnly) != 0 {
		if !s.trackers.Add(st) {
			return cmapipc.ErrExist
		}
	}
	if flags&(TrackCurrent|TrackChanges) != 0 {
		cur := s.P.QuorumState()
		st.sendNodelist(Nodelist{Ring: cur.Ring, Members: cur.Members})
		st.sendQuorum(cur)
	}
	return cmapipc.OK
}

func (st *connState) currentModel() uint32 {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.model
}

// sendQuorum sends the quorum notification in the connection's model. A
// failed send means the client is gone or dropped; nothing to do.
func (st *connState) sendQuorum(cur State) {
	n := Notification(cur)
	if st.currentModel() == ModelV1 {
		_ = st.ev.SendEvent(ResQuorumNotification, int32(cmapipc.OK), n.EncodeV1())
		return
	}
	_ = st.ev.SendEvent(ResNotification, int32(cmapipc.OK), n.EncodeV0())
}

// sendNodelist sends a nodelist notification to a model 1 connection.
func (st *connState) sendNodelist(n Nodelist) {
	if st.currentModel() == ModelV1 {
		_ = st.ev.SendEvent(ResNodelistNotify, int32(cmapipc.OK), n.Encode())
	}
}

// Changed tells tracking clients the current quorum state (corosync does
// so after every membership change and quorum transition).
func (s *Service) Changed() {
	cur := s.P.QuorumState()
	for _, st := range s.trackers.List() {
		st.sendQuorum(cur)
	}
}

// NodelistChanged tells tracking model 1 clients the new membership with
// the nodes that joined and left; call it before Changed.
func (s *Service) NodelistChanged(joined, left []uint32) {
	cur := s.P.QuorumState()
	n := Nodelist{Ring: cur.Ring, Members: slices.Clone(cur.Members), Joined: joined, Left: left}
	for _, st := range s.trackers.List() {
		st.sendNodelist(n)
	}
}
