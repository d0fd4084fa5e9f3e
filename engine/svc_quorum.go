package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/totem/svcmsg"
	"github.com/gorosync/gorosync/totem/wire"
)

// quorumService is exec/vsf_quorum.c: the node's quorate state
// (primary_designated) as set by the provider, the notifications for
// quorum library clients, and the joined/left lists of each sync.
type quorumService struct {
	e          *Engine
	provider   bool // a quorum provider is configured (else always quorate)
	quorate    bool
	ring       wire.RingID // of the last quorum decision
	view       []uint32
	syncRing   wire.RingID
	members    []uint32
	oldMembers []uint32
	left       []uint32
	joined     []uint32
}

func (s *quorumService) info() serviceInfo { return serviceTable[svcmsg.ServiceQuorum] }

func (s *quorumService) deliver(uint32, uint16, []byte, bool) {} // no exec messages

// initProvider is quorum_exec_init_fn: link the configured provider.
func (s *quorumService) initProvider() error {
	v, ok := s.e.m.Get("quorum.provider")
	if !ok || v.Type() != cmap.String {
		s.quorate = true // no provider: always quorate
		return nil
	}
	p := v.Str()
	s.e.logf("QUORUM", LevelNotice, "Using quorum provider %s", p)
	if p != "corosync_votequorum" {
		s.e.logf("QUORUM", LevelCrit, "Quorum provider: %s failed to initialize.", p)
		return fmt.Errorf("engine: Invalid quorum provider")
	}
	s.provider = true
	vq, err := newVQService(s.e)
	if err != nil {
		s.e.logf("QUORUM", LevelCrit, "Quorum provider: %s failed to initialize.", p)
		return err
	}
	s.e.vq = vq
	s.e.link(vq)
	return nil
}

// setQuorum is quorum_api_set_quorum, called by the provider.
func (s *quorumService) setQuorum(quorate bool, view []uint32, ring wire.RingID) {
	e := s.e
	old := s.quorate
	s.quorate = quorate
	if quorate && !old {
		e.logf("QUORUM", LevelNotice, "This node is within the primary component and will provide service.")
	} else if !quorate && old {
		e.logf("QUORUM", LevelNotice, "This node is within the non-primary component and will NOT provide any services.")
	}
	s.ring = ring
	s.view = slices.Clone(view)
	s.logView("Members", view)
	e.notice(QuorumNotify{Quorate: quorate, Ring: ring, Members: slices.Clone(view)})
}

// logView is log_view_list: " %u" per node, split into 64-byte lines
// ending in a backslash when the list is long.
func (s *quorumService) logView(label string, ids []uint32) {
	total := len(ids)
	i := 0
	for {
		var b strings.Builder
		for ; i < total; i++ {
			item := fmt.Sprintf(" %d", ids[i])
			if b.Len()+len(item) >= 64 {
				break
			}
			b.WriteString(item)
		}
		cont := ""
		if i < total {
			cont = "\\"
		}
		s.e.logf("QUORUM", LevelNotice, "%s[%d]:%s%s", label, total, b.String(), cont)
		if i == total {
			return
		}
	}
}

func (s *quorumService) syncInit(trans, members []uint32, ring wire.RingID) {
	s.members = slices.Clone(members)
	s.syncRing = ring
	s.left = s.left[:0]
	for _, id := range s.oldMembers {
		if !slices.Contains(trans, id) || !slices.Contains(members, id) {
			s.left = append(s.left, id)
		}
	}
	s.joined = s.joined[:0]
	for _, id := range members {
		if !slices.Contains(s.oldMembers, id) || slices.Contains(s.left, id) {
			s.joined = append(s.joined, id)
		}
	}
	s.logView("Sync members", members)
	if len(s.joined) > 0 {
		s.logView("Sync joined", s.joined)
	}
	if len(s.left) > 0 {
		s.logView("Sync left", s.left)
	}
}

func (s *quorumService) syncProcess() bool { return true }

func (s *quorumService) syncActivate() {
	s.oldMembers = slices.Clone(s.members)
	s.e.notice(NodelistNotify{Ring: s.syncRing, Members: slices.Clone(s.members),
		Joined: slices.Clone(s.joined), Left: slices.Clone(s.left)})
}

func (s *quorumService) syncAbort() {}
