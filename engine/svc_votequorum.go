package engine

import (
	"slices"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/totem/svcmsg"
	"github.com/gorosync/gorosync/totem/wire"
	"github.com/gorosync/gorosync/votequorum"
)

// vqService adapts the pure votequorum state machine to the engine: its
// messages go through the engine's send path, its timer becomes the
// engine's LMS timer, its quorum decisions go to the quorum service, and
// its runtime keys are written after every call.
type vqService struct {
	e    *Engine
	q    *votequorum.Quorum
	init []votequorum.Effect // New's effects, applied once linked
}

func newVQService(e *Engine) (*vqService, error) {
	cmap.InstallVotequorumReadOnly(e.m)
	q, eff, err := votequorum.New(e.id, votequorum.ConfigFromMap(e.m), e.cfg.EVTracking)
	s := &vqService{e: e, q: q, init: eff}
	if err != nil {
		s.apply(eff)
		e.logf("VOTEQ", LevelCrit, "%s", err.Error())
		return nil, err
	}
	return s, nil
}

// started applies votequorum_exec_init_fn's effects (its first NODEINFO)
// once every service is linked, so the message is counted.
func (s *vqService) started() {
	s.apply(s.init)
	s.init = nil
}

func (s *vqService) info() serviceInfo { return serviceTable[svcmsg.ServiceVotequorum] }

func (s *vqService) apply(eff []votequorum.Effect) {
	e := s.e
	for _, x := range eff {
		switch x := x.(type) {
		case votequorum.Send:
			e.send(x.Msg)
		case votequorum.ArmLMSTimer:
			e.arm(TimerLMS, x.Ms)
		case votequorum.CancelLMSTimer:
			e.cancel(TimerLMS)
		case votequorum.QuorumChanged:
			e.quorum.setQuorum(x.Quorate, x.Members, x.Ring)
		case votequorum.NotifyQuorum, votequorum.NotifyNodelist, votequorum.NotifyExpectedVotes:
			e.notice(VotequorumNotify{Effect: x})
		case votequorum.PersistEVTracking:
			e.notice(PersistEVTracking{Value: x.Value})
		case votequorum.Log:
			e.logf("VOTEQ", Level(x.Level), "%s", x.Text)
		}
	}
	if s.q != nil {
		if err := s.q.ApplyRuntime(e.m); err != nil {
			e.logf("VOTEQ", LevelError, "runtime keys: %v", err)
		}
	}
}

func (s *vqService) deliver(sender uint32, fn uint16, body []byte, swapped bool) {
	m, err := svcmsg.DecodeVotequorum(body, swapped)
	if err != nil {
		s.e.logf("VOTEQ", LevelDebug, "votequorum message from node %d: %v", sender, err)
		return
	}
	eff, err := s.q.Deliver(sender, m)
	if err != nil {
		s.e.logf("VOTEQ", LevelDebug, "%v", err)
	}
	s.apply(eff)
}

func (s *vqService) syncInit(trans, members []uint32, ring wire.RingID) {
	s.apply(s.q.SyncInit(slices.Clone(members), ring))
}

func (s *vqService) syncProcess() bool {
	eff, done := s.q.SyncProcess()
	s.apply(eff)
	return done
}

func (s *vqService) syncActivate() { s.apply(s.q.SyncActivate()) }
func (s *vqService) syncAbort()    { s.apply(s.q.SyncAbort()) }

func (s *vqService) lmsTimerFired() { s.apply(s.q.LMSTimerFired()) }

// Votequorum returns the votequorum state (nil without the provider), for
// reading by the IPC layer (GetInfo, NodeStates...).
func (e *Engine) Votequorum() *votequorum.Quorum {
	if e.vq == nil {
		return nil
	}
	return e.vq.q
}

// SetExpected is votequorum_setexpected from a library client.
func (e *Engine) SetExpected(expected uint32) error {
	if e.vq == nil {
		return votequorum.ErrNotExist
	}
	eff, err := e.vq.q.SetExpected(expected)
	e.vq.apply(eff)
	e.afterLib()
	return err
}

// SetVotes is votequorum_setvotes from a library client.
func (e *Engine) SetVotes(nodeid, votes uint32) error {
	if e.vq == nil {
		return votequorum.ErrNotExist
	}
	eff, err := e.vq.q.SetVotes(nodeid, votes)
	e.vq.apply(eff)
	e.afterLib()
	return err
}

// ConfigReloaded tells the engine the daemon applied a reloaded
// configuration to the map: votequorum re-reads its keys and announces
// changed votes or expected votes.
func (e *Engine) ConfigReloaded() error {
	if e.vq == nil {
		return nil
	}
	eff, err := e.vq.q.Reload(votequorum.ConfigFromMap(e.m))
	e.vq.apply(eff)
	e.afterLib()
	return err
}

// Leave is the clean-shutdown path (votequorum_exec_exit_fn): with
// allow_downscale the node announces it is leaving. Call it before the
// totem LEAVE and hand the packets to totem first.
func (e *Engine) Leave() {
	if e.vq != nil {
		e.vq.apply(e.vq.q.Leave())
		e.afterLib()
	}
}
