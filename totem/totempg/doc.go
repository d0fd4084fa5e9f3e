// Package totempg is Corosync's process-group layer over Totem SRP
// (exec/totempg.c, shared/reference/corosync.md §3): it packs several
// application messages into one MCAST payload, fragments messages that do
// not fit, reassembles them per sender on receive, and prefixes each
// message with the group header ("a" for service exec messages, "sync" for
// the sync protocol).
//
// Everything here is pure data transformation: no I/O, no clock.
package totempg
