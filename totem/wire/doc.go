// Package wire encodes and decodes the six Totem SRP messages that Corosync
// 3.1.7 puts in UDP datagrams (transport udp/udpu, no crypto): ORF token,
// MCAST, MEMB_MERGE_DETECT, MEMB_JOIN (and LEAVE), MEMB_COMMIT_TOKEN and
// TOKEN_HOLD_CANCEL, each behind the packed 13-byte common header.
//
// Layouts follow shared/reference/corosync.md §1 (from exec/totemsrp.c and
// include/corosync/totem/totem.h at v3.1.7). Every struct is written field by
// field at explicit offsets, always little-endian, which is what every real
// x86-64/arm64 peer emits. Decoders also accept a byte-swapped (big-endian)
// sender, recognised by reading the magic as 0x70C0, and then convert every
// field as Corosync's *_endian_convert functions do.
//
// Decoders never panic, return errors naming the message and field, and
// keep header.target_nodeid verbatim (it is uninitialised stack on udpu), so
// decoding then encoding a captured datagram gives back the same bytes.
// Like Corosync they accept and ignore bytes after the last field of the
// fixed-size messages.
//
// The package imports no net/os/time/rand so the pure state machine in
// package totem can use it.
package wire
