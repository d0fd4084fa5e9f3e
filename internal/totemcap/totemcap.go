// Package totemcap turns a packet capture of Corosync traffic into what a
// member would see: the distinct MCASTs of each ring in sequence order and
// the totempg messages they carry. It is test support shared by the golden
// tests of totem/totempg and totem/svcmsg.
package totemcap

import (
	"bytes"
	"fmt"
	"os"
	"sort"

	"github.com/gorosync/gorosync/internal/pcapng"
	"github.com/gorosync/gorosync/totem/totempg"
	"github.com/gorosync/gorosync/totem/wire"
)

// Capture is a decoded capture file.
type Capture struct {
	Datagrams []pcapng.Datagram
	Messages  []wire.Message // same index as Datagrams
	Skipped   map[string]int
	// Rings lists ring ids in order of first appearance of an mcast.
	Rings []wire.RingID
	// Mcasts holds the distinct mcasts of each ring sorted by seq (every
	// udpu mcast is captured once per destination and per switch port).
	Mcasts map[wire.RingID][]*wire.Mcast
}

// Load reads and decodes a capture; any undecodable datagram is an error.
func Load(path string) (*Capture, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ds, skipped, err := pcapng.CorosyncDatagrams(raw)
	if err != nil {
		return nil, err
	}
	c := &Capture{Datagrams: ds, Skipped: skipped, Mcasts: map[wire.RingID][]*wire.Mcast{}}
	type key struct {
		ring wire.RingID
		seq  uint32
	}
	seen := map[key]*wire.Mcast{}
	for _, d := range ds {
		m, err := wire.Decode(d.Payload)
		if err != nil {
			return nil, fmt.Errorf("%v: %w", d, err)
		}
		c.Messages = append(c.Messages, m)
		mc, ok := m.(*wire.Mcast)
		if !ok {
			continue
		}
		k := key{mc.RingID, mc.Seq}
		if old := seen[k]; old != nil {
			if old.NodeID != mc.NodeID || !bytes.Equal(old.Payload, mc.Payload) {
				return nil, fmt.Errorf("%v: ring %v seq %d seen with different content", d, k.ring, k.seq)
			}
			continue
		}
		seen[k] = mc
		if _, ok := c.Mcasts[mc.RingID]; !ok {
			c.Rings = append(c.Rings, mc.RingID)
		}
		c.Mcasts[mc.RingID] = append(c.Mcasts[mc.RingID], mc)
	}
	for _, l := range c.Mcasts {
		sort.Slice(l, func(i, j int) bool { return wire.SeqLT(l[i].Seq, l[j].Seq) })
	}
	return c, nil
}

// Delivery is one reassembled totempg message.
type Delivery struct {
	Ring   wire.RingID
	NodeID uint32 // sender
	Seq    uint32 // seq of the mcast that completed it
	Msg    []byte // group header included
}

// Deliver reassembles the messages of every ring in order, with a fresh
// reassembler per ring. Any packet that does not parse or that is dropped
// is an error: the sample captures have none.
func (c *Capture) Deliver() ([]Delivery, error) {
	var out []Delivery
	for _, ring := range c.Rings {
		r := totempg.NewReassembler()
		for _, mc := range c.Mcasts[ring] {
			payload := mc.Payload
			src := mc.NodeID
			if mc.Inner != nil {
				payload, src = mc.Inner.Payload, mc.Inner.NodeID
			}
			msgs, err := r.Deliver(src, payload, false)
			if err != nil {
				return out, fmt.Errorf("ring %v seq %d from %d: %w", ring, mc.Seq, src, err)
			}
			for _, m := range msgs {
				out = append(out, Delivery{Ring: ring, NodeID: src, Seq: mc.Seq, Msg: m})
			}
		}
	}
	return out, nil
}

// SenderStreams returns, per ring and originator, the mcast payloads in
// the order they were sent.
func (c *Capture) SenderStreams() map[wire.RingID]map[uint32][][]byte {
	out := map[wire.RingID]map[uint32][][]byte{}
	for ring, l := range c.Mcasts {
		out[ring] = map[uint32][][]byte{}
		for _, mc := range l {
			if mc.Inner == nil {
				out[ring][mc.NodeID] = append(out[ring][mc.NodeID], mc.Payload)
			}
		}
	}
	return out
}
