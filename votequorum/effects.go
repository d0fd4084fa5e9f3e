package votequorum

import (
	"github.com/gorosync/gorosync/totem/svcmsg"
	"github.com/gorosync/gorosync/totem/wire"
)

// Effect is something the caller must do on the service's behalf, in the
// order returned.
type Effect interface{ effect() }

// Send multicasts Msg in totem group "a" (TOTEM_AGREED).
type Send struct{ Msg svcmsg.Message }

// ArmLMSTimer (re)starts the last_man_standing timer: cancel any armed
// one, then call LMSTimerFired after Ms milliseconds.
type ArmLMSTimer struct{ Ms uint32 }

// CancelLMSTimer stops the last_man_standing timer if armed.
type CancelLMSTimer struct{}

// QuorumChanged is corosync's quorum_callback: the quorum service must
// tell its clients the new state (quorate flag, member list, ring).
type QuorumChanged struct {
	Quorate bool
	Members []uint32
	Ring    wire.RingID
}

// NotifyQuorum asks the library layer to send a quorum notification
// (NodeStates) to every votequorum tracker.
type NotifyQuorum struct{}

// NotifyNodelist asks the library layer to send the nodelist
// notification (Ring, Members) to every votequorum tracker.
type NotifyNodelist struct {
	Ring    wire.RingID
	Members []uint32
}

// NotifyExpectedVotes asks the library layer to send an expected-votes
// notification to every votequorum tracker.
type NotifyExpectedVotes struct{ Expected uint32 }

// PersistEVTracking writes the expected_votes_tracking barrier to
// <state_dir>/ev_tracking (4 bytes, native u32) and syncs it.
type PersistEVTracking struct{ Value uint32 }

// Level is a syslog-style log level.
type Level int

// Log levels used by votequorum.
const (
	LevelCrit    Level = 2
	LevelWarning Level = 4
	LevelNotice  Level = 5
	LevelInfo    Level = 6
	LevelDebug   Level = 7
)

// Log is a log line of subsystem VOTEQ.
type Log struct {
	Level Level
	Text  string
}

func (Send) effect()                {}
func (ArmLMSTimer) effect()         {}
func (CancelLMSTimer) effect()      {}
func (QuorumChanged) effect()       {}
func (NotifyQuorum) effect()        {}
func (NotifyNodelist) effect()      {}
func (NotifyExpectedVotes) effect() {}
func (PersistEVTracking) effect()   {}
func (Log) effect()                 {}
