package totem

import (
	"encoding/binary"
	"testing"

	"github.com/gorosync/gorosync/totem/wire"
)

// FuzzNodeReceive feeds arbitrary datagrams (and clock jumps) to a started
// node: whatever arrives, Step must not panic and the node must keep a
// consistent state. Input: records of [2-byte length][tick byte][data];
// a tick byte with the high bit set also sends a SAFE message and a
// SyncDone first.
func FuzzNodeReceive(f *testing.F) {
	ring := wire.RingID{Rep: 1, Seq: 5}
	seeds := []wire.Message{
		&wire.MembJoin{Header: wire.Header{NodeID: 2}, SystemFrom: 2, RingSeq: 4, ProcList: []uint32{2, 1}},
		&wire.MembJoin{Header: wire.Header{NodeID: 0}, SystemFrom: 2, RingSeq: 4, ProcList: []uint32{1}, FailedList: []uint32{2}},
		&wire.CommitToken{Header: wire.Header{NodeID: 1}, RingID: wire.RingID{Rep: 1, Seq: 9}, MembIndex: 1, Addrs: []uint32{1, 2}, MembList: make([]wire.CommitMembEntry, 2)},
		&wire.OrfToken{Header: wire.Header{NodeID: 2}, Seq: 3, TokenSeq: 1, Aru: 1, AruAddr: 2, RingID: ring, RtrList: []wire.RtrItem{{RingID: ring, Seq: 2}}},
		&wire.Mcast{Header: wire.Header{Encapsulated: wire.NotEncapsulated, NodeID: 2}, SystemFrom: 2, Seq: 1, RingID: ring, Payload: []byte("x")},
		&wire.Mcast{Header: wire.Header{Encapsulated: wire.Encapsulated, NodeID: 2}, SystemFrom: 2, Seq: 1, RingID: ring,
			Inner: &wire.Mcast{Header: wire.Header{Encapsulated: wire.NotEncapsulated, NodeID: 2}, SystemFrom: 2, Seq: 7, RingID: wire.RingID{Rep: 2, Seq: 1}}},
		&wire.MergeDetect{Header: wire.Header{NodeID: 3}, SystemFrom: 3, RingID: wire.RingID{Rep: 3, Seq: 8}},
		&wire.TokenHoldCancel{Header: wire.Header{NodeID: 2}, RingID: ring},
	}
	var all []byte
	for _, m := range seeds {
		b := wire.Encode(m)
		rec := binary.LittleEndian.AppendUint16(nil, uint16(len(b)))
		rec = append(rec, 3)
		rec = append(rec, b...)
		f.Add(rec)
		all = append(all, rec...)
	}
	f.Add(all)
	app := append([]byte(nil), all...)
	app[2] |= 0x80
	f.Add(app)
	f.Fuzz(func(t *testing.T, in []byte) {
		n, err := NewNode(DefaultConfig(1, []uint32{1, 2, 3}))
		if err != nil {
			t.Fatal(err)
		}
		if err := n.Step(Start{RingSeq: 0}); err != nil {
			t.Fatal(err)
		}
		now := int64(0)
		for len(in) >= 3 {
			l := int(binary.LittleEndian.Uint16(in))
			now += int64(in[2]&0x7f) * 10
			app := in[2]&0x80 != 0
			in = in[3:]
			if app {
				if err := n.Step(AppSend{Payload: []byte("safe"), Guarantee: GuaranteeSafe}); err != nil && err != ErrQueueFull {
					t.Fatal(err)
				}
				if err := n.Step(SyncDone{}); err != nil {
					t.Fatal(err)
				}
			}
			if l > len(in) {
				l = len(in)
			}
			if err := n.Step(Tick{Now: now}); err != nil {
				t.Fatal(err)
			}
			if err := n.Step(Received{From: 2, Data: in[:l]}); err != nil {
				t.Fatal(err)
			}
			in = in[l:]
			n.Ready()
			if n.State() == StateDown {
				t.Fatal("node went down without Leave")
			}
		}
		// The node must still be able to send and tick.
		if err := n.Step(AppSend{Payload: []byte("after")}); err != nil {
			t.Fatal(err)
		}
		if err := n.Step(Tick{Now: now + 100000}); err != nil {
			t.Fatal(err)
		}
	})
}
