package svcmsg

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// HeaderSize is the libqb struct qb_ipc_request_header: i32 id at 0 and
// i32 size at 8, each aligned(8).
const HeaderSize = 16

// Service numbers (include/corosync/corodefs.h).
const (
	ServiceCmap       = 0
	ServiceCfg        = 1
	ServiceCpg        = 2
	ServiceQuorum     = 3
	ServicePload      = 4
	ServiceVotequorum = 5
	ServiceMon        = 6
	ServiceWd         = 7
)

// Errors, wrapped with details.
var (
	ErrShort   = errors.New("message too short")
	ErrCorrupt = errors.New("corrupt message")
	ErrUnknown = errors.New("unknown message")
)

// Header is the service header. For group "a" ID = service<<16 | fn; for
// group "sync" it is the plain sync message number.
type Header struct {
	ID   int32
	Size int32 // whole message, header and tail padding included
}

// MakeID is SERVICE_ID_MAKE.
func MakeID(service, fn uint16) int32 { return int32(uint32(service)<<16 | uint32(fn)) }

// Service is the service number of a group "a" id.
func (h Header) Service() uint16 { return uint16(uint32(h.ID) >> 16) }

// Fn is the function number of a group "a" id.
func (h Header) Fn() uint16 { return uint16(uint32(h.ID)) }

func (h Header) String() string {
	return fmt.Sprintf("service %d fn %d size %d", h.Service(), h.Fn(), h.Size)
}

func order(swapped bool) binary.ByteOrder {
	if swapped {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// DecodeHeader reads the service header; swapped converts id and size as
// exec/main.c deliver_fn does.
func DecodeHeader(b []byte, swapped bool) (Header, error) {
	if len(b) < HeaderSize {
		return Header{}, fmt.Errorf("service header: %w: %d bytes, need %d", ErrShort, len(b), HeaderSize)
	}
	o := order(swapped)
	return Header{ID: int32(o.Uint32(b)), Size: int32(o.Uint32(b[8:]))}, nil
}

func putHeader(b []byte, h Header) {
	binary.LittleEndian.PutUint32(b, uint32(h.ID))
	binary.LittleEndian.PutUint32(b[8:], uint32(h.Size))
}

// Message is one decoded service message.
type Message interface {
	EncodedLen() int
	Append(b []byte) []byte
}

// Encode returns the wire form of m.
func Encode(m Message) []byte { return m.Append(make([]byte, 0, m.EncodedLen())) }

// need checks a fixed minimum size.
func need(what string, b []byte, n int) error {
	if len(b) < n {
		return fmt.Errorf("%s: %w: %d bytes, need %d", what, ErrShort, len(b), n)
	}
	return nil
}

func grow(b []byte, n int) ([]byte, []byte) {
	l := len(b)
	b = append(b, make([]byte, n)...)
	return b, b[l:]
}

// cString reads a NUL-terminated name from a fixed char array; a name
// that fills the array without a NUL is corrupt (C would read past it).
func cString(what string, b []byte) (string, error) {
	for i, c := range b {
		if c == 0 {
			return string(b[:i]), nil
		}
	}
	return "", fmt.Errorf("%s: %w: name not NUL-terminated", what, ErrCorrupt)
}

// Decode decodes a message of the given totempg group (group header
// already removed): sync messages for "sync"; cmap and votequorum exec
// messages for "a". Anything else (cpg, cfg, ...) gives ErrUnknown.
func Decode(group string, b []byte, swapped bool) (Message, error) {
	switch group {
	case "sync":
		return DecodeSync(b)
	case "a":
		h, err := DecodeHeader(b, swapped)
		if err != nil {
			return nil, err
		}
		switch h.Service() {
		case ServiceCmap:
			return DecodeCmap(b, swapped)
		case ServiceVotequorum:
			return DecodeVotequorum(b, swapped)
		}
		return nil, fmt.Errorf("%w: %v", ErrUnknown, h)
	}
	return nil, fmt.Errorf("%w: group %q", ErrUnknown, group)
}
