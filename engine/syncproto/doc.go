// Package syncproto is Corosync 3.1.7's service synchronization protocol
// (exec/sync.c; shared/reference/corosync.md §4) as a pure state machine.
//
// After every regular configuration change each node multicasts one
// SERVICE_BUILD with its local services, calls every local service's
// sync_init, and waits for a SERVICE_BUILD from every member; the union
// of the lists, in ascending service id, is then processed service by
// service: sync_process (retried until it reports done), one BARRIER, and
// when barriers from all members are in, sync_activate. After the last
// service the sync is complete. Messages carrying another ring id are
// discarded; a new configuration change aborts the sync in progress.
//
// The caller owns the timing: Corosync runs sync_process from its
// scheduler (schedwrk) after the current delivery returns, so Sync only
// marks the work pending, and the caller calls RunPending when the
// delivery batch is done. Messages go out through Hooks.Send in group
// "sync"; service callbacks go to Hooks too.
package syncproto
