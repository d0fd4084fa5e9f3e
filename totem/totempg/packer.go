package totempg

// Packer reproduces the sending side of totempg (mcast_msg and
// callback_token_received_fn) so that a gorosync node splits and packs
// messages into exactly the packets a Corosync node would send.
//
// Messages are appended into a staging packet. A packet is emitted when a
// message does not fit "with room to spare"; that packet is then filled
// to the brim, and if the message still has bytes left the packet is
// marked fragmented (numbers 1..255, wrapping) and the next packet starts
// with the rest as a continuation. Whatever is staged is emitted by Flush,
// which Corosync calls when the token arrives.
//
// The fit test is made per iovec, on the iovec's whole length, as in C:
// that is why Add takes the message as a list of pieces, and why the tail
// of a split piece always travels alone in its own packet.
type Packer struct {
	budget       int      // TOTEMPG_PACKET_SIZE: net_mtu − 8
	data         []byte   // staged message bytes (fragment_size = len)
	lens         []uint16 // lengths of the complete blocks staged
	continuation uint8    // fragment_continuation for the next packet
	nextFrag     uint8    // next_fragment
}

// NewPacker returns a packer for totemsrp's net_mtu (DefaultNetMTU for
// the default configuration). Absurdly small values are raised to 24 so
// that every packet can carry at least one byte.
func NewPacker(netMTU int) *Packer {
	return &Packer{budget: max(netMTU, 24) - PacketHeaderSize, nextFrag: 1}
}

// Staged reports how many messages (or message tails) wait for Flush.
func (p *Packer) Staged() int { return len(p.lens) }

// Add stages one message given as pieces and returns the packets (MCAST
// payloads) that became complete, in send order. Empty pieces are ignored.
func (p *Packer) Add(pieces ...[]byte) [][]byte {
	iov := pieces[:0:0]
	for _, x := range pieces {
		if len(x) > 0 {
			iov = append(iov, x)
		}
	}
	var out [][]byte
	maxPacket := p.budget - 2*(len(p.lens)+1)
	cur := 0 // bytes of this message in the staging packet
	base := 0
	for i := 0; i < len(iov); {
		continuation := p.continuation
		piece := iov[i]
		if len(piece)+len(p.data) < maxPacket-2 {
			// Fits with room left for one more length and one byte.
			p.data = append(p.data, piece[base:]...)
			cur += len(piece) - base
			p.nextFrag = 1
			base = 0
			i++
			continue
		}
		n := min(len(piece)-base, maxPacket-len(p.data))
		p.data = append(p.data, piece[base:base+n]...)
		cur += n
		var fragmented uint8
		if i < len(iov)-1 || base+n < len(piece) {
			if p.nextFrag == 0 {
				p.nextFrag = 1
			}
			fragmented = p.nextFrag
			p.continuation = p.nextFrag
			p.nextFrag++
		} else {
			p.continuation = 0
		}
		out = append(out, p.emit(fragmented, continuation, cur))
		cur = 0
		maxPacket = p.budget - 2
		if base+n == len(piece) {
			base = 0
			i++
		} else {
			base += n
		}
	}
	if cur > 0 {
		p.lens = append(p.lens, uint16(cur))
	}
	return out
}

// Flush returns the staged packet, or nil when nothing is staged.
func (p *Packer) Flush() []byte {
	if len(p.lens) == 0 {
		return nil
	}
	continuation := p.continuation
	p.continuation = 0
	return p.emit(0, continuation, -1)
}

// emit builds a packet from the staged blocks plus, when last >= 0, one
// more block of that length ending the staged data.
func (p *Packer) emit(fragmented, continuation uint8, last int) []byte {
	lens := p.lens
	if last >= 0 {
		lens = append(lens, uint16(last))
	}
	pkt := Packet{Fragmented: fragmented, Continuation: continuation, Blocks: make([][]byte, len(lens))}
	off := 0
	for i, l := range lens {
		pkt.Blocks[i] = p.data[off : off+int(l)]
		off += int(l)
	}
	b := pkt.Append(make([]byte, 0, pkt.EncodedLen()))
	p.data = p.data[:0]
	p.lens = p.lens[:0]
	return b
}

// QueueSlots is how many totemsrp queue entries Corosync reserves for a
// message of size bytes before accepting it (byte_count_send_ok).
func QueueSlots(size, netMTU int) int {
	return size/(netMTU-PacketHeaderSize-16) + 1
}
