package votequorum

import (
	"fmt"
	"slices"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/totem/svcmsg"
	"github.com/gorosync/gorosync/totem/wire"
)

// Quorum is one node's votequorum service state. It is not safe for
// concurrent use; the daemon calls it from its single service loop.
type Quorum struct {
	us      *Node
	qdevice Node
	nodes   []*Node // nodeid order, us included, qdevice not

	// features
	twoNode        bool
	waitForAll     bool
	wfaAuto        bool // wait_for_all not configured: it follows two_node
	wfaStatus      bool
	lms            bool
	lmsWindow      uint32
	atb, atbInit   int
	atbList        []uint32
	allowDownscale bool
	evTracking     bool
	evBarrier      uint32
	evTrackBarrier uint32

	// qdevice
	qdeviceName       string
	qdeviceCanOperate bool
	qdeviceMasterWins bool
	qdeviceTimeout    uint32
	qdeviceSyncTO     uint32

	// quorum
	quorum       uint8 // uint8 in exec/votequorum.c too: it wraps above 255
	quorate      bool
	lowestID     int64 // -1 until first computed
	highestID    int64
	members      []uint32
	prevMembers  []uint32
	ring         wire.RingID
	lmsTimerSet  bool
	syncActive   bool
	syncInfoSent bool

	runtime map[string]cmap.Value
	out     []Effect
}

// New is votequorum_exec_init_fn: the node's initial state from its
// configuration. evTracking is the persisted expected_votes_tracking
// barrier (nil when <state_dir>/ev_tracking could not be read; it is then
// recreated with 0). An error is one of Corosync's startup configuration
// errors, verbatim. The effects include the first NODEINFO multicast.
func New(nodeID uint32, cfg Config, evTracking *uint32) (*Quorum, []Effect, error) {
	q := &Quorum{
		lmsWindow:         DefaultLMSWindow,
		qdeviceCanOperate: true,
		qdeviceTimeout:    DefaultQdeviceTimeout,
		qdeviceSyncTO:     DefaultQdeviceSyncTimeout,
		lowestID:          -1,
		highestID:         -1,
		runtime:           map[string]cmap.Value{},
	}
	q.us = q.addNode(nodeID)
	q.setRuntime("this_node_id", cmap.U32(nodeID))
	q.us.State = StateMember
	q.us.Votes = 1
	q.us.Flags |= FlagFirst
	if err := q.readConfig(cfg, false, evTracking); err != nil {
		return nil, q.take(), err
	}
	q.recalculate(false, false)
	q.sendNodeInfo(q.us.ID)
	return q, q.take(), nil
}

func (q *Quorum) emit(e Effect) { q.out = append(q.out, e) }

func (q *Quorum) logf(l Level, format string, a ...any) {
	q.emit(Log{Level: l, Text: fmt.Sprintf(format, a...)})
}

func (q *Quorum) take() []Effect {
	out := q.out
	q.out = nil
	return out
}

func (q *Quorum) setRuntime(key string, v cmap.Value) { q.runtime["runtime.votequorum."+key] = v }

// calculateQuorum is calculate_quorum: the quorum for the current node
// table, and the total votes it counted. maxExpected, when non-zero,
// replaces every member's expected votes in the computation.
func (q *Quorum) calculateQuorum(allowDecrease bool, maxExpected uint32) (quorum, totalVotes uint32) {
	if q.allowDownscale && allowDecrease && maxExpected != 0 {
		maxExpected = max(q.evBarrier, maxExpected)
	}
	var highest, totalNodes uint32
	for n := range q.memberNodes {
		highest = max(highest, n.ExpectedVotes)
		totalVotes += n.Votes
		totalNodes++
	}
	if q.us.Flags&FlagQdeviceCastVote != 0 {
		totalVotes += q.qdevice.Votes
		totalNodes++
	}
	if maxExpected > 0 {
		highest = maxExpected
	}
	quorum = max((highest+2)/2, (totalVotes+2)/2)
	if !allowDecrease {
		quorum = max(uint32(q.quorum), quorum)
	}
	// two_node: each half keeps quorum; with more than two nodes present
	// it does nothing.
	if q.twoNode && totalNodes <= 2 {
		quorum = 1
	}
	return quorum, totalVotes
}

// setMemberExpected is update_node_expected_votes.
func (q *Quorum) setMemberExpected(expected uint32) {
	if expected == 0 {
		return
	}
	for n := range q.memberNodes {
		n.ExpectedVotes = expected
	}
}

// totalVotes is get_total_votes: member votes plus the qdevice's votes
// whenever it has any (cast or not), and the count of both.
func (q *Quorum) totalVotes() (votes, count uint32) {
	for n := range q.memberNodes {
		count++
		votes += n.Votes
	}
	if q.qdevice.Votes != 0 {
		votes += q.qdevice.Votes
		count++
	}
	return votes, count
}

// recalculate is recalculate_quorum. byCurrentNodes sets every member's
// expected votes to the number of current members (last_man_standing and
// leaving nodes).
func (q *Quorum) recalculate(allowDecrease, byCurrentNodes bool) {
	total, count := q.totalVotes()
	if !byCurrentNodes {
		count = 0
	}
	q.logf(LevelDebug, "total_votes=%d, expected_votes=%d", total, q.us.ExpectedVotes)
	// Expected votes never stay below the votes actually present.
	if total > q.us.ExpectedVotes {
		q.us.ExpectedVotes = total
		q.emit(NotifyExpectedVotes{Expected: total})
	}
	if q.evTracking && q.us.ExpectedVotes > q.evTrackBarrier {
		q.setEVTrackingBarrier(q.us.ExpectedVotes)
	}
	quorum, total := q.calculateQuorum(allowDecrease, count)
	q.quorum = uint8(quorum)
	q.setMemberExpected(count)
	q.areWeQuorate(total)
}

// areWeQuorate is are_we_quorate.
func (q *Quorum) areWeQuorate(total uint32) {
	if q.waitForAll && q.wfaStatus {
		if total != q.us.ExpectedVotes {
			q.logf(LevelNotice, "Waiting for all cluster members. Current votes: %d expected_votes: %d",
				total, q.us.ExpectedVotes)
			// 3.1.7 asserts the node is not quorate here: the status is
			// only set at startup and when quorum is lost.
			q.quorate = false
			return
		}
		q.setWFAStatus(false)
	}
	quorate := uint32(q.quorum) <= total
	if quorate {
		q.findLowest()
		q.findHighest()
	}
	// auto_tie_breaker: an exact half (or half-1) split whose other side
	// cannot be quorate goes to the partition holding the tie breaker.
	if q.atb != ATBNone && total == q.us.ExpectedVotes/2 &&
		len(q.prevMembers)-len(q.members) < int(q.quorum) && q.checkATB() {
		quorate = true
	}
	if q.qdeviceMasterWins && !quorate && q.qdeviceMasterPresent() {
		q.logf(LevelDebug, "node is quorate as part of master_wins partition")
		quorate = true
	}
	changed := q.quorate != quorate
	if changed {
		if quorate {
			q.logf(LevelDebug, "quorum regained, resuming activity")
		} else {
			q.logf(LevelDebug, "quorum lost, blocking activity")
		}
	}
	q.quorate = quorate
	if quorate {
		q.us.Flags |= FlagQuorate
	} else {
		q.us.Flags &^= FlagQuorate
	}
	if q.waitForAll {
		q.setWFAStatus(!quorate)
	}
	if changed && !q.syncActive {
		q.quorumCallback()
	}
}

func (q *Quorum) quorumCallback() {
	q.emit(QuorumChanged{Quorate: q.quorate, Members: slices.Clone(q.members), Ring: q.ring})
	q.emit(NotifyQuorum{})
}

func (q *Quorum) findLowest() {
	q.lowestID = int64(q.us.ID)
	for n := range q.memberNodes {
		q.lowestID = min(q.lowestID, int64(n.ID))
	}
	q.logf(LevelDebug, "lowest node id: %d us: %d", q.lowestID, q.us.ID)
	q.setRuntime("lowest_node_id", cmap.U32(uint32(q.lowestID)))
}

func (q *Quorum) findHighest() {
	q.highestID = int64(q.us.ID)
	for n := range q.memberNodes {
		q.highestID = max(q.highestID, int64(n.ID))
	}
	q.logf(LevelDebug, "highest node id: %d us: %d", q.highestID, q.us.ID)
	q.setRuntime("highest_node_id", cmap.U32(uint32(q.highestID)))
}

// memberPresent reports whether node id is a current MEMBER.
func (q *Quorum) memberPresent(id int64) bool {
	for n := range q.memberNodes {
		if int64(n.ID) == id {
			return true
		}
	}
	return false
}

// checkATB is check_auto_tie_breaker. For a list, the first listed node
// in this partition wins unless a node listed before it was in the
// previous membership (it may be on the other side).
func (q *Quorum) checkATB() bool {
	switch q.atb {
	case ATBLowest:
		return q.memberPresent(q.lowestID)
	case ATBHighest:
		return q.memberPresent(q.highestID)
	}
	for i, id := range q.atbList {
		if !slices.Contains(q.members, id) {
			continue
		}
		for _, earlier := range q.atbList[:i] {
			if slices.Contains(q.prevMembers, earlier) {
				q.logf(LevelDebug, "ATB_LIST found node %d in previous partition but not here, quorum denied", earlier)
				return false
			}
		}
		q.logf(LevelDebug, "ATB_LIST found node %d in current partition, we can be quorate", id)
		return true
	}
	q.logf(LevelDebug, "ATB_LIST found no list nodes in current partition, we cannot be quorate")
	return false
}

func (q *Quorum) qdeviceMasterPresent() bool {
	for n := range q.memberNodes {
		if n.Flags&FlagQdeviceMasterWins != 0 && n.Flags&FlagQdeviceCastVote != 0 {
			return true
		}
	}
	return false
}

func (q *Quorum) setWFAStatus(on bool) {
	q.wfaStatus = on
	if on {
		q.us.Flags |= FlagWFAStatus
	} else {
		q.us.Flags &^= FlagWFAStatus
	}
	q.setRuntime("wait_for_all_status", cmap.U8(b2u8(on)))
}

func (q *Quorum) setEVBarrier(v uint32) {
	q.evBarrier = v
	q.setRuntime("ev_barrier", cmap.U32(v))
}

func (q *Quorum) setEVTrackingBarrier(v uint32) {
	q.evTrackBarrier = v
	q.setRuntime("ev_tracking_barrier", cmap.U32(v))
	q.emit(PersistEVTracking{Value: v})
}

func (q *Quorum) setQdeviceCanOperate(on bool) {
	q.qdeviceCanOperate = on
	q.setRuntime("qdevice_can_operate", cmap.U8(b2u8(on)))
}

func b2u8(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// sendNodeInfo multicasts NODEINFO for id (this node or the qdevice).
func (q *Quorum) sendNodeInfo(id uint32) {
	n := q.node(id)
	if n == nil {
		return
	}
	q.emit(Send{Msg: &svcmsg.VQNodeInfo{NodeID: id, Votes: n.Votes, ExpectedVotes: n.ExpectedVotes, Flags: n.Flags}})
}

func (q *Quorum) sendReconfigure(param uint8, nodeID, value uint32) {
	q.emit(Send{Msg: &svcmsg.VQReconfigure{NodeID: nodeID, Value: value, Param: param}})
}
