package votequorum

import (
	"slices"

	"github.com/gorosync/gorosync/totem/svcmsg"
	"github.com/gorosync/gorosync/totem/wire"
)

// SyncInit is votequorum_sync_init, called when the sync protocol starts
// for a new regular membership: nodes that left are marked dead, and the
// last_man_standing timer is armed when the survivors may step expected
// votes down.
func (q *Quorum) SyncInit(members []uint32, ring wire.RingID) []Effect {
	q.syncActive = true
	q.syncInfoSent = false
	if len(members) > 1 {
		q.us.Flags &^= FlagFirst
	}
	left := false
	for _, id := range q.members {
		if slices.Contains(members, id) {
			continue
		}
		left = true
		if n := q.node(id); n != nil {
			n.State = StateDead
		}
	}
	if q.lms {
		n := len(members)
		// The C code checks the lowest-nodeid partition here whatever the
		// ATB type is.
		if (n >= int(q.quorum) && left) ||
			(n <= int(q.quorum) && q.atb != ATBNone && q.memberPresent(q.lowestID)) {
			q.lmsTimerSet = true
			q.emit(ArmLMSTimer{Ms: q.lmsWindow})
		}
	}
	q.prevMembers = q.members
	q.members = slices.Clone(members)
	q.ring = ring
	return q.take()
}

// SyncProcess is votequorum_sync_process: this node's NODEINFO and the
// qdevice's, a QDEVICE_REG when a device name is known, and the nodelist
// notification — once per sync. It always reports done: gorosync has no
// local qdevice to wait for.
func (q *Quorum) SyncProcess() ([]Effect, bool) {
	if !q.syncInfoSent {
		q.sendNodeInfo(q.us.ID)
		q.sendNodeInfo(QdeviceNodeID)
		if q.qdeviceName != "" {
			q.emit(Send{Msg: &svcmsg.VQQdeviceReg{Operation: 1, Name: q.qdeviceName}})
		}
		q.emit(NotifyNodelist{Ring: q.ring, Members: slices.Clone(q.members)})
		q.syncInfoSent = true
	}
	return q.take(), true
}

// SyncActivate is votequorum_sync_activate: recompute with the new
// membership and always tell the quorum service.
func (q *Quorum) SyncActivate() []Effect {
	q.recalculate(false, false)
	q.quorumCallback()
	q.syncActive = false
	return q.take()
}

// SyncAbort is votequorum_sync_abort (nothing to undo).
func (q *Quorum) SyncAbort() []Effect { return nil }

// LMSTimerFired is the last_man_standing window expiring: if still
// quorate, expected votes become the current member count and quorum may
// decrease.
func (q *Quorum) LMSTimerFired() []Effect {
	q.lmsTimerSet = false
	if q.quorate {
		q.recalculate(true, true)
	}
	return q.take()
}

// Leave is votequorum_exec_exit_fn at clean shutdown: with
// allow_downscale the node announces that it is leaving.
func (q *Quorum) Leave() []Effect {
	if q.allowDownscale {
		q.us.Flags |= FlagLeaving
		q.sendNodeInfo(q.us.ID)
	}
	return q.take()
}
