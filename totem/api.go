package totem

import (
	"fmt"
	"strings"

	"github.com/gorosync/gorosync/totem/wire"
)

// Event is one input to Node.Step.
type Event interface{ isEvent() }

// Start brings the interface up: the node loads RingSeq (the value last
// persisted through Ready.PersistRingSeq, 0 on a fresh node), uses
// RingSeq+1 as its ring seq and enters GATHER.
type Start struct {
	RingSeq uint64
	Now     int64 // virtual time in ms at start
}

// Received is a datagram that arrived from the network. From is the
// sender's nodeid as the transport resolved it (informational: Totem
// identifies senders by the ids inside the message).
type Received struct {
	From uint32
	Data []byte
}

// Tick advances the node's clock to Now (virtual ms, never backwards) and
// fires every timer whose deadline is due, earliest first.
type Tick struct{ Now int64 }

// TimerFired fires one timer now, whatever its deadline, for drivers that
// run real timers per kind. It is ignored when that timer is not armed.
type TimerFired struct{ Kind TimerKind }

// AppSend queues an application message (normally a totempg packet) for
// ring-ordered multicast. Guarantee is copied into the mcast header:
// GuaranteeAgreed (0) or GuaranteeSafe (1). Corosync 3.x delivers both
// alike; this core holds a SAFE message back until every member of the
// ring is known to have it (see package doc).
//
// Which queue the message joins depends on the trans-ack state: after a
// membership change (and before the first SyncDone) it goes to the sync
// queue, which alone is sent until SyncDone, like totemsrp_mcast's
// new_message_queue_trans.
type AppSend struct {
	Payload   []byte
	Guarantee uint32
}

// Delivery guarantees of the mcast header (TOTEMPG_AGREED, TOTEMPG_SAFE).
const (
	GuaranteeAgreed uint32 = 0
	GuaranteeSafe   uint32 = 1
)

// Leave multicasts a LEAVE (Corosync's shutdown path) and stops the node.
type Leave struct{}

// SyncDone is the upper layer's acknowledgement that synchronisation after
// the last configuration change is complete (totempg_trans_ack, called by
// Corosync when its sync services finish). Until it arrives, application
// messages queued before the change stay queued and only messages queued
// since the change are sent.
type SyncDone struct{}

func (Start) isEvent()      {}
func (Received) isEvent()   {}
func (Tick) isEvent()       {}
func (TimerFired) isEvent() {}
func (AppSend) isEvent()    {}
func (Leave) isEvent()      {}
func (SyncDone) isEvent()   {}

// TimerKind names the core's timers.
type TimerKind uint8

const (
	TimerToken           TimerKind = iota // token loss (Config.Token)
	TimerTokenRetransmit                  // re-send the last token (Config.TokenRetransmit)
	TimerTokenHold                        // held token re-send (Config.Hold)
	TimerMergeDetect                      // MERGE_DETECT by an idle rep (Config.Merge)
	TimerJoin                             // JOIN re-send (Config.Join)
	TimerConsensus                        // consensus timeout (Config.Consensus)
	TimerTokenWarning                     // "Token has not been received" notice (Config.TokenWarning % of Token)
	numTimers
)

var timerNames = [...]string{"token", "token_retransmit", "token_hold", "merge_detect", "join", "consensus", "token_warning"}

func (k TimerKind) String() string {
	if int(k) < len(timerNames) {
		return timerNames[k]
	}
	return fmt.Sprintf("timer(%d)", uint8(k))
}

// Datagram is one message to put on the network. Multicast datagrams go to
// every nodelist member including the sender itself (udpu behaviour);
// otherwise To names the single receiver (tokens).
type Datagram struct {
	Multicast bool
	To        uint32
	// Type is the Totem message type in Data, so a driver can treat
	// messages differently without decoding (e.g. delay JOINs by a random
	// 0..send_join ms, or give tokens socket priority).
	Type wire.MessageType
	Data []byte
}

// TimerUpdate tells the driver a timer's new state: armed with an
// absolute deadline (virtual ms), or cancelled.
type TimerUpdate struct {
	Kind     TimerKind
	Armed    bool
	Deadline int64
}

// ConfType tells transitional from regular configurations.
type ConfType uint8

const (
	Transitional ConfType = 0 // TOTEM_CONFIGURATION_TRANSITIONAL
	Regular      ConfType = 1 // TOTEM_CONFIGURATION_REGULAR
)

func (t ConfType) String() string {
	if t == Transitional {
		return "transitional"
	}
	return "regular"
}

// ConfChange is a configuration change delivered to the application.
type ConfChange struct {
	Type    ConfType
	Ring    wire.RingID // the new ring (for both the transitional and regular change)
	Members []uint32    // sorted
	Left    []uint32    // transitional only
	Joined  []uint32    // regular only
}

func (c ConfChange) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s ring=%s members=%s", c.Type, c.Ring, fmtIDs(c.Members))
	if c.Type == Transitional {
		fmt.Fprintf(&b, " left=%s", fmtIDs(c.Left))
	} else {
		fmt.Fprintf(&b, " joined=%s", fmtIDs(c.Joined))
	}
	return b.String()
}

// Message is an application message delivered in agreed order (and, when
// Guarantee is GuaranteeSafe, only once every member holds it).
type Message struct {
	Sender    uint32      // originator (mcast header nodeid)
	Ring      wire.RingID // ring the message was originally sent in
	Seq       uint32      // its sequence number in that ring
	Guarantee uint32      // as sent (mcast header guarantee)
	Payload   []byte
}

// UpcallKind tells what an Upcall carries.
type UpcallKind uint8

const (
	UpcallMessage UpcallKind = iota
	UpcallConfChange
)

// Upcall is one delivery to the application; the order of Ready.Upcalls
// is the extended-virtual-synchrony order (old-ring messages, transitional
// change, recovered messages, regular change, new-ring messages).
type Upcall struct {
	Kind    UpcallKind
	Message Message
	Conf    ConfChange
}

// LogLevel mirrors the Corosync levels the core logs at.
type LogLevel uint8

const (
	LogDebug LogLevel = iota
	LogNotice
	LogWarning
	LogError
)

// Log is a log line in Corosync's wording (subsystem TOTEM).
type Log struct {
	Level LogLevel
	Text  string
}

// Ready is everything the driver must do after Step calls: persist the
// ring seq first (before sending anything), then send the datagrams, apply
// timer updates, and hand the upcalls to the application in order.
type Ready struct {
	PersistRingSeq bool
	RingSeq        uint64
	Datagrams      []Datagram
	Timers         []TimerUpdate
	Upcalls        []Upcall
	Logs           []Log
}

// Empty reports whether there is nothing to do.
func (r *Ready) Empty() bool {
	return !r.PersistRingSeq && len(r.Datagrams) == 0 && len(r.Timers) == 0 && len(r.Upcalls) == 0 && len(r.Logs) == 0
}

func fmtIDs(ids []uint32) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%d", id)
	}
	b.WriteByte(']')
	return b.String()
}
