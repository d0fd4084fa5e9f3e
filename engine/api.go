package engine

import (
	"fmt"

	"github.com/gorosync/gorosync/totem"
	"github.com/gorosync/gorosync/totem/wire"
	"github.com/gorosync/gorosync/votequorum"
)

// Event is one input to Engine.Step.
type Event interface{ isEvent() }

// Start is service initialisation (corosync_service_link_and_init for
// every service): runtime keys, votequorum's first NODEINFO. Now is the
// virtual time in ms.
type Start struct{ Now int64 }

// Upcalls hands totem deliveries to the engine, in the order of
// totem.Ready.Upcalls. Pass a whole Ready's batch at once: scheduled
// sync work runs after the batch, as Corosync's schedwrk runs after the
// delivery callback returns.
type Upcalls struct{ List []totem.Upcall }

// Tick advances the engine's clock (never backwards) and fires its timers
// that are due.
type Tick struct{ Now int64 }

// Poll processes work noticed outside Step (a tracked cmap key changed
// through IPC) and runs pending sync work; it has no other effect.
type Poll struct{}

func (Start) isEvent()   {}
func (Upcalls) isEvent() {}
func (Tick) isEvent()    {}
func (Poll) isEvent()    {}

// Timer names the engine's timers.
type Timer uint8

const (
	// TimerLMS is votequorum's last_man_standing window.
	TimerLMS Timer = iota
	numTimers
)

func (t Timer) String() string {
	if t == TimerLMS {
		return "lms"
	}
	return fmt.Sprintf("timer(%d)", uint8(t))
}

// TimerUpdate is a timer's new state (absolute virtual-ms deadline).
type TimerUpdate struct {
	Timer    Timer
	Armed    bool
	Deadline int64
}

// Level is a syslog level (LOGSYS_LEVEL_*).
type Level int

// Log levels.
const (
	LevelCrit    Level = 2
	LevelError   Level = 3
	LevelWarning Level = 4
	LevelNotice  Level = 5
	LevelInfo    Level = 6
	LevelDebug   Level = 7
)

// Log is one log line with Corosync's subsystem tag and wording.
type Log struct {
	Subsys string // MAIN, SYNC, CMAP, CPG, QUORUM, VOTEQ, CFG
	Level  Level
	Text   string
}

func (l Log) String() string { return fmt.Sprintf("[%-6s] %s", l.Subsys, l.Text) }

// Notice is something the daemon (or the IPC layer) must act on.
type Notice interface{ isNotice() }

// SyncCompleted: the sync for Ring finished. The daemon tells totem to
// send the messages it held back (totempg_trans_ack) and accepts IPC
// connections.
type SyncCompleted struct{ Ring wire.RingID }

// SyncStarted: a sync began (IPC flow control engaged until completed).
type SyncStarted struct{ Ring wire.RingID }

// QuorumNotify is the quorum service's library notification
// (quorum_api_set_quorum): tell quorum trackers.
type QuorumNotify struct {
	Quorate bool
	Ring    wire.RingID
	Members []uint32
}

// NodelistNotify is the quorum service's v1 nodelist notification after
// a sync (send_nodelist_library_notification).
type NodelistNotify struct {
	Ring                  wire.RingID
	Members, Joined, Left []uint32
}

// VotequorumNotify carries votequorum's library notifications
// (votequorum.NotifyQuorum, NotifyNodelist, NotifyExpectedVotes).
type VotequorumNotify struct{ Effect votequorum.Effect }

// PersistEVTracking: write Value to <state_dir>/ev_tracking.
type PersistEVTracking struct{ Value uint32 }

// ReloadRequested: cfg RELOAD_CONFIG was delivered; the daemon re-reads
// its configuration file (exec/cfg.c does it on every node), applies it
// to the map, then calls Engine.ConfigReloaded. Local is true on the node
// whose client asked; it answers that client (Source.Conn).
type ReloadRequested struct {
	ByNode uint32
	Local  bool
	Conn   uint64
}

// ShutdownRequested: the node must leave and exit (cfg SHUTDOWN of our
// own, or cmap's config_version mismatch). Reason is for the log.
type ShutdownRequested struct{ Reason string }

// FatalError: the node must exit at once without leaving
// (corosync_fatal_error), e.g. killed by another node.
type FatalError struct{ Reason string }

func (SyncCompleted) isNotice()     {}
func (SyncStarted) isNotice()       {}
func (QuorumNotify) isNotice()      {}
func (NodelistNotify) isNotice()    {}
func (VotequorumNotify) isNotice()  {}
func (PersistEVTracking) isNotice() {}
func (ReloadRequested) isNotice()   {}
func (ShutdownRequested) isNotice() {}
func (FatalError) isNotice()        {}

// Ready is what the driver must do after Step calls, in this order: hand
// every packet to totem (totem.AppSend, in order), apply the timer
// updates, act on the notices, write the logs.
type Ready struct {
	Packets [][]byte // totempg packets (MCAST payloads)
	Timers  []TimerUpdate
	Notices []Notice
	Logs    []Log
}

// Empty reports whether there is nothing to do.
func (r *Ready) Empty() bool {
	return len(r.Packets) == 0 && len(r.Timers) == 0 && len(r.Notices) == 0 && len(r.Logs) == 0
}
