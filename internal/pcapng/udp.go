package pcapng

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
)

// Link-layer header types (tcpdump.org linktypes) we can strip.
const (
	LinkEthernet = 1
	LinkRaw      = 101
	LinkIPv4     = 228
	LinkSLL      = 113
	LinkSLL2     = 276
)

// UDP is one IPv4 UDP datagram found in a frame.
type UDP struct {
	Src, Dst         netip.AddrPort
	Payload          []byte // aliases the frame
	TruncatedCapture bool   // fewer bytes captured than the UDP length says
}

// Reasons a frame is not a usable UDP datagram. They are sentinel errors so
// callers can count them.
var (
	ErrNotIPv4     = errors.New("not an IPv4 frame")
	ErrNotUDP      = errors.New("IPv4 but not UDP")
	ErrIPFragment  = errors.New("IPv4 fragment")
	ErrUnknownLink = errors.New("unsupported link type")
)

// ExtractUDP strips the link, IPv4 and UDP headers of a captured frame.
func ExtractUDP(p Packet) (UDP, error) {
	ip, err := linkPayload(p.LinkType, p.Data)
	if err != nil {
		return UDP{}, err
	}
	return parseIPv4UDP(ip)
}

// linkPayload returns the IPv4 packet carried by a frame.
func linkPayload(link uint16, b []byte) ([]byte, error) {
	var etype uint16
	switch link {
	case LinkEthernet:
		if len(b) < 14 {
			return nil, errors.New("short ethernet header")
		}
		etype = binary.BigEndian.Uint16(b[12:])
		b = b[14:]
		// Skip any 802.1Q / 802.1ad tags.
		for (etype == 0x8100 || etype == 0x88a8) && len(b) >= 4 {
			etype = binary.BigEndian.Uint16(b[2:])
			b = b[4:]
		}
	case LinkSLL:
		if len(b) < 16 {
			return nil, errors.New("short linux cooked header")
		}
		etype = binary.BigEndian.Uint16(b[14:])
		b = b[16:]
	case LinkSLL2:
		if len(b) < 20 {
			return nil, errors.New("short linux cooked v2 header")
		}
		etype = binary.BigEndian.Uint16(b)
		b = b[20:]
	case LinkRaw, LinkIPv4:
		etype = 0x0800
	default:
		return nil, fmt.Errorf("%w %d", ErrUnknownLink, link)
	}
	if etype != 0x0800 {
		return nil, ErrNotIPv4
	}
	return b, nil
}

func parseIPv4UDP(b []byte) (UDP, error) {
	if len(b) < 20 || b[0]>>4 != 4 {
		return UDP{}, ErrNotIPv4
	}
	ihl := int(b[0]&0x0f) * 4
	total := int(binary.BigEndian.Uint16(b[2:]))
	if ihl < 20 || len(b) < ihl || total < ihl {
		return UDP{}, errors.New("bad IPv4 header length")
	}
	if b[9] != 17 {
		return UDP{}, ErrNotUDP
	}
	if frag := binary.BigEndian.Uint16(b[6:]); frag&0x3fff != 0 {
		return UDP{}, ErrIPFragment // MF set or non-zero offset
	}
	src := netip.AddrFrom4([4]byte(b[12:16]))
	dst := netip.AddrFrom4([4]byte(b[16:20]))
	if total < len(b) {
		b = b[:total] // drop ethernet padding
	}
	u := b[ihl:]
	if len(u) < 8 {
		return UDP{}, errors.New("short UDP header")
	}
	ulen := int(binary.BigEndian.Uint16(u[4:]))
	if ulen < 8 {
		return UDP{}, errors.New("bad UDP length")
	}
	out := UDP{
		Src: netip.AddrPortFrom(src, binary.BigEndian.Uint16(u)),
		Dst: netip.AddrPortFrom(dst, binary.BigEndian.Uint16(u[2:])),
	}
	if ulen > len(u) {
		out.TruncatedCapture = true
		ulen = len(u)
	}
	out.Payload = u[8:ulen]
	return out, nil
}
