package totem_test

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/totem"
	"github.com/gorosync/gorosync/totem/sim"
	"github.com/gorosync/gorosync/totem/wire"
)

// Datagrams captured from Corosync 3.1.7 in the lab (corosync.md §1.6,
// §1.10). Bytes 9..12 (target_nodeid) are uninitialised stack on udpu and
// are not compared.
const (
	labJoinFresh   = "70c00303 00 01000000 00000000 01000000 01000000 00000000 0100000000000000 01000000"
	labCommitToken = "70c00304 00 01000000 00000000 01000000 01000000 0900000000000000 00000000 01000000 02000000 01000000 02000000" +
		"01000000 0500000000000000 08000000 08000000 01000000" + "000000000000000000000000000000000000000000000000"
	labLeave       = "70c00303 00 00000000 00000000 03000000 02000000 01000000 1600000000000000 01000000 02000000 03000000"
	labMergeDetect = "70c00302 00 01000000 c6abba02 01000000 01000000 0500000000000000"
)

func unhex(t *testing.T, s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sameBytes(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d bytes, want %d\n got %x\nwant %x", what, len(got), len(want), got, want)
	}
	g, w := append([]byte(nil), got...), append([]byte(nil), want...)
	copy(g[9:13], []byte{0, 0, 0, 0})
	copy(w[9:13], []byte{0, 0, 0, 0})
	if string(g) != string(w) {
		t.Fatalf("%s differs from Corosync 3.1.7:\n got %x\nwant %x", what, g, w)
	}
}

// capture runs a simulation and collects the datagrams of one type a node
// sends.
func capture(s *sim.Sim, from uint32, typ wire.MessageType) *[][]byte {
	var got [][]byte
	s.OnDatagram = func(id uint32, _ int64, d totem.Datagram) {
		if id == from && d.Data[3] == byte(typ) {
			got = append(got, d.Data)
		}
	}
	return &got
}

func TestFirstJoinMatchesCorosync(t *testing.T) {
	n, err := totem.NewNode(totem.DefaultConfig(1, []uint32{1, 2, 3}))
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Step(totem.Start{RingSeq: 0}); err != nil {
		t.Fatal(err)
	}
	rd := n.Ready()
	if len(rd.Datagrams) != 1 || !rd.Datagrams[0].Multicast {
		t.Fatalf("want one multicast JOIN, got %+v", rd.Datagrams)
	}
	sameBytes(t, "first JOIN", rd.Datagrams[0].Data, unhex(t, labJoinFresh))
	armed := map[totem.TimerKind]int64{}
	for _, tu := range rd.Timers {
		if tu.Armed {
			armed[tu.Kind] = tu.Deadline
		}
	}
	if armed[totem.TimerJoin] != 50 || armed[totem.TimerConsensus] != 4380 || len(armed) != 2 {
		t.Fatalf("after start want join@50 and consensus@4380 armed (3 nodes), got %v", armed)
	}
}

func TestCommitTokenMatchesCorosync(t *testing.T) {
	s := sim.New(sim.Options{NodeIDs: []uint32{1, 2}, Seed: 1, Net: sim.Net{MinDelay: 1, MaxDelay: 1}})
	if err := s.Start(1); err != nil {
		t.Fatal(err)
	}
	if err := s.RunFor(100); err != nil {
		t.Fatal(err)
	}
	for range 8 { // the lab node had delivered 8 messages (sync) in ring 1.5
		if _, err := s.Send(1); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RunFor(100); err != nil {
		t.Fatal(err)
	}
	got := capture(s, 1, wire.TypeCommitToken)
	if err := s.Start(2); err != nil {
		t.Fatal(err)
	}
	if err := s.RunFor(1000); err != nil {
		t.Fatal(err)
	}
	if len(*got) == 0 {
		t.Fatal("node 1 sent no commit token")
	}
	sameBytes(t, "commit token 1→2 for ring 1.9", (*got)[0], unhex(t, labCommitToken))
}

func TestLeaveMatchesCorosync(t *testing.T) {
	// Reach ring 1.16 with members 1 2 3 as in the lab, then node 3 leaves.
	s := sim.New(sim.Options{NodeIDs: []uint32{1, 2, 3}, Seed: 1, Net: sim.Net{MinDelay: 1, MaxDelay: 1}})
	for _, id := range []uint32{1, 2, 3} {
		s.SetPersisted(id, 0x16-9) // start 0xe, singleton 0x12, merged 0x16
		if err := s.Start(id); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RunFor(1000); err != nil {
		t.Fatal(err)
	}
	if r := s.Node(3).RingID(); r != (wire.RingID{Rep: 1, Seq: 0x16}) {
		t.Fatalf("setup: ring %s, want 1.16", r)
	}
	got := capture(s, 3, wire.TypeMembJoin)
	if err := s.Leave(3); err != nil {
		t.Fatal(err)
	}
	if len(*got) != 1 {
		t.Fatalf("want one LEAVE, got %d", len(*got))
	}
	sameBytes(t, "LEAVE of node 3", (*got)[0], unhex(t, labLeave))
}

func TestMergeDetectMatchesCorosync(t *testing.T) {
	s := sim.New(sim.Options{NodeIDs: []uint32{1, 2}, Seed: 1, Net: sim.Net{MinDelay: 1, MaxDelay: 1}})
	got := capture(s, 1, wire.TypeMergeDetect)
	if err := s.Start(1); err != nil {
		t.Fatal(err)
	}
	if err := s.RunFor(5000); err != nil {
		t.Fatal(err)
	}
	if len(*got) == 0 {
		t.Fatal("an idle singleton ring sent no MERGE_DETECT")
	}
	sameBytes(t, "MERGE_DETECT of ring 1.5", (*got)[0], unhex(t, labMergeDetect))
}
