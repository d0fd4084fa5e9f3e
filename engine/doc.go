// Package engine is Corosync 3.1.7's exec layer above Totem (exec/main.c,
// sync.c, totempg.c and the services' exec sides) as a deterministic core:
// no sockets, goroutines or clocks inside. Time comes in as events,
// timers and packets go out as effects, so the daemon and the simulator
// (engine/enginesim) run the same code.
//
// # Driving an engine
//
//	e, _ := engine.New(cfg)                  // cfg: ConfigFromLoad(coroconf result)
//	e.Step(engine.Start{Now: now})           // service init (first NODEINFO)
//	for each totem.Ready: e.Step(engine.Upcalls{List: rd.Upcalls})
//	at timer deadlines:   e.Step(engine.Tick{Now: now})
//	after cmap changes through IPC: e.Step(engine.Poll{})
//	rd := e.Ready()
//	// rd.Packets -> totem.AppSend, in order; rd.Timers; rd.Notices; rd.Logs
//
// Library requests are methods (SetExpected, SetVotes, CfgReload,
// CfgKillNode, CfgShutdown, ConfigReloaded, Leave); their packets are in
// the next Ready.
//
// # Message path
//
// Each totem delivery is a totempg packet: it is reassembled per sender
// (totempg.Reassembler; a node that left loses its partial message), split
// into messages, and each message goes to the groups its header names:
// "a" to main.c's deliver_fn (service = id>>16, fn = id&0xffff; unknown
// services dropped silently, unknown functions logged "discarded unknown
// message %d for service %d (max id %d)"; runtime.services.<name>.<fn>.rx
// counted), "sync" to the sync protocol (engine/syncproto). Outgoing
// service messages count .tx and get the group header; they are handed to
// a totempg.Packer as the iovecs Corosync uses (cmap: header and items
// apart), because the packer's fit test is per iovec.
//
// Flushing: Corosync flushes the packer when the token arrives
// (callback_token_received_fn). The totem core has no token-received
// hook, so the engine flushes at the end of every Step instead. Totem
// still only sends on the token, so messages from one step share packets
// exactly as Corosync packs the output of one callback; messages from
// separate steps travel in separate packets where Corosync might have
// packed them together. Every sync packet of a forming 3-node ring comes
// out byte for byte as in the real capture (enginesim's golden test).
//
// # Sync
//
// Every configuration change sets main.c's sync_in_process and aborts a
// sync in progress; a transitional change saves its members (the trans
// list), a regular one starts syncproto: SERVICE_BUILD with the local
// services (cmap 0, cpg 2, quorum 3, votequorum 5), then for the union of
// all members' lists, in ascending id, sync_process + BARRIER and, when
// all barriers are in, sync_activate. Corosync runs sync_process from its
// scheduler after the delivery callback returns; the engine runs it after
// the Upcalls batch of a Step (a service that is not done is retried on
// the next Step). The end logs "Completed service synchronization, ready
// to provide service." and gives a SyncCompleted notice (the daemon's cue
// for totempg_trans_ack and IPC).
//
// # Services
//
//   - cmap (0): totem.config_version in every sync and on every change
//     (NEW_CONFIG_VERSION, via a map tracker); the first multi-node sync
//     with a different version gives ShutdownRequested;
//     runtime.members.<id>.config_version from every cmap message.
//   - cfg (1): RELOAD_CONFIG -> ReloadRequested on every node (the daemon
//     re-reads the file and calls ConfigReloaded), KILLNODE for us ->
//     FatalError, SHUTDOWN of our own -> ShutdownRequested.
//   - cpg (2): the sync side for a node without local CPG members: one
//     DOWNLIST per sync (with cpg.c's stale node ids past left_nodes), no
//     JOINLIST, the downlist choice of the other nodes. Process groups are
//     not implemented.
//   - quorum (3): primary_designated, "Members[%d]:" and "Sync
//     members/joined/left" logs, QuorumNotify and NodelistNotify notices.
//   - votequorum (5): package votequorum behind an adapter (its NODEINFOs
//     through the send path, the LMS timer as TimerLMS, QuorumChanged to
//     the quorum service, runtime.votequorum.* after every call).
//   - pload (4), mon (6), wd (7): keys only; their messages are ignored.
//
// main.c's runtime.members.<id>.{ip,join_count,status} follow the
// configuration changes; internal_configuration.service.<id>.{name,ver},
// runtime.services.<name>.service_id and the counters are written when a
// service is linked, as in a real corosync-cmapctl dump.
package engine
