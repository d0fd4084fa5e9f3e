package execmsg

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/gorosync/gorosync/internal/totemcap"
	"github.com/gorosync/gorosync/totem/svcmsg"
	"github.com/gorosync/gorosync/totem/totempg"
)

const capture = "../../totem/wire/testdata/corosync-n3-udpu-forming.pcapng"

// Every cpg DOWNLIST corosync sent while forming the 3-node ring decodes
// and re-encodes to the same 1568 bytes.
func TestGoldenDownlists(t *testing.T) {
	c, err := totemcap.Load(capture)
	if err != nil {
		t.Skipf("capture: %v", err)
	}
	ds, err := c.Deliver()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range ds {
		g, body, err := totempg.ParseGroups(d.Msg, false)
		if err != nil || g[0] != totempg.GroupA {
			continue
		}
		h, _ := svcmsg.DecodeHeader(body, false)
		if h.Service() != svcmsg.ServiceCpg {
			continue
		}
		if h.Fn() != CpgDownListFn || len(body) != CpgDownListSize || h.Size != CpgDownListSize {
			t.Fatalf("unexpected cpg message %v len %d", h, len(body))
		}
		m, err := DecodeCpgDownList(body, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := svcmsg.Encode(m); !bytes.Equal(got, body) {
			t.Errorf("ring %v node %d: re-encoded downlist differs", d.Ring, d.NodeID)
		}
		if m.LeftNodes != 0 {
			t.Errorf("ring %v node %d: left_nodes %d while forming", d.Ring, d.NodeID, m.LeftNodes)
		}
		n++
	}
	if n != 8 {
		t.Errorf("%d downlists in the capture, want 8 (rings 1.5, 2.5, 3.5 one each; 1.9 two; 1.d three)", n)
	}
}

func TestRoundTrips(t *testing.T) {
	dl := &CpgDownList{OldMembers: 3, LeftNodes: 2}
	dl.NodeIDs[0], dl.NodeIDs[1], dl.NodeIDs[2] = 2, 3, 9 // [2] is stale
	b := svcmsg.Encode(dl)
	got, err := DecodeCpgDownList(b, false)
	if err != nil || !reflect.DeepEqual(got, dl) || !reflect.DeepEqual(got.Left(), []uint32{2, 3}) {
		t.Errorf("downlist %+v %v", got, err)
	}
	jl := &CpgJoinList{Entries: []JoinEntry{{PID: 42, Group: "crmd"}, {PID: 7, Group: "attrd"}}}
	b = svcmsg.Encode(jl)
	if len(b) != 24+2*144 {
		t.Errorf("joinlist size %d", len(b))
	}
	if gj, err := DecodeCpgJoinList(b, false); err != nil || !reflect.DeepEqual(gj, jl) {
		t.Errorf("joinlist %+v %v", gj, err)
	}
	for _, m := range []svcmsg.Message{
		&CfgReloadConfig{Source: Source{NodeID: 3, Conn: 0xdeadbeef}},
		&CfgRingReenable{Source: Source{NodeID: 1}},
		&CfgKillNode{NodeID: 2, Reason: "fenced"},
		&CfgShutdown{},
		&CfgCryptoReconfig{Phase: 1},
	} {
		b := svcmsg.Encode(m)
		if len(b) != m.EncodedLen() {
			t.Errorf("%T: %d bytes, EncodedLen %d", m, len(b), m.EncodedLen())
		}
		got, err := DecodeCfg(b, false)
		if err != nil || !reflect.DeepEqual(got, m) {
			t.Errorf("%T: got %+v %v", m, got, err)
		}
	}
	// Sizes from the C structs (aligned(8) members, tail padding).
	for m, size := range map[svcmsg.Message]int{&CfgReloadConfig{}: 32, &CfgKillNode{}: 288, &CfgShutdown{}: 16, &CpgDownList{}: 1568} {
		if m.EncodedLen() != size {
			t.Errorf("%T size %d, want %d", m, m.EncodedLen(), size)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	dl := svcmsg.Encode(&CpgDownList{})
	dl[24] = 0xff // left_nodes 255 is fine; 385 is not
	dl[25] = 0x01
	if _, err := DecodeCpgDownList(dl, false); !errors.Is(err, svcmsg.ErrCorrupt) {
		t.Errorf("left_nodes 511: %v", err)
	}
	if _, err := DecodeCpgDownList(dl[:100], false); !errors.Is(err, svcmsg.ErrShort) {
		t.Errorf("short downlist: %v", err)
	}
	if _, err := DecodeCfg(svcmsg.Encode(&CfgKillNode{})[:40], false); !errors.Is(err, svcmsg.ErrShort) {
		t.Errorf("short killnode: %v", err)
	}
	bad := svcmsg.Encode(&CfgShutdown{})
	bad[0] = 9 // fn 9
	if _, err := DecodeCfg(bad, false); !errors.Is(err, svcmsg.ErrUnknown) {
		t.Errorf("fn 9: %v", err)
	}
}

// FuzzDecoders: no input makes a decoder panic, and whatever decodes
// re-encodes to something that decodes to the same value.
func FuzzDecoders(f *testing.F) {
	f.Add(svcmsg.Encode(&CpgDownList{OldMembers: 2, LeftNodes: 1}), false)
	f.Add(svcmsg.Encode(&CpgJoinList{Entries: []JoinEntry{{PID: 1, Group: "g"}}}), true)
	f.Add(svcmsg.Encode(&CfgKillNode{NodeID: 1, Reason: "x"}), false)
	f.Add(svcmsg.Encode(&CfgReloadConfig{}), false)
	f.Fuzz(func(t *testing.T, b []byte, swapped bool) {
		if m, err := DecodeCpgDownList(b, swapped); err == nil && !swapped {
			if m2, err := DecodeCpgDownList(svcmsg.Encode(m), false); err != nil || !reflect.DeepEqual(m, m2) {
				t.Fatalf("downlist round trip: %v", err)
			}
		}
		if m, err := DecodeCpgJoinList(b, swapped); err == nil {
			if m2, err := DecodeCpgJoinList(svcmsg.Encode(m), false); err != nil || len(m2.Entries) != len(m.Entries) {
				t.Fatalf("joinlist round trip: %v", err)
			}
		}
		if m, err := DecodeCfg(b, swapped); err == nil {
			if _, err := DecodeCfg(svcmsg.Encode(m), false); err != nil {
				t.Fatalf("cfg round trip: %v", err)
			}
		}
	})
}
