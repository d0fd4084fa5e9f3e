package totem

import "github.com/gorosync/gorosync/totem/wire"

// onMcast stores a ring-ordered message. A message of another ring makes
// an OPERATIONAL node (and a GATHER node that did not know the sender)
// start a membership round, the way Corosync notices other rings.
func (n *Node) onMcast(m *wire.Mcast, raw []byte) {
	if m.RingID != n.ringID {
		switch n.state {
		case StateOperational:
			n.procList = setMerge(n.procList, m.SystemFrom)
			n.gatherEnter(gsForeignInOperational)
		case StateGather:
			if !setHas(n.procList, m.SystemFrom) {
				n.procList = setMerge(n.procList, m.SystemFrom)
				n.gatherEnter(gsForeignInGather)
			}
		}
		return
	}
	encap := m.Encapsulated == wire.Encapsulated
	if encap && m.Inner == nil {
		return
	}
	q := n.regular
	if encap {
		q = n.recovery
	}
	// Deviation: an ordinary message of the new ring that reaches us while
	// we are still in RECOVERY would land in the old ring's queue (at a seq
	// that may be a hole there) and could be delivered as an old-ring
	// message. Drop it; it is requested again once we are OPERATIONAL.
	if n.state == StateRecovery && !encap {
		return
	}
	if q.inRange(m.Seq) && !q.has(m.Seq) {
		q.add(m.Seq, stored{m: m, raw: raw})
		if wire.SeqLT(n.highSeqReceived, m.Seq) {
			n.highSeqReceived = m.Seq
		}
	}
	n.updateAru()
	if n.state == StateOperational {
		n.deliverInOrder(n.highSeqReceived, n.safeLine)
	}
}

// updateAru advances my_aru over the messages received without a gap.
func (n *Node) updateAru() {
	q := n.activeQueue()
	span := n.highSeqReceived - n.myAru
	if span >= queueRTRItemsMax {
		return
	}
	for i := uint32(1); i <= span; i++ {
		if !q.has(n.myAru + 1) {
			break
		}
		n.myAru++
	}
}

// deliverInOrder hands messages up to end to the application in seq
// order. It stops at the first gap, and at the first SAFE message above
// safe: a later message may not overtake it (total order).
func (n *Node) deliverInOrder(end, safe uint32) {
	if !wire.SeqLT(n.highDelivered, end) {
		return
	}
	base := n.highDelivered
	span := end - base
	if span >= queueRTRItemsMax {
		return
	}
	for i := uint32(1); i <= span; i++ {
		s := base + i
		it, ok := n.regular.get(s)
		if !ok {
			return
		}
		if it.m.Guarantee == GuaranteeSafe && wire.SeqLT(safe, s) {
			return
		}
		n.highDelivered = s
		n.upcallMessage(it.m)
	}
}

// deliverTransitional is the pass after the transitional configuration
// change (messages_deliver_to_app with skip): it delivers the rest of the
// old ring up to end, jumping gaps. Messages before the first gap are
// delivered whoever sent them (they were only held back as SAFE); after a
// gap only those whose originator moved along with us (the deliver list).
func (n *Node) deliverTransitional(end uint32) {
	if !wire.SeqLT(n.highDelivered, end) {
		return
	}
	base := n.highDelivered
	span := end - base
	if span >= queueRTRItemsMax {
		return
	}
	gap := false
	for i := uint32(1); i <= span; i++ {
		s := base + i
		if !n.regular.inRange(s) {
			break
		}
		it, ok := n.regular.get(s)
		n.highDelivered = s
		if !ok {
			gap = true
			continue
		}
		if gap && !setHas(n.deliverMem, it.m.SystemFrom) {
			continue
		}
		n.upcallMessage(it.m)
	}
}

// safeLineUpdate advances the safe line on a fresh token: a seq at or
// below the aru of this token and of the previous one has been received
// by every member (the same proof messagesFree relies on).
func (n *Node) safeLineUpdate(tokenAru uint32) {
	line := tokenAru
	if wire.SeqLT(n.lastAru, line) {
		line = n.lastAru
	}
	if wire.SeqLT(n.safeLine, line) {
		n.safeLine = line
	}
}

func (n *Node) upcallMessage(m *wire.Mcast) {
	n.ready.Upcalls = append(n.ready.Upcalls, Upcall{Kind: UpcallMessage, Message: Message{
		Sender:    m.NodeID,
		Ring:      m.RingID,
		Seq:       m.Seq,
		Guarantee: m.Guarantee,
		Payload:   m.Payload,
	}})
}

// messagesFree releases what every member has (token aru), what we saw
// last rotation, and what we delivered — whichever is lowest.
func (n *Node) messagesFree(tokenAru uint32) {
	to := tokenAru
	if wire.SeqLT(n.lastAru, to) {
		to = n.lastAru
	}
	if wire.SeqLT(n.highDelivered, to) {
		to = n.highDelivered
	}
	if wire.SeqLT(to, n.lastReleased) || to == n.lastReleased {
		return
	}
	n.regular.release(to)
	n.lastReleased = to
	n.logf(LogDebug, "releasing messages up to and including %x", to)
}
