package totem

import (
	"errors"
	"fmt"

	"github.com/gorosync/gorosync/totem/wire"
)

// State is the membership state (enum memb_state).
type State uint8

const (
	StateDown        State = 0 // not started yet, or stopped after Leave
	StateOperational State = 1
	StateGather      State = 2
	StateCommit      State = 3
	StateRecovery    State = 4
)

var stateNames = [...]string{"DOWN", "OPERATIONAL", "GATHER", "COMMIT", "RECOVERY"}

func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("state(%d)", uint8(s))
}

// Errors returned by Step.
var (
	ErrNotStarted     = errors.New("totem: node not started")
	ErrAlreadyStarted = errors.New("totem: node already started")
	ErrStopped        = errors.New("totem: node stopped")
	ErrQueueFull      = errors.New("totem: send queue full")
	ErrTimeBackwards  = errors.New("totem: tick moves time backwards")
)

// messageQueueMax is MESSAGE_QUEUE_MAX at the default net_mtu of 1410
// (4 MiB / net_mtu).
const messageQueueMax = 4 * 1024 * 1024 / 1410

// pending is an application message waiting for the token.
type pending struct {
	payload   []byte
	guarantee uint32
}

// Node is one Totem SRP processor as a pure state machine. It is not safe
// for concurrent use; the driver serialises Step and Ready.
type Node struct {
	cfg   Config
	id    uint32
	now   int64
	state State
	left  bool // stopped by Leave

	ringID         wire.RingID // my_ring_id
	oldRingID      wire.RingID // my_old_ring_id
	tokenRingIDSeq uint64      // highest ring seq seen (for the next ring id)

	procList   []uint32 // my_proc_list
	failedList []uint32 // my_failed_list
	membList   []uint32 // my_memb_list: the installed regular configuration
	newMemb    []uint32 // my_new_memb_list: the ring being formed (commit token order)
	transMemb  []uint32 // my_trans_memb_list
	deliverMem []uint32 // my_deliver_memb_list
	leaveList  []uint32 // nodes whose LEAVE we saw since the last ring
	consensus  map[uint32]bool
	failedRecv bool // failed_to_recv

	// Ordering state of the current ring (or of the recovery ring).
	myAru           uint32
	highSeqReceived uint32
	highDelivered   uint32
	lastAru         uint32 // token aru seen on the previous visit
	lastReleased    uint32
	myTokenSeq      uint32
	lastSeq         uint32 // token seq seen on the previous visit (merge/hold detection)
	seqUnchanged    uint32
	aruCount        uint32
	receivedFlg     bool
	installSeq      uint32
	rotationCounter int
	retransFlgCount int
	setRetransFlg   bool

	oldSaved   bool
	oldAru     uint32
	oldHighSeq uint32

	trc, pbl, cbl uint32 // flow control: my transmits / previous and current backlog
	tokenHeld     bool
	orfDiscard    bool
	originatedOrf bool
	globalSeqno   uint32

	regular  *sortQueue
	recovery *sortQueue
	newMsgs  []pending     // new_message_queue
	retrans  []*wire.Mcast // recovery re-sends (encapsulated), retrans_message_queue

	// waiting_trans_ack: from start and after every configuration change
	// until SyncDone, new messages go to syncMsgs (new_message_queue_trans)
	// and only that queue is sent.
	waitingTransAck bool
	syncMsgs        []pending

	// safeLine: every member of the ring holds every message up to it
	// (the lower aru of two successive fresh tokens). transSafe: on the
	// ring being installed, the highest seq any transitional member
	// delivered in the old ring (commit token high_delivered).
	safeLine  uint32
	transSafe uint32

	lastTokenRx int64 // when the last fresh token arrived (token_warning text)

	commitToken *wire.CommitToken
	tokenTarget uint32
	lastToken   []byte // orf_token_retransmit: last token (ORF or commit) sent or held

	timerArmed    [numTimers]bool
	timerDeadline [numTimers]int64
	timerDirty    [numTimers]bool

	ready Ready
	stats Stats
}

// Stats counts protocol events (a subset of Corosync's totemsrp stats).
type Stats struct {
	OrfTokenRx, OrfTokenTx     uint64
	McastRx, McastTx           uint64
	McastRetx                  uint64
	JoinRx, JoinTx             uint64
	CommitTokenRx              uint64
	MergeDetectTx              uint64
	TokenHoldCancelTx          uint64
	DecodeErrors               uint64
	GatherEntered              uint64
	OperationalEntered         uint64
	ConsensusTimeouts          uint64
	RecoveryTokenLost          uint64
	OperationalTokenLost       uint64
	RecoveryMessagesOriginated uint64
	FailedToReceive            uint64
}

// NewNode validates cfg and returns a node that waits for Start.
func NewNode(cfg Config) (*Node, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg.Members = append([]uint32(nil), cfg.Members...)
	return &Node{
		cfg:       cfg,
		id:        cfg.NodeID,
		consensus: map[uint32]bool{},
		regular:   newSortQueue(0),
		recovery:  newSortQueue(0),
		// Corosync starts waiting for the first trans ack.
		waitingTransAck: true,
	}, nil
}

// NodeID returns this node's id.
func (n *Node) NodeID() uint32 { return n.id }

// State returns the membership state.
func (n *Node) State() State { return n.state }

// RingID returns the current ring id (during COMMIT/RECOVERY: the ring
// being formed).
func (n *Node) RingID() wire.RingID { return n.ringID }

// Members returns the installed regular configuration, sorted.
func (n *Node) Members() []uint32 { return sorted(n.membList) }

// Stats returns the counters.
func (n *Node) Stats() Stats { return n.stats }

// Now returns the node's virtual clock.
func (n *Node) Now() int64 { return n.now }

// Pending returns how many application messages wait for the token (in
// both queues).
func (n *Node) Pending() int { return len(n.newMsgs) + len(n.syncMsgs) }

// WaitingTransAck reports whether the node waits for SyncDone: new
// messages then go to the sync queue and the regular queue is not sent.
func (n *Node) WaitingTransAck() bool { return n.waitingTransAck }

// NextDeadline returns the earliest armed timer deadline.
func (n *Node) NextDeadline() (int64, bool) {
	var best int64
	ok := false
	for k := range numTimers {
		if n.timerArmed[k] && (!ok || n.timerDeadline[k] < best) {
			best, ok = n.timerDeadline[k], true
		}
	}
	return best, ok
}

// HasReady reports whether Ready would return something.
func (n *Node) HasReady() bool {
	if !n.ready.Empty() {
		return true
	}
	for _, d := range n.timerDirty {
		if d {
			return true
		}
	}
	return false
}

// Ready returns and clears the accumulated effects.
func (n *Node) Ready() Ready {
	for k := range numTimers {
		if n.timerDirty[k] {
			n.ready.Timers = append(n.ready.Timers, TimerUpdate{Kind: k, Armed: n.timerArmed[k], Deadline: n.timerDeadline[k]})
			n.timerDirty[k] = false
		}
	}
	r := n.ready
	n.ready = Ready{}
	return r
}

// Step feeds one event into the state machine.
func (n *Node) Step(ev Event) error {
	if n.left {
		return ErrStopped
	}
	switch e := ev.(type) {
	case Start:
		if n.state != StateDown {
			return ErrAlreadyStarted
		}
		n.now = e.Now
		n.start(e.RingSeq)
		return nil
	case Tick:
		if e.Now < n.now {
			return fmt.Errorf("%w: %d < %d", ErrTimeBackwards, e.Now, n.now)
		}
		n.now = e.Now
		if n.state == StateDown {
			return nil
		}
		n.fireDue()
		return nil
	case Reconfigure:
		return n.reconfigure(e.Config)
	}
	if n.state == StateDown {
		return ErrNotStarted
	}
	switch e := ev.(type) {
	case TimerFired:
		if e.Kind < numTimers && n.timerArmed[e.Kind] {
			n.fire(e.Kind)
		}
	case Received:
		n.receive(e.Data)
	case AppSend:
		return n.appSend(e.Payload, e.Guarantee)
	case Leave:
		n.leave()
	case SyncDone:
		n.transAck()
	default:
		return fmt.Errorf("totem: unknown event %T", ev)
	}
	return nil
}

func (n *Node) start(stored uint64) {
	n.ringID = wire.RingID{Rep: n.id, Seq: stored + 1}
	n.tokenRingIDSeq = n.ringID.Seq
	n.lastTokenRx = n.now
	n.logf(LogDebug, "Created or loaded sequence id %x.%x for this ring.", n.ringID.Rep, n.ringID.Seq)
	n.gatherEnter(gsInterfaceChange)
}

// --- timers ---

func (n *Node) arm(k TimerKind, ms uint32) {
	n.timerArmed[k] = true
	n.timerDeadline[k] = n.now + int64(ms)
	n.timerDirty[k] = true
	// The warning follows the token timer (reset_token_timeout).
	if k == TimerToken && n.cfg.TokenWarning > 0 {
		n.arm(TimerTokenWarning, n.tokenWarningMS())
	}
}

func (n *Node) cancel(k TimerKind) {
	if n.timerArmed[k] {
		n.timerArmed[k] = false
		n.timerDeadline[k] = 0
		n.timerDirty[k] = true
	}
	if k == TimerToken {
		n.cancel(TimerTokenWarning)
	}
}

// tokenWarningMS is token_warning percent of the token timeout, with
// Corosync's integer arithmetic.
func (n *Node) tokenWarningMS() uint32 {
	return max(n.cfg.TokenWarning*n.cfg.Token/100, 1)
}

// fireDue runs due timers one at a time, earliest (then lowest kind)
// first, re-scanning because a handler may arm or cancel others.
func (n *Node) fireDue() {
	for guard := 0; guard < 1000 && n.state != StateDown; guard++ {
		best := numTimers
		for k := range numTimers {
			if n.timerArmed[k] && n.timerDeadline[k] <= n.now &&
				(best == numTimers || n.timerDeadline[k] < n.timerDeadline[best]) {
				best = k
			}
		}
		if best == numTimers {
			return
		}
		n.fire(best)
	}
}

func (n *Node) fire(k TimerKind) {
	n.timerArmed[k] = false
	n.timerDirty[k] = true
	switch k {
	case TimerToken:
		n.tokenTimeout()
	case TimerTokenRetransmit:
		n.tokenRetransmitTimeout()
	case TimerTokenHold:
		if n.state == StateOperational || n.state == StateRecovery {
			n.tokenRetransmit()
		}
	case TimerMergeDetect:
		if n.state == StateOperational && n.ringID.Rep == n.id {
			n.mergeDetectSend()
		}
	case TimerJoin:
		if n.state == StateGather || n.state == StateCommit {
			n.joinSend()
			n.arm(TimerJoin, n.cfg.Join)
		}
	case TimerConsensus:
		n.consensusTimeoutExpired()
	case TimerTokenWarning:
		// A notice for the driver's log, repeated every period until a
		// token arrives or the token timer is cancelled.
		n.logf(LogNotice, "Token has not been received in %d ms", n.now-n.lastTokenRx)
		n.arm(TimerTokenWarning, n.tokenWarningMS())
	}
}

// --- output helpers ---

func (n *Node) logf(l LogLevel, format string, args ...any) {
	n.ready.Logs = append(n.ready.Logs, Log{Level: l, Text: fmt.Sprintf(format, args...)})
}

func (n *Node) multicast(m wire.Message) {
	n.multicastRaw(wire.Encode(m))
}

func (n *Node) multicastRaw(b []byte) {
	n.ready.Datagrams = append(n.ready.Datagrams, Datagram{Multicast: true, Type: wire.MessageType(b[3]), Data: b})
}

func (n *Node) unicast(to uint32, b []byte) {
	n.ready.Datagrams = append(n.ready.Datagrams, Datagram{To: to, Type: wire.MessageType(b[3]), Data: b})
}

func (n *Node) hdr() wire.Header { return wire.Header{NodeID: n.id} }

// --- input ---

func (n *Node) receive(b []byte) {
	// Own the bytes: stored messages alias them and the driver may reuse
	// its receive buffer.
	b = append([]byte(nil), b...)
	msg, err := wire.Decode(b)
	if err != nil {
		n.stats.DecodeErrors++
		n.logf(LogDebug, "dropping datagram: %v", err)
		return
	}
	switch m := msg.(type) {
	case *wire.OrfToken:
		n.stats.OrfTokenRx++
		n.onOrfToken(m)
	case *wire.Mcast:
		n.stats.McastRx++
		n.onMcast(m, b)
	case *wire.MergeDetect:
		n.onMergeDetect(m)
	case *wire.MembJoin:
		n.stats.JoinRx++
		n.onJoin(m)
	case *wire.CommitToken:
		n.stats.CommitTokenRx++
		n.onCommitToken(m)
	case *wire.TokenHoldCancel:
		n.onTokenHoldCancel(m)
	}
}

// sendQueue is the queue new messages join and the token drains in
// OPERATIONAL: the sync queue while waiting for the trans ack.
func (n *Node) sendQueue() *[]pending {
	if n.waitingTransAck {
		return &n.syncMsgs
	}
	return &n.newMsgs
}

func (n *Node) appSend(payload []byte, guarantee uint32) error {
	q := n.sendQueue()
	if len(*q) >= messageQueueMax {
		return ErrQueueFull
	}
	*q = append(*q, pending{payload: append([]byte(nil), payload...), guarantee: guarantee})
	n.stats.McastTx++
	n.tokenHoldCancelSend()
	return nil
}

// transAck ends the sync period (totemsrp_trans_ack): the regular queue
// is sent again.
func (n *Node) transAck() {
	if !n.waitingTransAck {
		return
	}
	n.waitingTransAck = false
	n.logf(LogDebug, "waiting_trans_ack changed to 0")
	if len(n.syncMsgs) > 0 {
		// Deviation: Corosync leaves what is still in the sync queue there
		// until the next configuration change, which may never come; we
		// send it first, ahead of the older regular messages.
		q := make([]pending, 0, len(n.syncMsgs)+len(n.newMsgs))
		q = append(append(q, n.syncMsgs...), n.newMsgs...)
		n.newMsgs, n.syncMsgs = q, nil
	}
	if len(n.newMsgs) > 0 {
		n.tokenHoldCancelSend()
	}
}
