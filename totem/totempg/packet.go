package totempg

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// PacketHeaderSize is sizeof(struct totempg_mcast): i16 version, i16 type,
// u8 fragmented, u8 continuation, u16 msg_count. The u16 msg_len array and
// the message bytes follow.
const PacketHeaderSize = 8

// DefaultNetMTU is totemsrp's net_mtu for the default netmtu 1500 on
// udp/udpu (1500 − 2·45). Packets are at most this long.
const DefaultNetMTU = 1410

// MessageSizeMax bounds one reassembled message (MESSAGE_SIZE_MAX).
const MessageSizeMax = 1024 * 1024

// ErrCorrupt is wrapped by every parse error.
var ErrCorrupt = errors.New("corrupt totempg packet")

// Packet is one MCAST payload.
type Packet struct {
	// Version and Type are written 0 by Corosync and never checked; they
	// are kept raw so re-encoding reproduces the input.
	Version, Type uint16
	// Fragmented is non-zero (the fragment number, 1..255) when the last
	// block continues in the sender's next packet.
	Fragmented uint8
	// Continuation is the previous packet's Fragmented value when the
	// first block continues a message, else 0.
	Continuation uint8
	// Blocks are the packed (partial) messages; after Parse they alias
	// the payload.
	Blocks [][]byte
}

// EncodedLen is the payload size Append adds.
func (p *Packet) EncodedLen() int {
	n := PacketHeaderSize + 2*len(p.Blocks)
	for _, b := range p.Blocks {
		n += len(b)
	}
	return n
}

// Append writes the packet little-endian. Block lengths above 65535 are
// the caller's bug and are truncated in the length field.
func (p *Packet) Append(b []byte) []byte {
	b = binary.LittleEndian.AppendUint16(b, p.Version)
	b = binary.LittleEndian.AppendUint16(b, p.Type)
	b = append(b, p.Fragmented, p.Continuation)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(p.Blocks)))
	for _, blk := range p.Blocks {
		b = binary.LittleEndian.AppendUint16(b, uint16(len(blk)))
	}
	for _, blk := range p.Blocks {
		b = append(b, blk...)
	}
	return b
}

// Parse splits an MCAST payload. swapped says the sender is big-endian
// (wire.DecodeSwapped); then msg_count and the lengths are converted, as
// totempg_deliver_fn does. Like Corosync it requires the lengths to add up
// to exactly the payload size.
func Parse(b []byte, swapped bool) (Packet, error) {
	if len(b) < PacketHeaderSize {
		return Packet{}, fmt.Errorf("%w: %d bytes, header needs %d", ErrCorrupt, len(b), PacketHeaderSize)
	}
	var o binary.ByteOrder = binary.LittleEndian
	if swapped {
		o = binary.BigEndian
	}
	p := Packet{
		Version:      binary.LittleEndian.Uint16(b),
		Type:         binary.LittleEndian.Uint16(b[2:]),
		Fragmented:   b[4],
		Continuation: b[5],
	}
	n := int(o.Uint16(b[6:]))
	data := PacketHeaderSize + 2*n
	if len(b) < data {
		return Packet{}, fmt.Errorf("%w: msg_count %d needs %d bytes of lengths, have %d", ErrCorrupt, n, data, len(b))
	}
	total := data
	for i := 0; i < n; i++ {
		total += int(o.Uint16(b[PacketHeaderSize+2*i:]))
	}
	if total != len(b) {
		return Packet{}, fmt.Errorf("%w: lengths add up to %d bytes, packet has %d", ErrCorrupt, total, len(b))
	}
	if n > 0 {
		p.Blocks = make([][]byte, n)
	}
	off := data
	for i := range p.Blocks {
		l := int(o.Uint16(b[PacketHeaderSize+2*i:]))
		p.Blocks[i] = b[off : off+l : off+l]
		off += l
	}
	return p, nil
}
