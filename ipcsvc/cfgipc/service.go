package cfgipc

import (
	"net/netip"
	"sync"
	"time"

	"github.com/gorosync/gorosync/cmap/cmapipc"
	"github.com/gorosync/gorosync/internal/trackset"
	"github.com/gorosync/gorosync/qbipc"
)

// Backend is what the daemon gives the cfg service. Errors may be
// cmapipc.CSError values (others answer CS_ERR_INVALID_PARAM).
type Backend interface {
	LocalNodeID() uint32
	// NodeAddrs lists a node's link addresses (ErrNotExist when unknown).
	NodeAddrs(nodeid uint32) ([]netip.Addr, error)
	// NodeStatus is the node's reachability and links (an unknown node is
	// simply unreachable).
	NodeStatus(nodeid uint32) NodeStatus
	RingStatus() []Ring
	// Reload re-reads corosync.conf cluster-wide (cfgtool -R).
	Reload() error
	ReopenLogs() error
	// KillNode asks nodeid to exit (cfgtool -k).
	KillNode(nodeid uint32, reason string) error
	// Shutdown starts a clean shutdown of this node. It must return at
	// once: the reply to the requesting client is sent after it.
	Shutdown()
}

// DefaultShutdownTimeout is how long trackers have to answer a shutdown
// request (corosync's default for cfg.shutdown_timeout).
const DefaultShutdownTimeout = 5 * time.Second

// Service serves corosync's cfg IPC protocol. Use it through Listen.
type Service struct {
	B Backend
	// ShutdownTimeout bounds the wait for trackers' replies (0: default).
	ShutdownTimeout time.Duration

	trackers trackset.Set[*connState]
	mu       sync.Mutex // guards pending; taken before trackers' own lock
	pending  *shutdownVote
}

// NewService returns a service over b.
func NewService(b Backend) *Service {
	return &Service{B: b}
}

type connState struct{ ev qbipc.EventSender }

// shutdownVote is a shutdown request waiting for the trackers' answers.
type shutdownVote struct {
	from     *connState
	waiting  map[*connState]struct{}
	yes, no  int
	decided  chan struct{}
	finished bool
}

// Listen starts the "cfg" service with opt (its Opened and Closed hooks, if
// any, run after the service's own).
func Listen(s *Service, opt qbipc.Options) (*qbipc.Server, error) {
	return ListenName(ServiceName, s, opt)
}

// ListenName is Listen under another socket name (for tests).
func ListenName(name string, s *Service, opt qbipc.Options) (*qbipc.Server, error) {
	return qbipc.ListenService(name, s, opt)
}

// Opened prepares a connection.
func (s *Service) Opened(c *qbipc.ServerConn) { c.SetData(&connState{ev: c}) }

// Closed drops a connection's tracking; a tracker leaving during a
// shutdown vote counts as a yes (cfg_lib_exit_fn).
func (s *Service) Closed(c *qbipc.ServerConn) {
	if st, ok := c.Data().(*connState); ok {
		s.forget(st)
	}
}

func (s *Service) forget(st *connState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.trackers.Remove(st)
	if v := s.pending; v != nil {
		if _, ok := v.waiting[st]; ok {
			delete(v.waiting, st)
			v.yes++
			v.check()
		}
	}
}

// check closes decided once nobody is left to answer (s.mu held).
func (v *shutdownVote) check() {
	if len(v.waiting) == 0 && !v.finished {
		v.finished = true
		close(v.decided)
	}
}

// HandleRequest answers one request as corosync 3.1.7's cfg service.
func (s *Service) HandleRequest(c *qbipc.ServerConn, id int32, body []byte) qbipc.Response {
	st, ok := c.Data().(*connState)
	if !ok {
		return cmapipc.Reply(0, cmapipc.ErrLibrary, nil)
	}
	return s.dispatch(st, id, body)
}

func (s *Service) dispatch(st *connState, id int32, body []byte) qbipc.Response {
	switch id {
	case ReqRingStatusGet:
		return cmapipc.Reply(ResRingStatusGet, cmapipc.OK, EncodeRingStatus(s.B.RingStatus()))
	case ReqRingReenable:
		return cmapipc.Reply(ResRingReenable, cmapipc.ErrNotSupported, nil)
	case ReqKillNode:
		r, err := DecodeKillNode(body)
		if err != nil {
			return cmapipc.Reply(ResKillNode, cmapipc.ErrInvalidParam, nil)
		}
		return cmapipc.Reply(ResKillNode, cmapipc.CodeOf(s.B.KillNode(r.NodeID, r.Reason)), nil)
	case ReqTryShutdown:
		flags, err := DecodeU32("tryshutdown", body)
		if err != nil {
			return cmapipc.Reply(ResTryShutdown, cmapipc.ErrInvalidParam, nil)
		}
		return cmapipc.Reply(ResTryShutdown, s.tryShutdown(st, flags), nil)
	case ReqReplyToShutdown:
		v, err := DecodeU32("replytoshutdown", body)
		if err != nil {
			return cmapipc.Reply(ResReplyToShutdown, cmapipc.ErrInvalidParam, nil)
		}
		return cmapipc.Reply(ResReplyToShutdown, s.replyToShutdown(st, v), nil)
	case ReqGetNodeAddrs:
		nodeid, err := DecodeU32("get_node_addrs", body)
		if err != nil {
			return cmapipc.Reply(ResGetNodeAddrs, cmapipc.ErrInvalidParam, EncodeNodeAddrs(nil))
		}
		if nodeid == 0 {
			nodeid = s.B.LocalNodeID()
		}
		addrs, err := s.B.NodeAddrs(nodeid)
		if err != nil {
			return cmapipc.Reply(ResGetNodeAddrs, cmapipc.CodeOf(err), EncodeNodeAddrs(nil))
		}
		return cmapipc.Reply(ResGetNodeAddrs, cmapipc.OK, EncodeNodeAddrs(addrs))
	case ReqLocalGet:
		return cmapipc.Reply(ResLocalGet, cmapipc.OK, EncodeU32(s.B.LocalNodeID()))
	case ReqReloadConfig:
		return cmapipc.Reply(ResReloadConfig, cmapipc.CodeOf(s.B.Reload()), nil)
	case ReqReopenLogFiles:
		return cmapipc.Reply(ResReopenLogFiles, cmapipc.CodeOf(s.B.ReopenLogs()), nil)
	case ReqNodeStatusGet:
		r, err := DecodeNodeStatusRequest(body)
		if err != nil {
			return cmapipc.Reply(ResNodeStatusGet, cmapipc.ErrInvalidParam, EncodeU32(0))
		}
		if r.Version != NodeStatusV1 {
			return cmapipc.Reply(ResNodeStatusGet, cmapipc.ErrNotSupported, EncodeU32(0))
		}
		ns := s.B.NodeStatus(r.NodeID)
		ns.NodeID = r.NodeID
		return cmapipc.Reply(ResNodeStatusGet, cmapipc.OK, ns.Encode())
	case ReqTrackStart:
		s.trackers.Add(st)
		return cmapipc.Reply(ResTrackStart, cmapipc.OK, nil)
	case ReqTrackStop:
		s.forget(st)
		return cmapipc.Reply(ResTrackStop, cmapipc.OK, nil)
	}
	return cmapipc.Reply(0, cmapipc.ErrInvalidParam, nil)
}

// tryShutdown runs on the requester's connection: it asks the other
// trackers and waits for their verdict (or the timeout).
func (s *Service) tryShutdown(st *connState, flags uint32) cmapipc.CSError {
	if flags == ShutdownImmediate {
		s.B.Shutdown()
		return cmapipc.OK
	}
	s.mu.Lock()
	if s.pending != nil {
		s.mu.Unlock()
		return cmapipc.ErrExist
	}
	v := &shutdownVote{from: st, waiting: map[*connState]struct{}{}, decided: make(chan struct{})}
	for _, t := range s.trackers.List() {
		if t != st {
			v.waiting[t] = struct{}{}
		}
	}
	if len(v.waiting) == 0 {
		s.mu.Unlock()
		s.B.Shutdown()
		return cmapipc.OK
	}
	s.pending = v
	asked := make([]*connState, 0, len(v.waiting))
	for t := range v.waiting {
		asked = append(asked, t)
	}
	s.mu.Unlock()
	for _, t := range asked {
		_ = t.ev.SendEvent(ResTestShutdown, int32(cmapipc.OK), EncodeU32(flags))
	}
	timeout := s.ShutdownTimeout
	if timeout <= 0 {
		timeout = DefaultShutdownTimeout
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case <-v.decided:
	case <-timer.C:
	}
	s.mu.Lock()
	v.no += len(v.waiting) // undecided count as no
	ok := v.no == 0 || flags == ShutdownRegardless
	s.pending = nil
	s.mu.Unlock()
	if !ok {
		return cmapipc.ErrBusy
	}
	s.B.Shutdown()
	return cmapipc.OK
}

func (s *Service) replyToShutdown(st *connState, answer uint32) cmapipc.CSError {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.pending
	if v == nil {
		return cmapipc.ErrAccess
	}
	if _, ok := v.waiting[st]; !ok {
		return cmapipc.ErrAccess
	}
	delete(v.waiting, st)
	if answer == ReplyYes {
		v.yes++
	} else {
		v.no++
	}
	v.check()
	return cmapipc.OK
}
