package engine

import (
	"slices"

	"github.com/gorosync/gorosync/engine/execmsg"
	"github.com/gorosync/gorosync/totem/svcmsg"
	"github.com/gorosync/gorosync/totem/wire"
)

// cpgService is the sync side of exec/cpg.c for a node without local CPG
// members: in every sync it multicasts a DOWNLIST (who left since the
// last sync, as this node saw it) and no JOINLIST, and it follows the
// other nodes' DOWNLISTs to pick the same "chosen downlist" they do.
// Process groups themselves (join/leave/mcast for IPC clients) are not
// implemented yet; their messages are counted and dropped.
type cpgService struct {
	e          *Engine
	members    []uint32
	oldMembers []uint32
	// downlist is g_req_exec_cpg_downlist: a static struct in cpg.c, so
	// node ids beyond left_nodes are left over from earlier syncs and go on
	// the wire as they are.
	downlist      execmsg.CpgDownList
	sentDownlist  bool // my_sync_state moved past CPGSYNC_DOWNLIST
	downlistState int
	received      map[uint32]*execmsg.CpgDownList
}

// cpg_downlist_state_e.
const (
	downlistNone     = 0
	downlistWaiting  = 1
	downlistApplying = 2
)

func (s *cpgService) info() serviceInfo { return serviceTable[svcmsg.ServiceCpg] }

func (s *cpgService) syncInit(trans, members []uint32, ring wire.RingID) {
	s.sentDownlist = false
	s.members = slices.Clone(members)
	s.downlistState = downlistWaiting
	n := 0
	for _, id := range s.oldMembers {
		if !slices.Contains(trans, id) && n < execmsg.ProcessorCountMax {
			s.downlist.NodeIDs[n] = id
			n++
		}
	}
	s.downlist.LeftNodes = uint32(n)
}

func (s *cpgService) syncProcess() bool {
	if !s.sentDownlist {
		s.downlist.OldMembers = uint32(len(s.oldMembers))
		d := s.downlist
		s.e.send(&d)
		s.sentDownlist = true
	}
	// JOINLIST: only local CPG members are announced, and there are none.
	return true
}

func (s *cpgService) syncActivate() {
	s.oldMembers = slices.Clone(s.members)
	if s.downlistState == downlistWaiting {
		s.chooseDownlist()
	}
	s.downlistState = downlistNone
	clear(s.received)
}

func (s *cpgService) syncAbort() {
	s.downlistState = downlistNone
	clear(s.received)
}

func (s *cpgService) deliver(sender uint32, fn uint16, body []byte, swapped bool) {
	e := s.e
	switch fn {
	case execmsg.CpgDownListFn:
		m, err := execmsg.DecodeCpgDownList(body, swapped)
		if err != nil {
			e.logf("CPG", LevelDebug, "downlist from node %d: %v", sender, err)
			return
		}
		if s.downlistState != downlistWaiting {
			e.logf("CPG", LevelWarning, "downlist left_list: %d received in state %d", m.LeftNodes, s.downlistState)
			return
		}
		if s.received == nil {
			s.received = map[uint32]*execmsg.CpgDownList{}
		}
		s.received[sender] = m
		for _, id := range s.members {
			if s.received[id] == nil {
				return
			}
		}
		s.chooseDownlist()
	case execmsg.CpgDownListOldFn:
		e.logf("CPG", LevelWarning, "downlist OLD from node 0x%x", sender)
	case execmsg.CpgJoinListFn:
		e.logf("CPG", LevelDebug, "got joinlist message from node 0x%x", sender)
	default:
		e.logf("CPG", LevelDebug, "cpg exec message %d from node 0x%x dropped: no process groups here", fn, sender)
	}
}

// chooseDownlist is downlist_master_choose: the downlist of the sender
// that kept the most members (then had the most, then the lowest id),
// ignoring lists that name us. Without local process groups there is
// nothing to apply; we log the choice as cpg.c does.
func (s *cpgService) chooseDownlist() {
	s.downlistState = downlistApplying
	var best *execmsg.CpgDownList
	var bestID uint32
	ids := make([]uint32, 0, len(s.received))
	for id := range s.received {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		m := s.received[id]
		if slices.Contains(m.Left(), s.e.id) {
			continue
		}
		if best == nil {
			best, bestID = m, id
			continue
		}
		bm, cm := best.OldMembers-best.LeftNodes, m.OldMembers-m.LeftNodes
		if cm > bm || (cm == bm && m.OldMembers > best.OldMembers) {
			best, bestID = m, id
		}
	}
	if best == nil {
		s.e.logf("CPG", LevelDebug, "NO chosen downlist")
		return
	}
	s.e.logf("CPG", LevelDebug, "chosen downlist: sender %s; members(old:%d left:%d)", s.e.ifacesPrint(bestID), best.OldMembers, best.LeftNodes)
}
