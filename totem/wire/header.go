package wire

import (
	"errors"
	"fmt"
)

// Protocol constants (include/corosync/totem/totem.h, exec/totemsrp.c).
const (
	Magic        = 0xC070 // "COrosync TOtem"; also the endian detector
	SwappedMagic = 0x70C0 // what a receiver reads from a big-endian sender
	Version      = 0x03   // TOTEM_MH_VERSION
	HeaderSize   = 13     // packed struct totem_message_header
)

// MessageType is header.type.
type MessageType uint8

// The six Totem SRP message types (enum message_type).
const (
	TypeOrfToken        MessageType = 0
	TypeMcast           MessageType = 1
	TypeMergeDetect     MessageType = 2
	TypeMembJoin        MessageType = 3
	TypeCommitToken     MessageType = 4
	TypeTokenHoldCancel MessageType = 5
)

var typeNames = [...]string{"orf_token", "mcast", "memb_merge_detect", "memb_join", "memb_commit_token", "token_hold_cancel"}

func (t MessageType) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return fmt.Sprintf("type(%d)", uint8(t))
}

// Values of header.encapsulated for MCAST.
const (
	Encapsulated    = 1 // MESSAGE_ENCAPSULATED: recovery re-send of an old-ring mcast
	NotEncapsulated = 2 // MESSAGE_NOT_ENCAPSULATED: ordinary mcast
)

// LeaveNodeID in header.nodeid turns a MEMB_JOIN into a LEAVE.
const LeaveNodeID = 0

// Header is the common 13-byte message header minus the parts that are
// fixed (magic, version) or implied by the Go type (type).
type Header struct {
	// Encapsulated: 1 or 2 for MCAST; every other message sends 0. Kept
	// raw so that re-encoding reproduces what was received.
	Encapsulated uint8
	// NodeID is the sender (the originator for MCAST, the last forwarder
	// for tokens, 0 for a LEAVE).
	NodeID uint32
	// TargetNodeID is only meaningful to knet; udp/udpu leave it as stack
	// garbage. Never interpret it; it is kept verbatim for round trips.
	TargetNodeID uint32
}

// Errors returned by the decoders, wrapped with details. Use errors.Is.
var (
	ErrTooShort   = errors.New("message too short")
	ErrBadMagic   = errors.New("bad magic number")
	ErrBadVersion = errors.New("unsupported version")
	ErrBadType    = errors.New("wrong message type")
	ErrCorrupt    = errors.New("corrupt message")
)

// PeekHeader validates the common header like check_message_header_validity
// plus the type check of main_deliver_fn, and reports the type and whether
// the sender's byte order is swapped relative to ours.
func PeekHeader(b []byte) (typ MessageType, swapped bool, err error) {
	if len(b) < HeaderSize {
		return 0, false, fmt.Errorf("totem header: %w: %d bytes, need %d", ErrTooShort, len(b), HeaderSize)
	}
	magic := uint16(b[0]) | uint16(b[1])<<8
	switch magic {
	case Magic:
	case SwappedMagic:
		swapped = true
	default:
		return 0, false, fmt.Errorf("totem header: %w 0x%04x (probably sent by %s)", ErrBadMagic, magic, MagicGuess(b))
	}
	if b[2] != Version {
		return 0, false, fmt.Errorf("totem header: %w %d", ErrBadVersion, b[2])
	}
	if b[3] > uint8(TypeTokenHoldCancel) {
		return 0, false, fmt.Errorf("totem header: %w %d", ErrBadType, b[3])
	}
	return MessageType(b[3]), swapped, nil
}

// MagicGuess names the software that probably sent a datagram with a bad
// magic, using Corosync's own heuristics (only for log texts).
func MagicGuess(b []byte) string {
	if len(b) < 2 {
		return "unknown"
	}
	magic := uint16(b[0]) | uint16(b[1])<<8
	switch {
	case magic == 0xFFFF:
		return "Corosync 2.2"
	case magic == 0xFEFE:
		return "Corosync 2.3+"
	case b[0] == 0x01:
		return "encrypted Kronosnet/Corosync 2.0/2.1/1.x/OpenAIS"
	case b[0] <= 5:
		return "unencrypted Kronosnet/Corosync 2.0/2.1/1.x/OpenAIS"
	}
	return "unknown"
}

func decodeHeader(b []byte, o byteOrder) Header {
	return Header{Encapsulated: b[4], NodeID: o.u32(b[5:]), TargetNodeID: o.u32(b[9:])}
}

func putHeader(b []byte, t MessageType, h Header) {
	le.putU16(b, Magic)
	b[2] = Version
	b[3] = uint8(t)
	b[4] = h.Encapsulated
	le.putU32(b[5:], h.NodeID)
	le.putU32(b[9:], h.TargetNodeID)
}

// short builds the "too short" error for message t.
func short(t MessageType, what string, have, need uint64) error {
	return fmt.Errorf("totem %s: %w: %s needs %d bytes, have %d", t, ErrTooShort, what, need, have)
}
