// Package svcmsg encodes and decodes the bodies of the Corosync messages
// that travel inside totempg messages (shared/reference/corosync.md §3.3,
// §4, §5.1, §6.4): the 16-byte service header, the sync protocol's
// BARRIER and SERVICE_BUILD (group "sync"), votequorum's four exec
// messages and cmap's exec MCAST (group "a").
//
// They live together, apart from the services that act on them, because
// they share one layout convention (libqb request header, aligned(8)
// members, tail padding included in the size) and because the totem layer,
// the sync engine, votequorum and cmap all need to read them; a service
// package imports this one and keeps its rules to itself.
//
// Encoders write little-endian with zero padding. Decoders return errors,
// never panic, and (except for sync messages, which Corosync never
// converts) accept a byte-swapped sender.
package svcmsg
