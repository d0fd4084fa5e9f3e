package totempg

import (
	"errors"
	"fmt"
)

// Reassembler is the receiving side (totempg_deliver_fn): one assembly
// buffer per sender nodeid, fed with that sender's MCAST payloads in ring
// order, returning complete messages (group header included).
//
// When a packet's continuation does not match the fragment the sender's
// buffer expects (say, we missed the start of a message), the whole packet
// is dropped and the sender enters throw-away mode. In that mode packets
// are dropped until one with fragmented 0 or 1 arrives; it is dropped as
// well, but with fragmented 1 its last block starts the next message, as
// in Corosync. Unlike Corosync we stay in throw-away mode when that block
// is itself a continuation (a single block with continuation != 0), so a
// message whose start was never seen is never delivered.
//
// Corosync keeps a second set of buffers while a membership change waits
// for the sync acknowledgement (assembly_list_inuse_trans); a caller that
// needs that keeps two Reassemblers.
type Reassembler struct {
	senders map[uint32]*assembly
}

type assembly struct {
	partial   []byte
	lastFrag  uint8
	throwAway bool
}

// ErrThrowAway is returned (wrapped) when a packet is dropped because of a
// fragment mismatch or throw-away mode.
var ErrThrowAway = errors.New("totempg: fragment sequence broken, dropping")

// NewReassembler returns an empty reassembler.
func NewReassembler() *Reassembler { return &Reassembler{senders: map[uint32]*assembly{}} }

// Forget drops a sender's buffer (a node left the membership).
func (r *Reassembler) Forget(nodeid uint32) { delete(r.senders, nodeid) }

// Pending reports whether a sender has a partial message buffered.
func (r *Reassembler) Pending(nodeid uint32) bool {
	a := r.senders[nodeid]
	return a != nil && (len(a.partial) > 0 || a.lastFrag != 0)
}

// ThrowingAway reports whether a sender is in throw-away mode.
func (r *Reassembler) ThrowingAway(nodeid uint32) bool {
	a := r.senders[nodeid]
	return a != nil && a.throwAway
}

// Deliver feeds one MCAST payload from nodeid and returns the messages it
// completes. Returned slices are owned by the caller. A parse error leaves
// the sender's state unchanged; a dropped packet returns ErrThrowAway.
func (r *Reassembler) Deliver(nodeid uint32, payload []byte, swapped bool) ([][]byte, error) {
	p, err := Parse(payload, swapped)
	if err != nil {
		return nil, err
	}
	return r.DeliverPacket(nodeid, p)
}

// DeliverPacket is Deliver for an already parsed packet.
func (r *Reassembler) DeliverPacket(nodeid uint32, p Packet) ([][]byte, error) {
	n := len(p.Blocks)
	if n == 0 && p.Fragmented != 0 {
		return nil, fmt.Errorf("%w: fragmented packet without blocks", ErrCorrupt)
	}
	a := r.senders[nodeid]
	if a == nil {
		a = &assembly{}
		r.senders[nodeid] = a
	}
	complete := n
	if p.Fragmented != 0 {
		complete = n - 1
	}
	var out [][]byte
	var dropErr error
	startFresh := false // the tail block begins a new message
	switch {
	case a.throwAway:
		dropErr = fmt.Errorf("%w: node %d in throw-away mode", ErrThrowAway, nodeid)
		if p.Fragmented == 0 {
			a.throwAway = false
		} else if p.Fragmented == 1 && (n > 1 || p.Continuation == 0) {
			a.throwAway = false
			startFresh = true
		}
	case p.Continuation != a.lastFrag:
		dropErr = fmt.Errorf("%w: node %d continuation %d, expected %d", ErrThrowAway, nodeid, p.Continuation, a.lastFrag)
		a.throwAway = true
	default:
		for i := 0; i < complete; i++ {
			blk := p.Blocks[i]
			if i == 0 && len(a.partial) > 0 {
				blk = append(a.partial, blk...)
				a.partial = nil
			} else {
				blk = append([]byte(nil), blk...)
			}
			out = append(out, blk)
		}
		startFresh = n > 1 || p.Continuation == 0
	}
	if p.Fragmented == 0 {
		// A packet that ends on a message boundary resets the sender.
		delete(r.senders, nodeid)
		return out, dropErr
	}
	tail := p.Blocks[n-1]
	if startFresh {
		a.partial = append(a.partial[:0:0], tail...)
	} else {
		a.partial = append(a.partial, tail...)
	}
	a.lastFrag = p.Fragmented
	if a.throwAway {
		a.partial = nil // nothing of it will be delivered
	}
	if len(a.partial) > MessageSizeMax {
		a.partial, a.lastFrag, a.throwAway = nil, 0, true
		return out, fmt.Errorf("%w: node %d message exceeds %d bytes", ErrThrowAway, nodeid, MessageSizeMax)
	}
	return out, dropErr
}
