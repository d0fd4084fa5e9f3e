package totem

import "github.com/gorosync/gorosync/totem/wire"

// onOrfToken is the ORF token handler (message_handler_orf_token): hold
// and merge-detect bookkeeping, retransmissions, new multicasts under flow
// control, aru maintenance, RECOVERY completion, forwarding, delivery.
func (n *Node) onOrfToken(t *wire.OrfToken) {
	if n.orfDiscard {
		return
	}
	if t.Seq == n.lastSeq {
		n.startMergeDetect()
		n.seqUnchanged++
	} else {
		n.cancel(TimerMergeDetect)
		n.cancel(TimerTokenHold)
		n.seqUnchanged = 0
	}
	n.lastSeq = t.Seq

	isRep := n.ringID.Rep == n.id
	n.tokenHeld = (isRep && n.seqUnchanged > n.cfg.SeqnoUnchangedConst) ||
		(!isRep && n.seqUnchanged >= n.cfg.SeqnoUnchangedConst)
	forward := !(isRep && n.tokenHeld)

	if n.state == StateCommit || t.RingID != n.ringID {
		return
	}
	if wire.SeqLTE(t.TokenSeq, n.myTokenSeq) {
		return // a retransmitted copy we already handled
	}
	// Deviation: Corosync frees messages before the two checks above, so
	// a retransmitted copy of the token we handled last time releases up
	// to that copy's aru, which has not been round the ring yet (the
	// simulator found members losing old-ring messages that way). Only a
	// fresh token, combined with the previous one, proves every member
	// has a message.
	n.lastTokenRx = n.now
	if n.state == StateOperational {
		n.messagesFree(t.Aru)
		n.safeLineUpdate(t.Aru)
	}
	lastAru := n.lastAru
	n.lastAru = t.Aru

	allowed := n.fccCalculate(t)
	remcast := n.orfTokenRtr(t, &allowed)
	if n.tokenHeld && (len(t.RtrList) > 0 || remcast > 0) {
		n.tokenHeld = false
		forward = true
	}
	n.fccRtrLimit(t, &allowed)
	sent := n.orfTokenMcast(t, allowed)
	n.logf(LogDebug, "token seq %x fcc %d backlog %d: allowed %d, re-sent %d, sent %d", t.Seq, t.Fcc, t.Backlog, allowed, remcast, sent)
	n.fccTokenUpdate(t, remcast+sent)

	if wire.SeqLT(n.myAru, t.Aru) || t.AruAddr == n.id || t.AruAddr == 0 {
		t.Aru = n.myAru
		if t.Aru == t.Seq {
			t.AruAddr = 0
		} else {
			t.AruAddr = n.id
		}
	}
	if t.Aru == lastAru && t.AruAddr != 0 {
		n.aruCount++
	} else {
		n.aruCount = 0
	}
	if n.aruCount > n.cfg.FailRecvConst && t.AruAddr == n.id {
		n.logf(LogError, "FAILED TO RECEIVE")
		n.failedRecv = true
		n.stats.FailedToReceive++
		n.failedList = setMerge(n.failedList, n.id)
		n.gatherEnter(gsFailedToReceive)
		return
	}
	n.myTokenSeq = t.TokenSeq
	t.TokenSeq++

	if n.state == StateRecovery {
		n.recoveryTokenRules(t)
	}
	n.tokenSend(t, forward)
	if n.state == StateOperational {
		n.deliverInOrder(n.highSeqReceived, n.safeLine)
	}
	n.arm(TimerToken, n.cfg.Token)
	n.arm(TimerTokenRetransmit, n.cfg.TokenRetransmit)
	if isRep && n.tokenHeld {
		n.arm(TimerTokenHold, n.cfg.Hold)
	}
}

// recoveryTokenRules decides when RECOVERY is over: after the re-send
// backlog of every node is empty (retrans_flg stayed 0 for two visits, the
// install seq is fixed), and two more rotations found the whole ring past
// it (token aru ≥ install seq).
func (n *Node) recoveryTokenRules(t *wire.OrfToken) {
	if len(n.retrans) > 0 {
		if t.RetransFlg == 0 {
			t.RetransFlg = 1
			n.setRetransFlg = true
		}
	} else if t.RetransFlg == 1 && n.setRetransFlg {
		t.RetransFlg = 0
		n.setRetransFlg = false
	}
	n.logf(LogDebug, "token retrans flag is %d my set retrans flag%d retrans queue empty %d count %d, aru %x",
		t.RetransFlg, b2u(n.setRetransFlg), b2u(len(n.retrans) == 0), n.retransFlgCount, t.Aru)
	if t.RetransFlg == 0 {
		n.retransFlgCount++
	} else {
		n.retransFlgCount = 0
	}
	if n.retransFlgCount == 2 {
		n.installSeq = t.Seq
	}
	n.logf(LogDebug, "install seq %x aru %x high seq received %x", n.installSeq, n.myAru, n.highSeqReceived)
	if n.retransFlgCount >= 2 && !n.receivedFlg && wire.SeqLTE(n.installSeq, n.myAru) {
		n.receivedFlg = true
		n.deliverMem = append([]uint32(nil), n.transMemb...)
	}
	if n.retransFlgCount >= 3 && wire.SeqLTE(n.installSeq, t.Aru) {
		n.rotationCounter++
	} else {
		n.rotationCounter = 0
	}
	if n.rotationCounter == 2 {
		n.operationalEnter()
		n.rotationCounter = 0
		n.retransFlgCount = 0
	}
}

// tokenSend keeps a copy for retransmission and, unless we hold the
// token, passes it to the next member.
func (n *Node) tokenSend(t *wire.OrfToken, forward bool) {
	t.NodeID = n.id
	b := wire.Encode(t)
	n.lastToken = b
	if forward {
		n.stats.OrfTokenTx++
		n.unicast(n.tokenTarget, b)
	}
}

func (n *Node) orfTokenSendInitial() {
	t := &wire.OrfToken{
		Header:  n.hdr(),
		Seq:     0,
		Aru:     ^uint32(0), // SEQNO_START_MSG − 1
		AruAddr: n.id,
		RingID:  n.ringID,
	}
	n.setRetransFlg = len(n.retrans) > 0
	if n.setRetransFlg {
		t.RetransFlg = 1
	}
	n.tokenSend(t, true)
}

func (n *Node) onTokenHoldCancel(m *wire.TokenHoldCancel) {
	if m.RingID != n.ringID {
		return
	}
	n.seqUnchanged = 0
	if n.ringID.Rep == n.id {
		n.tokenRetransmitTimeout()
	}
}

// tokenHoldCancelSend asks the ring to release a held token because we
// have something to send.
func (n *Node) tokenHoldCancelSend() {
	if !n.tokenHeld {
		return
	}
	n.tokenHeld = false
	n.stats.TokenHoldCancelTx++
	n.multicast(&wire.TokenHoldCancel{Header: n.hdr(), RingID: n.ringID})
}

// --- flow control ---

func (n *Node) backlog() uint32 {
	switch n.state {
	case StateOperational:
		return uint32(len(*n.sendQueue()))
	case StateRecovery:
		return uint32(len(n.retrans))
	}
	return 0
}

// fccCalculate: at most max_messages, at most what the window leaves
// after the last rotation, and our share of the ring's backlog.
func (n *Node) fccCalculate(t *wire.OrfToken) uint32 {
	allowed := n.cfg.MaxMessages
	// Deviation: Corosync computes window − fcc unsigned, so an fcc above
	// the window wraps to a huge value; we treat it as no room.
	if t.Fcc >= n.cfg.WindowSize {
		allowed = 0
	} else if n.cfg.WindowSize-t.Fcc < allowed {
		allowed = n.cfg.WindowSize - t.Fcc
	}
	n.cbl = n.backlog()
	if total := t.Backlog + n.cbl - n.pbl; total != 0 {
		share := n.cfg.WindowSize * n.pbl / total
		if share > 0 && allowed > share {
			allowed = share
		}
	}
	return allowed
}

// fccRtrLimit keeps new seqs within the retransmit queue's reach.
func (n *Node) fccRtrLimit(t *wire.OrfToken, allowed *uint32) {
	if wire.SeqLT(n.lastReleased+queueRTRItemsMax-*allowed-n.cfg.WindowSize, t.Seq) {
		*allowed = 0
	}
}

func (n *Node) fccTokenUpdate(t *wire.OrfToken, transmitted uint32) {
	t.Fcc += transmitted - n.trc
	t.Backlog += n.cbl - n.pbl
	n.trc = transmitted
	n.pbl = n.cbl
}

// --- retransmission and multicast under the token ---

func (n *Node) activeQueue() *sortQueue {
	if n.state == StateRecovery {
		return n.recovery
	}
	return n.regular
}

// orfTokenRtr re-multicasts what others asked for (if we have it) and adds
// our own long-missing seqs to the token's retransmit list.
func (n *Node) orfTokenRtr(t *wire.OrfToken, allowed *uint32) uint32 {
	q := n.activeQueue()
	var remcast uint32
	for i := 0; remcast < *allowed && i < len(t.RtrList); {
		r := t.RtrList[i]
		if r.RingID != n.ringID {
			i++
			continue
		}
		if it, ok := q.get(r.Seq); ok {
			n.multicastRaw(it.raw)
			n.stats.McastRetx++
			t.RtrList = append(t.RtrList[:i], t.RtrList[i+1:]...)
			remcast++
			continue
		}
		i++
	}
	*allowed -= remcast

	span := t.Seq - n.myAru
	if span >= queueRTRItemsMax {
		return remcast
	}
	for i := uint32(1); len(t.RtrList) < wire.RetransmitEntriesMax && i <= span; i++ {
		s := n.myAru + i
		if !q.inRange(s) {
			break
		}
		if q.has(s) {
			continue
		}
		if q.missCount(s) < n.cfg.MissCountConst {
			continue
		}
		found := false
		for _, r := range t.RtrList {
			if r.Seq == s {
				found = true
				break
			}
		}
		if !found {
			t.RtrList = append(t.RtrList, wire.RtrItem{RingID: n.ringID, Seq: s})
		}
	}
	return remcast
}

// orfTokenMcast sends up to allowed queued messages, each taking the next
// ring seq from the token.
func (n *Node) orfTokenMcast(t *wire.OrfToken, allowed uint32) uint32 {
	q := n.activeQueue()
	var sent uint32
	for ; sent < allowed; sent++ {
		var m *wire.Mcast
		if n.state == StateRecovery {
			if len(n.retrans) == 0 {
				break
			}
			m = n.retrans[0]
			n.retrans = n.retrans[1:]
		} else {
			pq := n.sendQueue()
			if len(*pq) == 0 {
				break
			}
			p := (*pq)[0]
			(*pq)[0] = pending{}
			*pq = (*pq)[1:]
			m = &wire.Mcast{
				Header:     wire.Header{Encapsulated: wire.NotEncapsulated, NodeID: n.id},
				SystemFrom: n.id,
				Guarantee:  p.guarantee,
				Payload:    p.payload,
			}
		}
		t.Seq++
		m.Seq = t.Seq
		m.ThisSeqno = n.globalSeqno
		n.globalSeqno++
		m.RingID = n.ringID
		raw := wire.Encode(m)
		q.add(m.Seq, stored{m: m, raw: raw})
		n.multicastRaw(raw)
		n.highSeqReceived = t.Seq
	}
	n.updateAru()
	return sent
}
