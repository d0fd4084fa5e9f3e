// Package pcapng reads the small subset of the pcapng capture format that
// our test captures use (dumpcap output): Section Header, Interface
// Description, Enhanced Packet and Simple Packet blocks. Every other block
// type (name resolution, interface statistics, custom, ...) is skipped.
//
// It exists only so that golden tests can replay real Corosync traffic; it
// is written against the pcapng draft (IETF opsawg), standard library only,
// and never panics on malformed input.
package pcapng

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Block type codes we understand.
const (
	blockSHB = 0x0A0D0D0A
	blockIDB = 0x00000001
	blockSPB = 0x00000003
	blockEPB = 0x00000006
)

const byteOrderMagic = 0x1A2B3C4D

// Interface is one Interface Description Block of the current section.
type Interface struct {
	LinkType uint16
	SnapLen  uint32
	Name     string // if_name option, "" when absent
	// TSResol is the raw if_tsresol option byte (default 6 = microseconds).
	TSResol uint8
}

// Packet is one captured frame.
type Packet struct {
	Interface int    // index into Reader.Interfaces() of its section
	LinkType  uint16 // copied from the interface for convenience
	IfName    string
	Timestamp uint64 // raw units of the interface's TSResol; 0 for SPB
	OrigLen   uint32
	Data      []byte // aliases the input buffer
}

// Reader walks the blocks of an in-memory pcapng file.
type Reader struct {
	buf    []byte
	off    int
	order  binary.ByteOrder
	ifaces []Interface
	inSHB  bool
}

// NewReader checks that data starts with a Section Header Block.
func NewReader(data []byte) (*Reader, error) {
	if len(data) < 12 || binary.LittleEndian.Uint32(data) != blockSHB {
		return nil, errors.New("pcapng: file does not start with a section header block")
	}
	return &Reader{buf: data}, nil
}

// Interfaces returns the interfaces declared so far in the current section.
func (r *Reader) Interfaces() []Interface { return r.ifaces }

// Next returns the next packet, or (Packet{}, io.EOF-like ErrEnd) at the end.
func (r *Reader) Next() (Packet, error) {
	for {
		if r.off == len(r.buf) {
			return Packet{}, ErrEnd
		}
		typ, body, err := r.block()
		if err != nil {
			return Packet{}, err
		}
		switch typ {
		case blockIDB:
			if err := r.idb(body); err != nil {
				return Packet{}, err
			}
		case blockEPB:
			return r.epb(body)
		case blockSPB:
			return r.spb(body)
		}
		// Anything else (NRB, ISB, custom, obsolete PB) is skipped.
	}
}

// ErrEnd marks the clean end of the capture.
var ErrEnd = errors.New("pcapng: end of capture")

// block reads one block header/trailer at r.off and returns its body.
func (r *Reader) block() (uint32, []byte, error) {
	start := r.off
	rest := r.buf[start:]
	if len(rest) < 12 {
		return 0, nil, fmt.Errorf("pcapng: truncated block header at offset %d", start)
	}
	// A section header resets byte order and interfaces; its magic sits
	// right after the length field and tells us how to read the length.
	if binary.LittleEndian.Uint32(rest) == blockSHB {
		switch {
		case binary.LittleEndian.Uint32(rest[8:]) == byteOrderMagic:
			r.order = binary.LittleEndian
		case binary.BigEndian.Uint32(rest[8:]) == byteOrderMagic:
			r.order = binary.BigEndian
		default:
			return 0, nil, fmt.Errorf("pcapng: bad byte-order magic at offset %d", start)
		}
		r.ifaces = nil
		r.inSHB = true
	} else if !r.inSHB {
		return 0, nil, fmt.Errorf("pcapng: block before section header at offset %d", start)
	}
	typ := r.order.Uint32(rest)
	total := r.order.Uint32(rest[4:])
	if total < 12 || total%4 != 0 || uint64(total) > uint64(len(rest)) {
		return 0, nil, fmt.Errorf("pcapng: bad block length %d at offset %d", total, start)
	}
	if r.order.Uint32(rest[total-4:]) != total {
		return 0, nil, fmt.Errorf("pcapng: trailing length mismatch at offset %d", start)
	}
	r.off += int(total)
	return typ, rest[8 : total-4], nil
}

func (r *Reader) idb(body []byte) error {
	if len(body) < 8 {
		return errors.New("pcapng: interface description block too short")
	}
	ifc := Interface{
		LinkType: r.order.Uint16(body),
		SnapLen:  r.order.Uint32(body[4:]),
		TSResol:  6,
	}
	err := r.options(body[8:], func(code uint16, val []byte) {
		switch code {
		case 2: // if_name
			ifc.Name = string(trimNUL(val))
		case 9: // if_tsresol
			if len(val) >= 1 {
				ifc.TSResol = val[0]
			}
		}
	})
	if err != nil {
		return err
	}
	r.ifaces = append(r.ifaces, ifc)
	return nil
}

func (r *Reader) epb(body []byte) (Packet, error) {
	if len(body) < 20 {
		return Packet{}, errors.New("pcapng: enhanced packet block too short")
	}
	id := r.order.Uint32(body)
	if uint64(id) >= uint64(len(r.ifaces)) {
		return Packet{}, fmt.Errorf("pcapng: packet names unknown interface %d", id)
	}
	capLen := r.order.Uint32(body[12:])
	if uint64(capLen) > uint64(len(body)-20) {
		return Packet{}, fmt.Errorf("pcapng: captured length %d exceeds block", capLen)
	}
	ifc := r.ifaces[id]
	return Packet{
		Interface: int(id),
		LinkType:  ifc.LinkType,
		IfName:    ifc.Name,
		Timestamp: uint64(r.order.Uint32(body[4:]))<<32 | uint64(r.order.Uint32(body[8:])),
		OrigLen:   r.order.Uint32(body[16:]),
		Data:      body[20 : 20+capLen],
	}, nil
}

func (r *Reader) spb(body []byte) (Packet, error) {
	if len(body) < 4 || len(r.ifaces) == 0 {
		return Packet{}, errors.New("pcapng: simple packet block without interface or too short")
	}
	orig := r.order.Uint32(body)
	data := body[4:]
	n := uint64(orig)
	if snap := r.ifaces[0].SnapLen; snap != 0 && uint64(snap) < n {
		n = uint64(snap)
	}
	if n > uint64(len(data)) {
		return Packet{}, errors.New("pcapng: simple packet block shorter than its length")
	}
	ifc := r.ifaces[0]
	return Packet{LinkType: ifc.LinkType, IfName: ifc.Name, OrigLen: orig, Data: data[:n]}, nil
}

// options walks a TLV option list, stopping at opt_endofopt or the end.
func (r *Reader) options(b []byte, fn func(code uint16, val []byte)) error {
	for len(b) >= 4 {
		code := r.order.Uint16(b)
		n := int(r.order.Uint16(b[2:]))
		if code == 0 {
			return nil
		}
		padded := (n + 3) &^ 3
		if len(b) < 4+padded {
			return errors.New("pcapng: option runs past end of block")
		}
		fn(code, b[4:4+n])
		b = b[4+padded:]
	}
	return nil
}

func trimNUL(b []byte) []byte {
	for i, c := range b {
		if c == 0 {
			return b[:i]
		}
	}
	return b
}

// ReadAll returns every packet of the capture.
func ReadAll(data []byte) ([]Packet, error) {
	r, err := NewReader(data)
	if err != nil {
		return nil, err
	}
	var out []Packet
	for {
		p, err := r.Next()
		if err == ErrEnd {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, p)
	}
}
