package totem

import (
	"fmt"
	"strings"

	"github.com/gorosync/gorosync/totem/wire"
)

// Why GATHER was entered (enum gather_state_from; the numbers appear in
// Corosync's debug log "entering GATHER state from N(text).").
const (
	gsConsensusTimeout      = 0
	gsTokenLostOperational  = 2
	gsConsensusExpired      = 3
	gsTokenLostCommit       = 4
	gsTokenLostRecovery     = 5
	gsFailedToReceive       = 6
	gsForeignInOperational  = 7
	gsForeignInGather       = 8
	gsMergeInOperational    = 9
	gsMergeInGather         = 10
	gsMergeDuringJoin       = 11
	gsJoinDuringOperational = 12
	gsJoinDuringCommit      = 13
	gsJoinDuringRecovery    = 14
	gsInterfaceChange       = 15
)

var gatherFromText = map[int]string{
	gsConsensusTimeout:      "consensus timeout",
	gsTokenLostOperational:  "The token was lost in the OPERATIONAL state.",
	gsConsensusExpired:      "The consensus timeout expired.",
	gsTokenLostCommit:       "The token was lost in the COMMIT state.",
	gsTokenLostRecovery:     "The token was lost in the RECOVERY state.",
	gsFailedToReceive:       "failed to receive",
	gsForeignInOperational:  "foreign message in operational state",
	gsForeignInGather:       "foreign message in gather state",
	gsMergeInOperational:    "merge during operational state",
	gsMergeInGather:         "merge during gather state",
	gsMergeDuringJoin:       "merge during join",
	gsJoinDuringOperational: "join during operational state",
	gsJoinDuringCommit:      "join during commit state",
	gsJoinDuringRecovery:    "join during recovery",
	gsInterfaceChange:       "interface change",
}

// gatherEnter (re)starts the membership protocol: announce our proc and
// failed sets, agree with ourselves, and wait for the others.
func (n *Node) gatherEnter(from int) {
	n.orfDiscard = true
	n.originatedOrf = false
	n.procList = setMerge(n.procList, n.id)
	n.joinSend()
	n.arm(TimerJoin, n.cfg.Join)
	n.arm(TimerConsensus, n.cfg.Consensus)
	n.cancel(TimerTokenRetransmit)
	n.cancel(TimerToken)
	n.cancel(TimerMergeDetect)
	clear(n.consensus)
	n.consensus[n.id] = true
	n.logf(LogDebug, "entering GATHER state from %d(%s).", from, gatherFromText[from])
	n.state = StateGather
	n.stats.GatherEntered++
}

func (n *Node) joinSend() {
	n.stats.JoinTx++
	n.multicast(&wire.MembJoin{
		Header:     n.hdr(),
		SystemFrom: n.id,
		RingSeq:    n.ringID.Seq,
		ProcList:   append([]uint32(nil), n.procList...),
		FailedList: append([]uint32(nil), n.failedList...),
	})
}

// leave announces our departure: a JOIN with header nodeid 0 whose proc
// list lacks us and whose failed list ends with us. Then the node stops.
func (n *Node) leave() {
	n.failedList = setMerge(setSubtract(n.failedList, []uint32{n.id}), n.id)
	n.stats.JoinTx++
	n.multicast(&wire.MembJoin{
		Header:     wire.Header{NodeID: wire.LeaveNodeID},
		SystemFrom: n.id,
		RingSeq:    n.ringID.Seq,
		ProcList:   setSubtract(n.procList, []uint32{n.id}),
		FailedList: append([]uint32(nil), n.failedList...),
	})
	n.logf(LogDebug, "sending join/leave message")
	for k := range numTimers {
		n.cancel(k)
	}
	n.state = StateDown
	n.left = true
}

func (n *Node) mergeDetectSend() {
	n.stats.MergeDetectTx++
	n.multicast(&wire.MergeDetect{Header: n.hdr(), SystemFrom: n.id, RingID: n.ringID})
}

func (n *Node) startMergeDetect() {
	if !n.timerArmed[TimerMergeDetect] {
		n.arm(TimerMergeDetect, n.cfg.Merge)
	}
}

// consensusAgreed: every processor in proc − failed has sent us a JOIN
// with exactly our sets.
func (n *Node) consensusAgreed() bool {
	for _, id := range setSubtract(n.procList, n.failedList) {
		if !n.consensus[id] {
			return false
		}
	}
	return true
}

func (n *Node) consensusTimeoutExpired() {
	n.stats.ConsensusTimeouts++
	if n.consensusAgreed() {
		clear(n.consensus)
		n.consensus[n.id] = true
		n.arm(TimerToken, n.cfg.Token)
		return
	}
	var silent []uint32
	for _, id := range n.procList {
		if !n.consensus[id] {
			silent = append(silent, id)
		}
	}
	n.failedList = setMerge(n.failedList, silent...)
	n.gatherEnter(gsConsensusTimeout)
}

func (n *Node) lowestInConfig() bool {
	memb := setSubtract(n.procList, n.failedList)
	if len(memb) == 0 {
		return false
	}
	low := memb[0]
	for _, id := range memb[1:] {
		if id < low {
			low = id
		}
	}
	return low == n.id
}

func (n *Node) onMergeDetect(m *wire.MergeDetect) {
	if m.RingID == n.ringID {
		return
	}
	switch n.state {
	case StateOperational:
		n.procList = setMerge(n.procList, m.SystemFrom)
		n.gatherEnter(gsMergeInOperational)
	case StateGather:
		if !setHas(n.procList, m.SystemFrom) {
			n.procList = setMerge(n.procList, m.SystemFrom)
			n.gatherEnter(gsMergeInGather)
		}
	}
}

// ignoreJoinUnderOperational: a JOIN that calls us failed, or a stale one
// from a member of our ring, does not disturb a working ring.
func (n *Node) ignoreJoinUnderOperational(j *wire.MembJoin) bool {
	if setHas(j.FailedList, n.id) {
		return true
	}
	return setHas(n.membList, j.SystemFrom) && j.RingSeq < n.ringID.Seq
}

// joinRefusesCommit: a JOIN from a member of the ring we are committing
// to, still carrying its old ring seq, that names a processor (or a
// failure) our commit token does not account for. Its sender is in
// GATHER with a view our commit token does not match, so it has dropped
// (or will drop) the token: waiting for it means a token timeout.
// Deviation: Corosync ignores every JOIN whose ring seq is below the
// commit's, and so sits out the token timeout (see doc.go).
func (n *Node) joinRefusesCommit(j *wire.MembJoin) bool {
	if j.IsLeave() {
		return false
	}
	return !setSubset(j.ProcList, n.procList) || !setSubset(j.FailedList, n.failedList)
}

func (n *Node) onJoin(j *wire.MembJoin) {
	if n.tokenRingIDSeq < j.RingSeq {
		n.tokenRingIDSeq = j.RingSeq
	}
	n.noteLeave(j)
	switch n.state {
	case StateOperational:
		if !n.ignoreJoinUnderOperational(j) {
			n.joinProcess(j)
		}
	case StateGather:
		n.joinProcess(j)
	case StateCommit:
		if setHas(n.newMemb, j.SystemFrom) && (j.RingSeq >= n.ringID.Seq || n.joinRefusesCommit(j)) {
			n.joinProcess(j)
			n.gatherEnter(gsJoinDuringCommit)
		}
	case StateRecovery:
		if setHas(n.newMemb, j.SystemFrom) && j.RingSeq >= n.ringID.Seq {
			n.joinProcess(j)
			n.recoveryTokenLoss()
			n.gatherEnter(gsJoinDuringRecovery)
		}
	}
}

// noteLeave remembers who sent a LEAVE for our last ring (or a later
// one), whatever our state: the list only decides whether a member that
// is gone logs "Failed to receive the leave message". Deviation: Corosync
// notes a LEAVE only when it processes the JOIN, so a LEAVE reaching a
// node that is already committing the ring without the leaver (another
// member heard it first) is reported as a failure (testdata/leave_late).
func (n *Node) noteLeave(j *wire.MembJoin) {
	if !j.IsLeave() || j.SystemFrom == n.id || j.RingSeq < n.oldRingID.Seq {
		return // not a LEAVE, our own from before a restart, or stale
	}
	leaver := uint32(0)
	if len(j.FailedList) > 0 {
		leaver = j.FailedList[len(j.FailedList)-1]
		n.leaveList = setMerge(n.leaveList, leaver)
	}
	n.logf(LogDebug, "Received LEAVE message from %d", leaver)
}

// joinProcess is memb_join_process: agree, ignore, or merge the sender's
// view into ours and restart GATHER.
func (n *Node) joinProcess(j *wire.MembJoin) {
	isLeave := j.IsLeave()
	if isLeave && j.SystemFrom == n.id {
		// Our own LEAVE from before a restart, still in flight: it would
		// put us in our own failed list for good.
		return
	}
	gathered := false
	switch {
	case setEqual(j.ProcList, n.procList) && setEqual(j.FailedList, n.failedList):
		if !isLeave {
			n.consensus[j.SystemFrom] = true
		}
		if n.consensusAgreed() && n.failedRecv {
			// We could not receive: form a ring of our own.
			n.failedRecv = false
			n.procList = []uint32{n.id}
			n.failedList = nil
			n.commitTokenCreate()
			n.commitEnter()
			return
		}
		if n.consensusAgreed() && n.lowestInConfig() {
			n.commitTokenCreate()
			n.commitEnter()
			return
		}
	case setSubset(j.ProcList, n.procList) && setSubset(j.FailedList, n.failedList):
		// Nothing new.
	case setHas(n.failedList, j.SystemFrom):
		// We already gave up on the sender.
	default:
		np, nf := len(n.procList), len(n.failedList)
		n.procList = setMerge(n.procList, j.ProcList...)
		if setHas(j.FailedList, n.id) {
			if j.SystemFrom != n.id {
				n.failedList = setMerge(n.failedList, j.SystemFrom)
			}
		} else if setHas(n.membList, j.SystemFrom) {
			if !setHas(n.failedList, j.SystemFrom) {
				n.failedList = setMerge(n.failedList, j.FailedList...)
			} else {
				n.failedList = setMerge(n.failedList, setSubtract(j.FailedList, n.membList)...)
			}
		}
		// Deviation: Corosync re-enters GATHER here even when the merge
		// added nothing (the sender's failed list has ids we may not adopt).
		// Two such nodes then answer each other's JOINs at network speed,
		// and every re-entry restarts the consensus timer, so the storm
		// can outlive the consensus timeout. Nothing learnt, nothing to
		// announce: our join timer re-sends our view anyway.
		if len(n.procList) != np || len(n.failedList) != nf {
			n.gatherEnter(gsMergeDuringJoin)
			gathered = true
		}
	}
	if !gathered && n.state == StateOperational {
		n.gatherEnter(gsJoinDuringOperational)
	}
}

// --- COMMIT ---

// commitTokenCreate builds the commit token as the ring's future
// representative: members sorted ascending (the ring order), new ring
// seq = highest seen + 4.
func (n *Node) commitTokenCreate() {
	n.logf(LogDebug, "Creating commit token because I am the rep.")
	memb := sorted(setSubtract(n.procList, n.failedList))
	n.commitToken = &wire.CommitToken{
		Header:   n.hdr(),
		RingID:   wire.RingID{Rep: n.id, Seq: n.tokenRingIDSeq + 4},
		Addrs:    memb,
		MembList: make([]wire.CommitMembEntry, len(memb)),
	}
}

func (n *Node) oldRingStateSave() {
	if !n.oldSaved {
		n.oldSaved = true
		n.oldRingID = n.ringID
		n.oldAru = n.myAru
		n.oldHighSeq = n.highSeqReceived
		n.logf(LogDebug, "Saving state aru %x high seq received %x", n.myAru, n.highSeqReceived)
	}
}

func (n *Node) oldRingStateRestore() {
	n.myAru = n.oldAru
	n.highSeqReceived = n.oldHighSeq
	n.logf(LogDebug, "Restoring instance->my_aru %x my high seq received %x", n.myAru, n.highSeqReceived)
}

// commitTokenUpdate fills our slot and clears the received flag of every
// same-old-ring member (us included) whose aru is below the highest one.
func (n *Node) commitTokenUpdate() {
	ct := n.commitToken
	n.newMemb = append([]uint32(nil), ct.Addrs...)
	idx := int(ct.MembIndex)
	n.receivedFlg = n.myAru == n.highSeqReceived
	ct.MembList[idx] = wire.CommitMembEntry{
		RingID:        n.oldRingID,
		Aru:           n.oldAru,
		HighDelivered: n.highDelivered,
		ReceivedFlg:   b2u(n.receivedFlg),
	}
	high := ct.MembList[idx].Aru
	for i := 0; i <= idx; i++ {
		if ct.MembList[i].RingID == n.oldRingID && wire.SeqLT(high, ct.MembList[i].Aru) {
			high = ct.MembList[i].Aru
		}
	}
	for i := 0; i <= idx; i++ {
		if ct.MembList[i].RingID == n.oldRingID && wire.SeqLT(ct.MembList[i].Aru, high) {
			ct.MembList[i].ReceivedFlg = 0
			if i == idx {
				n.receivedFlg = false
			}
		}
	}
	ct.NodeID = n.id
	ct.MembIndex++
}

func (n *Node) commitEnter() {
	n.oldRingStateSave()
	n.commitTokenUpdate()
	ct := n.commitToken
	n.tokenTarget = ct.Addrs[int(ct.MembIndex)%len(ct.Addrs)]
	n.cancel(TimerJoin)
	n.cancel(TimerConsensus)
	n.ringID = ct.RingID
	n.ready.PersistRingSeq = true
	n.ready.RingSeq = n.ringID.Seq
	n.tokenRingIDSeq = n.ringID.Seq
	n.logf(LogDebug, "entering COMMIT state.")
	n.state = StateCommit
	n.arm(TimerTokenRetransmit, n.cfg.TokenRetransmit)
	n.arm(TimerToken, n.cfg.Token)
	n.trc, n.pbl, n.cbl = 0, 0, 0
	n.commitTokenSend(ct)
}

func (n *Node) commitTokenSend(ct *wire.CommitToken) {
	ct.TokenSeq++
	ct.NodeID = n.id
	b := wire.Encode(ct)
	n.lastToken = b
	n.unicast(n.tokenTarget, b)
	n.arm(TimerTokenRetransmit, n.cfg.TokenRetransmit)
}

func (n *Node) onCommitToken(ct *wire.CommitToken) {
	switch n.state {
	case StateGather:
		if setEqual(ct.Addrs, setSubtract(n.procList, n.failedList)) && ct.RingID.Seq > n.ringID.Seq &&
			len(ct.MembList) == len(ct.Addrs) && int(ct.MembIndex) >= 0 && int(ct.MembIndex) < len(ct.Addrs) {
			n.commitToken = ct
			n.commitEnter()
		}
	case StateCommit:
		if ct.RingID.Seq == n.ringID.Seq && int(ct.MembIndex) == len(ct.Addrs) && len(ct.Addrs) > 0 {
			n.recoveryEnter(ct)
		}
	case StateRecovery:
		if n.id == n.ringID.Rep && !n.originatedOrf {
			n.originatedOrf = true
			n.logf(LogDebug, "Sending initial ORF token")
			n.orfTokenSendInitial()
			n.arm(TimerToken, n.cfg.Token)
			n.arm(TimerTokenRetransmit, n.cfg.TokenRetransmit)
		}
	}
}

// --- RECOVERY ---

func (n *Node) recoveryEnter(ct *wire.CommitToken) {
	n.logf(LogDebug, "entering RECOVERY state.")
	n.orfDiscard = false
	n.recovery.reinit(0)
	n.retrans = nil
	lowRingAru := n.oldHighSeq

	// Forward the completed token once more so everybody enters RECOVERY.
	n.commitTokenSend(ct)
	n.myTokenSeq = ^uint32(0) // SEQNO_START_TOKEN − 1

	// Transitional configuration: new members that come from our old ring.
	n.transMemb = n.transMemb[:0]
	for _, id := range n.membList {
		for i, a := range ct.Addrs {
			if a == id && ct.MembList[i].RingID == n.oldRingID {
				n.transMemb = append(n.transMemb, id)
				break
			}
		}
	}
	// SAFE messages of the old ring up to the highest seq any transitional
	// member already delivered there were safe in the old configuration
	// (that member saw every old member holding them): all transitional
	// members deliver those before the transitional change, the rest after
	// it, so they agree on the split (the commit token is the same for all).
	n.transSafe = n.highDelivered
	for i, a := range ct.Addrs {
		e := ct.MembList[i]
		if setHas(n.transMemb, a) && e.RingID == n.oldRingID && wire.SeqLT(n.transSafe, e.HighDelivered) {
			n.transSafe = e.HighDelivered
		}
	}
	// Deviation: Corosync only refreshes the deliver list when some
	// transitional member lacks messages; when none does the old value is
	// never consulted, so always taking the fresh list changes nothing.
	n.deliverMem = append([]uint32(nil), n.transMemb...)
	needRecovery := false
	for i, a := range ct.Addrs {
		if setHas(n.transMemb, a) && ct.MembList[i].ReceivedFlg == 0 {
			needRecovery = true
			break
		}
	}
	originated := 0
	if needRecovery {
		for i, a := range ct.Addrs {
			e := ct.MembList[i]
			if setHas(n.deliverMem, a) && e.RingID == n.oldRingID && wire.SeqLT(e.Aru, lowRingAru) {
				lowRingAru = e.Aru
			}
		}
		for s := lowRingAru + 1; wire.SeqLTE(s, n.oldHighSeq) && s-lowRingAru < queueRTRItemsMax; s++ {
			it, ok := n.regular.get(s)
			if !ok {
				continue
			}
			n.retrans = append(n.retrans, &wire.Mcast{
				Header:     wire.Header{Encapsulated: wire.Encapsulated, NodeID: n.id},
				SystemFrom: n.id,
				RingID:     n.ringID,
				Inner:      it.m,
			})
			originated++
		}
	}
	if originated > 0 {
		n.stats.RecoveryMessagesOriginated += uint64(originated)
		n.logf(LogDebug, "copying all old ring messages from %x-%x.", lowRingAru+1, n.oldHighSeq)
		n.logf(LogDebug, "Originated %d messages in RECOVERY.", originated)
	} else {
		n.logf(LogDebug, "Did not need to originate any messages in recovery.")
	}
	n.myAru = 0
	n.aruCount = 0
	n.seqUnchanged = 0
	n.highSeqReceived = 0
	n.installSeq = 0
	n.lastReleased = 0
	n.retransFlgCount = 0
	n.rotationCounter = 0
	n.arm(TimerToken, n.cfg.Token)
	n.arm(TimerTokenRetransmit, n.cfg.TokenRetransmit)
	n.state = StateRecovery
}

func (n *Node) recoveryTokenLoss() {
	n.oldRingStateRestore()
	n.gatherEnter(gsTokenLostRecovery)
	n.stats.RecoveryTokenLost++
}

// recoveryToRegular unwraps the recovered old-ring messages into the
// regular queue (only those of our own old ring, once each).
func (n *Node) recoveryToRegular() {
	for s := uint32(1); wire.SeqLTE(s, n.myAru) && s <= queueRTRItemsMax; s++ {
		it, ok := n.recovery.get(s)
		if !ok || it.m.Inner == nil {
			continue
		}
		in := it.m.Inner
		if in.RingID != n.oldRingID {
			n.logf(LogDebug, "-not adding msg with seq no %x", in.Seq)
			continue
		}
		if !n.regular.has(in.Seq) && n.regular.inRange(in.Seq) {
			n.regular.add(in.Seq, stored{m: in, raw: wire.Encode(in)})
			if wire.SeqLT(n.oldHighSeq, in.Seq) {
				n.oldHighSeq = in.Seq
			}
		}
	}
}

// --- OPERATIONAL ---

// operationalEnter installs the new ring with extended virtual synchrony:
// old-ring messages deliverable in order, the transitional change, the
// recovered messages of transitional members, then the regular change.
func (n *Node) operationalEnter() {
	n.originatedOrf = false
	clear(n.consensus)
	n.oldSaved = false
	n.recoveryToRegular()

	n.deliverInOrder(n.oldHighSeq, n.transSafe)

	left := sorted(setSubtract(n.membList, n.transMemb))
	joined := sorted(setSubtract(n.newMemb, n.transMemb))
	n.membList = append([]uint32(nil), n.newMemb...)
	n.setRetransFlg = false

	n.upcallConf(ConfChange{Type: Transitional, Ring: n.ringID, Members: sorted(n.transMemb), Left: left})
	// From now on new messages wait in the sync queue until SyncDone.
	if !n.waitingTransAck {
		n.waitingTransAck = true
		n.logf(LogDebug, "waiting_trans_ack changed to 1")
	}
	n.deliverTransitional(n.oldHighSeq)
	n.upcallConf(ConfChange{Type: Regular, Ring: n.ringID, Members: sorted(n.newMemb), Joined: joined})

	// The recovery ring's queue becomes the regular queue; everything in
	// it so far was recovery traffic, already handled above.
	n.regular.copyFrom(n.recovery)
	n.lastAru = 0
	n.procList = append([]uint32(nil), n.newMemb...)
	n.failedList = nil
	top := n.highSeqReceived
	for top != 0 && !n.regular.has(top) {
		top--
	}
	n.highDelivered = top
	n.regular.release(top)
	n.lastReleased = top
	n.safeLine = top // the new ring's messages all come after top

	var msg strings.Builder
	if len(joined) > 0 {
		msg.WriteString(" joined:")
		for _, id := range joined {
			fmt.Fprintf(&msg, " %d", id)
		}
	}
	var failed []uint32
	if len(left) > 0 {
		msg.WriteString(" left:")
		for _, id := range left {
			fmt.Fprintf(&msg, " %d", id)
			if !setHas(n.leaveList, id) {
				failed = append(failed, id)
			}
		}
	}
	n.leaveList = nil
	n.logf(LogDebug, "entering OPERATIONAL state.")
	n.logf(LogNotice, "A new membership (%s) was formed. Members%s", n.ringID, msg.String())
	if len(failed) > 0 {
		var f strings.Builder
		for _, id := range failed {
			fmt.Fprintf(&f, " %d", id)
		}
		n.logf(LogNotice, "Failed to receive the leave message. failed:%s", f.String())
	}
	n.state = StateOperational
	n.stats.OperationalEntered++
	n.receivedFlg = true
	n.oldRingID = n.ringID
}

func (n *Node) upcallConf(c ConfChange) {
	if c.Left == nil && c.Type == Transitional {
		c.Left = []uint32{}
	}
	if c.Joined == nil && c.Type == Regular {
		c.Joined = []uint32{}
	}
	n.ready.Upcalls = append(n.ready.Upcalls, Upcall{Kind: UpcallConfChange, Conf: c})
}

// --- timeouts ---

func (n *Node) tokenTimeout() {
	switch n.state {
	case StateOperational:
		n.logf(LogDebug, "The token was lost in the OPERATIONAL state.")
		n.logf(LogNotice, "A processor failed, forming new configuration: token timed out (%dms), waiting %dms for consensus.", n.cfg.Token, n.cfg.Consensus)
		n.stats.OperationalTokenLost++
		n.gatherEnter(gsTokenLostOperational)
	case StateGather:
		n.logf(LogDebug, "The consensus timeout expired.")
		n.consensusTimeoutExpired()
		n.gatherEnter(gsConsensusExpired)
	case StateCommit:
		n.logf(LogDebug, "The token was lost in the COMMIT state.")
		n.gatherEnter(gsTokenLostCommit)
	case StateRecovery:
		n.logf(LogDebug, "The token was lost in the RECOVERY state.")
		n.recoveryTokenLoss()
		n.orfDiscard = true
	}
}

func (n *Node) tokenRetransmitTimeout() {
	switch n.state {
	case StateCommit, StateOperational, StateRecovery:
		n.tokenRetransmit()
		n.arm(TimerTokenRetransmit, n.cfg.TokenRetransmit)
	}
}

func (n *Node) tokenRetransmit() {
	if n.lastToken != nil {
		n.unicast(n.tokenTarget, n.lastToken)
	}
}

func b2u(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}
