package votequorum

import (
	"fmt"

	"github.com/gorosync/gorosync/totem/svcmsg"
)

// Deliver handles one votequorum exec message from sender, in totem
// order. Messages of other services are an error.
func (q *Quorum) Deliver(sender uint32, m svcmsg.Message) ([]Effect, error) {
	switch m := m.(type) {
	case *svcmsg.VQNodeInfo:
		q.nodeInfo(sender, m)
	case *svcmsg.VQReconfigure:
		q.reconfigure(sender, m)
	case *svcmsg.VQQdeviceReg:
		q.qdeviceReg(sender, m)
	case *svcmsg.VQQdeviceReconfigure:
		q.logf(LevelDebug, "Received qdevice name change req from node %d [from: %s to: %s]", sender, m.OldName, m.NewName)
		if m.OldName == q.qdeviceName {
			q.logf(LevelDebug, "Allowing qdevice rename")
			q.qdeviceName = m.NewName
		}
	default:
		return nil, fmt.Errorf("votequorum: not a votequorum message: %T", m)
	}
	return q.take(), nil
}

// nodeInfo is message_handler_req_exec_votequorum_nodeinfo.
func (q *Quorum) nodeInfo(sender uint32, m *svcmsg.VQNodeInfo) {
	q.logf(LevelDebug, "got nodeinfo message from cluster node %d", sender)
	q.logf(LevelDebug, "nodeinfo message[%d]: votes: %d, expected: %d flags: %d", m.NodeID, m.Votes, m.ExpectedVotes, m.Flags)
	n := q.node(m.NodeID)
	isNew := n == nil
	if isNew {
		n = q.addNode(m.NodeID)
	}
	old := *n
	if isNew {
		old = Node{State: StateDead}
	}
	allowDecrease, byNode := false, false

	if m.NodeID == QdeviceNodeID {
		// An inquorate node takes a quorate peer's view of the device's
		// votes; otherwise it keeps the highest it has heard.
		s := q.node(sender)
		if !q.quorate && s != nil && s.Flags&FlagQuorate != 0 {
			n.Votes = m.Votes
		} else {
			n.Votes = max(n.Votes, m.Votes)
		}
	} else {
		n.Flags = m.Flags
		n.Votes = m.Votes
		n.State = StateMember
		if n.Flags&FlagLeaving != 0 {
			n.State = StateLeaving
			allowDecrease, byNode = true, true
		}
		// An inquorate node adopts a quorate peer's expected votes.
		if !q.quorate && n.Flags&FlagQuorate != 0 {
			allowDecrease = true
			q.us.ExpectedVotes = m.ExpectedVotes
		}
		if n.Flags&FlagQuorate != 0 || q.evTracking {
			n.ExpectedVotes = m.ExpectedVotes
		} else {
			n.ExpectedVotes = q.us.ExpectedVotes
		}
		if q.lms && n.Votes > 1 {
			q.logf(LevelWarning, "Last Man Standing feature is supported only when all"+
				"cluster nodes votes are set to 1. Disabling LMS.")
			q.lms = false
			if q.lmsTimerSet {
				q.lmsTimerSet = false
				q.emit(CancelLMSTimer{})
			}
		}
	}
	if isNew || m.NodeID == q.us.ID || n.Flags&FlagFirst != 0 ||
		old.Votes != n.Votes || old.ExpectedVotes != n.ExpectedVotes ||
		old.Flags != n.Flags || old.State != n.State {
		q.recalculate(allowDecrease, byNode)
	}
	// A quorate peer that is not waiting ends our wait_for_all.
	if q.waitForAll && n.Flags&FlagWFAStatus == 0 && n.Flags&FlagQuorate != 0 {
		q.setWFAStatus(false)
	}
}

// reconfigure is message_handler_req_exec_votequorum_reconfigure.
func (q *Quorum) reconfigure(sender uint32, m *svcmsg.VQReconfigure) {
	q.logf(LevelDebug, "got reconfigure message from cluster node %d for %d", sender, m.NodeID)
	switch m.Param {
	case svcmsg.VQParamExpectedVotes:
		q.setMemberExpected(m.Value)
		q.emit(NotifyExpectedVotes{Expected: q.us.ExpectedVotes})
		q.setEVBarrier(m.Value)
		if q.evTracking {
			q.us.ExpectedVotes = max(q.us.ExpectedVotes, q.evTrackBarrier)
		}
		q.recalculate(true, false)
	case svcmsg.VQParamNodeVotes:
		n := q.node(m.NodeID)
		if n == nil {
			return
		}
		n.Votes = m.Value
		q.recalculate(true, false)
	case svcmsg.VQParamCancelWFA:
		q.setWFAStatus(false)
		q.logf(LevelInfo, "wait_for_all_status reset by user on node %d.", m.NodeID)
		q.recalculate(false, false)
	}
}

// qdeviceReg handles QDEVICE_REG. gorosync has no local quorum device
// API yet, so only other nodes' registrations (the device name) and
// unregistrations are tracked.
func (q *Quorum) qdeviceReg(sender uint32, m *svcmsg.VQQdeviceReg) {
	q.logf(LevelDebug, "Received qdevice op %d req from node %d [%s]", m.Operation, sender, m.Name)
	switch m.Operation {
	case 1:
		if sender != q.us.ID && q.qdeviceName == "" {
			q.logf(LevelDebug, "Remote qdevice name recorded")
			q.qdeviceName = m.Name
		}
	case 0:
		for n := range q.memberNodes {
			if n.Flags&FlagQdeviceRegistered != 0 {
				return
			}
		}
		q.qdeviceName = ""
	}
}
