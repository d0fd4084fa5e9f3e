package totempg_test

import (
	"bytes"
	"testing"

	"github.com/gorosync/gorosync/internal/totemcap"
	"github.com/gorosync/gorosync/totem/totempg"
)

const (
	udpuCapture = "../wire/testdata/corosync-n3-udpu-forming.pcapng"
	knetCapture = "../wire/testdata/corosync-n3-knet-forming.pcapng"
)

var captures = []string{udpuCapture, knetCapture}

// netMTU is totemsrp's net_mtu in each capture. With knet, knet itself
// fragments and totem's MTU is far larger than any message here (the
// 1573-byte CPG downlist went out in one packet), so any big value packs
// those streams identically.
var netMTU = map[string]int{udpuCapture: totempg.DefaultNetMTU, knetCapture: 65536 - 90}

// Every captured mcast payload parses as a totempg packet and re-encodes
// to the same bytes; every ring's stream reassembles without a dropped
// packet; every message starts with a group header for "a" or "sync".
func TestGoldenPackets(t *testing.T) {
	for _, file := range captures {
		c, err := totemcap.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		packets, blocks, fragmented := 0, 0, 0
		for _, ring := range c.Rings {
			for _, mc := range c.Mcasts[ring] {
				p, err := totempg.Parse(mc.Payload, false)
				if err != nil {
					t.Fatalf("%s ring %v seq %d: %v", file, ring, mc.Seq, err)
				}
				if got := p.Append(nil); !bytes.Equal(got, mc.Payload) {
					t.Errorf("%s ring %v seq %d: re-encode differs", file, ring, mc.Seq)
				}
				if p.Version != 0 || p.Type != 0 {
					t.Errorf("%s seq %d: version/type %d/%d", file, mc.Seq, p.Version, p.Type)
				}
				packets++
				blocks += len(p.Blocks)
				if p.Fragmented != 0 {
					fragmented++
				}
			}
		}
		ds, err := c.Deliver()
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		groups := map[string]int{}
		for _, d := range ds {
			g, _, err := totempg.ParseGroups(d.Msg, false)
			if err != nil {
				t.Fatalf("%s: ring %v seq %d: %v", file, d.Ring, d.Seq, err)
			}
			if len(g) != 1 || (g[0] != totempg.GroupA && g[0] != totempg.GroupSync) {
				t.Errorf("%s: unexpected groups %q", file, g)
			}
			groups[g[0]]++
		}
		t.Logf("%s: %d rings, %d distinct mcasts, %d blocks, %d fragmented packets, %d messages %v",
			file, len(c.Rings), packets, blocks, fragmented, len(ds), groups)
		if fragmented == 0 && file == udpuCapture {
			t.Errorf("%s: no fragmented packet exercised", file)
		}
		if groups[totempg.GroupA] == 0 || groups[totempg.GroupSync] == 0 {
			t.Errorf("%s: missing a group: %v", file, groups)
		}
	}
}

// Re-packing the reassembled messages of each sender with Packer gives
// back the packets Corosync sent, byte for byte: Add each message (as the
// group header pieces plus its body), and Flush wherever the real sender
// flushed (when the staged packet equals its next real packet).
func TestGoldenRepack(t *testing.T) {
	for _, file := range captures {
		c, err := totemcap.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		streams := 0
		for ring, senders := range c.SenderStreams() {
			for node, real := range senders {
				r := totempg.NewReassembler()
				var msgs [][]byte
				for _, pl := range real {
					m, err := r.Deliver(node, pl, false)
					if err != nil {
						t.Fatal(err)
					}
					msgs = append(msgs, m...)
				}
				if r.Pending(node) {
					t.Logf("%s ring %v node %d: capture ends inside a fragmented message", file, ring, node)
					continue
				}
				pk := totempg.NewPacker(netMTU[file])
				var got [][]byte
				for _, m := range msgs {
					groups, body, err := totempg.ParseGroups(m, false)
					if err != nil || len(groups) != 1 {
						t.Fatalf("groups %q: %v", groups, err)
					}
					got = append(got, pk.Add(totempg.GroupIovecs(groups[0], body)...)...)
					if len(got) < len(real) {
						peek := *pk
						if f := peek.Flush(); f != nil && bytes.Equal(f, real[len(got)]) {
							got = append(got, pk.Flush())
						}
					}
				}
				if f := pk.Flush(); f != nil {
					got = append(got, f)
				}
				if len(got) != len(real) {
					t.Errorf("%s ring %v node %d: repacked into %d packets, sent %d", file, ring, node, len(got), len(real))
					continue
				}
				for i := range got {
					if !bytes.Equal(got[i], real[i]) {
						t.Errorf("%s ring %v node %d packet %d differs\n got % x\nwant % x", file, ring, node, i, got[i][:min(40, len(got[i]))], real[i][:min(40, len(real[i]))])
					}
				}
				streams++
			}
		}
		t.Logf("%s: %d sender streams repacked identically", file, streams)
	}
}
