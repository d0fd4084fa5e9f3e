// Package votequorum is Corosync 3.1.7's vote quorum service
// (exec/votequorum.c) as a pure, deterministic state machine: no I/O, no
// clocks, no goroutines.
//
// The daemon drives a *Quorum through its entry points — New (service
// init), SyncInit/SyncProcess/SyncActivate (the sync protocol after every
// membership change), Deliver* (votequorum exec messages in totem order),
// LMSTimerFired, Reload, Leave and the library calls GetInfo, SetExpected,
// SetVotes — and carries out the Effects each call returns: multicast a
// message, arm or cancel the last_man_standing timer, tell the quorum
// service and library trackers, persist the expected_votes_tracking
// barrier, write a log line. What the node publishes under
// runtime.votequorum.* is available from RuntimeKeys after any call.
//
// The arithmetic follows the C rules exactly (see shared/reference
// corosync.md §5), including their quirks, because nodes of a mixed
// gorosync/corosync cluster must agree on quorum.
package votequorum
