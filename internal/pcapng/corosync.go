package pcapng

import (
	"fmt"
	"net/netip"
)

// Datagram is one Corosync datagram found in a capture: a plain UDP
// payload (udp/udpu transports) or the user data of knet data frames,
// reassembled when knet fragmented it.
type Datagram struct {
	Frame   int // 1-based frame number of the (last) frame carrying it
	IfName  string
	Src     netip.AddrPort
	Dst     netip.AddrPort
	Payload []byte
	Knet    bool   // came out of a knet data frame
	KnetSrc uint16 // knet source host id
}

// Knet on-wire v1 (libknet 1.x, crypto none): a 6-byte common header
// {u8 version=1, u8 type, be16 node, u8 max_ver, u8 pad} and, for type 0
// (data), 8 more bytes {be16 seq, u8 compress, u8 pad, u8 bcast,
// u8 frag_num, u8 frag_seq, i8 channel} before the user data.
const (
	knetVersion    = 1
	knetTypeData   = 0x00
	knetDataHeader = 14
)

// Skip reasons counted by CorosyncDatagrams.
const (
	SkipNotUDP       = "not IPv4/UDP (ARP, ICMP, ...)"
	SkipOtherPort    = "UDP port not 5404/5405"
	SkipTruncated    = "truncated capture"
	SkipKnetControl  = "knet control frame (ping/pong/pmtud/host info)"
	SkipKnetBad      = "knet frame too short or unknown version"
	SkipKnetCompress = "knet compressed data"
	SkipKnetPartial  = "knet fragment never completed"
)

type knetKey struct {
	src  netip.AddrPort
	ifc  string
	node uint16
	seq  uint16
}

// CorosyncDatagrams extracts every Corosync datagram on UDP port 5404 or
// 5405 (source or destination). Frames that are not such datagrams are
// counted in skipped by reason. It fails only when the file itself is
// malformed.
func CorosyncDatagrams(file []byte) (out []Datagram, skipped map[string]int, err error) {
	pkts, err := ReadAll(file)
	if err != nil {
		return nil, nil, err
	}
	skipped = map[string]int{}
	frags := map[knetKey][][]byte{}
	for i, p := range pkts {
		u, err := ExtractUDP(p)
		if err != nil {
			skipped[SkipNotUDP]++
			continue
		}
		if !isCorosyncPort(u.Src.Port()) && !isCorosyncPort(u.Dst.Port()) {
			skipped[SkipOtherPort]++
			continue
		}
		if u.TruncatedCapture {
			skipped[SkipTruncated]++
			continue
		}
		d := Datagram{Frame: i + 1, IfName: p.IfName, Src: u.Src, Dst: u.Dst, Payload: u.Payload}
		if len(u.Payload) == 0 || u.Payload[0] != knetVersion {
			out = append(out, d)
			continue
		}
		// knet framing
		b := u.Payload
		if len(b) < 6 {
			skipped[SkipKnetBad]++
			continue
		}
		if b[1] != knetTypeData {
			skipped[SkipKnetControl]++
			continue
		}
		if len(b) < knetDataHeader {
			skipped[SkipKnetBad]++
			continue
		}
		if b[8] != 0 {
			skipped[SkipKnetCompress]++
			continue
		}
		d.Knet = true
		d.KnetSrc = uint16(b[2])<<8 | uint16(b[3])
		fragNum, fragSeq := int(b[11]), int(b[12])
		if fragNum <= 1 {
			d.Payload = b[knetDataHeader:]
			out = append(out, d)
			continue
		}
		if fragSeq < 1 || fragSeq > fragNum {
			skipped[SkipKnetBad]++
			continue
		}
		k := knetKey{src: u.Src, ifc: p.IfName, node: d.KnetSrc, seq: uint16(b[6])<<8 | uint16(b[7])}
		parts := frags[k]
		if parts == nil {
			parts = make([][]byte, fragNum)
			frags[k] = parts
		}
		if len(parts) != fragNum {
			skipped[SkipKnetBad]++
			continue
		}
		parts[fragSeq-1] = b[knetDataHeader:]
		if whole := joinParts(parts); whole != nil {
			delete(frags, k)
			d.Payload = whole
			out = append(out, d)
		}
	}
	for _, parts := range frags {
		for _, p := range parts {
			if p != nil {
				skipped[SkipKnetPartial]++
			}
		}
	}
	return out, skipped, nil
}

func isCorosyncPort(p uint16) bool { return p == 5404 || p == 5405 }

func joinParts(parts [][]byte) []byte {
	var out []byte
	for _, p := range parts {
		if p == nil {
			return nil
		}
		out = append(out, p...)
	}
	return out
}

// String is handy in test logs.
func (d Datagram) String() string {
	return fmt.Sprintf("frame %d %s %s->%s %d bytes", d.Frame, d.IfName, d.Src, d.Dst, len(d.Payload))
}
