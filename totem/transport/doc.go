// Package transport is the network edge of a gorosync node: Corosync
// 3.1.7's udpu and udp transports (exec/totemudpu.c, exec/totemudp.c)
// for the pure Totem core in package totem. The run loop feeds the core's
// Ready.Datagrams to Send, turns Recv's packets into totem.Received (at
// their arrival time) and logs/forwards Events.
//
//	cfg, err := transport.FromTotem(res.Totem) // coroconf.Load result
//	cfg.Logger = logger
//	tp, err := transport.Open(cfg)             // in the node's namespace
//	for {
//		select {
//		case p := <-tp.Recv():   node.Step(p.Received())
//		case e := <-tp.Events(): log e.Text() (notice, TOTEM)
//		}
//		for _, d := range node.Ready().Datagrams { tp.Send(d) }
//	}
//
// # udpu (reference §1.7)
//
// One token socket bound to <ring0_addr>:mcastport (SO_RCVBUF 16×136,192,
// SO_PRIORITY 6) receives everything and sends tokens, so tokens carry
// source port mcastport. A multicast is one unicast per nodelist member,
// this node included, each from a per-member socket bound to the local
// address with an ephemeral port; a node hears its own multicasts
// through the network. Datagrams from an IP outside the nodelist are
// dropped and counted ("Packet rejected from %s", debug) unless
// block_unlisted_ips is off. The receive buffer is 136,192 bytes and a
// truncated datagram is dropped.
//
// # udp
//
// mcast_recv bound to mcastaddr:mcastport and joined on the bound
// interface; the token socket on local:mcastport; mcast_send on
// local:(mcastport−1) sends multicasts (loop off, TTL from
// interface.ttl) and tokens. Own multicasts come back through an internal
// queue, never the network. Every socket has SO_REUSEADDR.
//
// # Interface down and up
//
// Open looks for the bind address among the namespace's interface
// addresses (exact match; corosync's network match only for a
// bindnetaddr without nodelist) on an interface that is up. Found: the
// sockets are bound and the first event is IfaceUp ("The network
// interface [a] is now up."). Not found: no socket is bound, the first
// event is IfaceDown ("The network interface is down.") and the node is
// isolated: multicasts and tokens to itself come back through the
// internal queue, everything else is dropped (Stats.DroppedDown), so the
// core forms a singleton ring and quorum is lost. Every downcheck period
// the check is repeated; the address returning rebinds and reports
// IfaceUp, its disappearance (or its link going down) closes the sockets
// and reports IfaceDown. Nothing is ever bound to 127.0.0.1 in place of a
// missing address (only a ring0_addr that is itself loopback binds there).
// Sockets and address lists are made in the namespace Open ran in, on
// whatever goroutine does the rebinding.
//
// # Deviations from corosync
//
//   - The interface is checked every downcheck period in every state;
//     corosync checks only while down or alone in its ring (so with peers
//     it notices a lost address only after the token is lost).
//   - A nodelist address must be present itself: corosync would bind
//     another address of the same subnet, which peers then reject.
//   - Corosync's loopback mode binds 127.0.0.1 and keeps a socketpair;
//     here nothing is bound while down and the loop is an in-process
//     queue (bounded; overflow counted in Stats.LoopDropped).
//   - Bind failures at Open (other than the address vanishing) are
//     returned at once; corosync retries bind with growing pauses for a
//     few seconds and then exits "Unable to create sockets, exiting".
//   - Link-local IPv6 peers get the zone of the bound interface; corosync
//     hard-codes scope id 2 for every IPv6 address.
//   - Duplicate nodelist members (coroconf keeps corosync's icmap
//     duplicates) get one datagram each, not two.
//   - A token for a nodeid without a nodelist address is dropped and
//     counted (Stats.NoTarget), as corosync never sends it either.
package transport
