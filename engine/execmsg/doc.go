// Package execmsg encodes and decodes the exec messages of the services
// that totem/svcmsg does not cover: cpg's DOWNLIST and JOINLIST (sent in
// every sync) and cfg's five exec messages (reload, kill, shutdown...).
// Layouts follow Corosync 3.1.7's structs: the 16-byte qb request header,
// aligned(8) members, tail padding counted in the size
// (shared/reference/corosync.md §3.3, §4, §9).
//
// Encoders write little-endian; decoders return errors, never panic, and
// accept a byte-swapped sender where Corosync converts the message.
package execmsg
