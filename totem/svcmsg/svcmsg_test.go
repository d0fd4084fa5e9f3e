package svcmsg

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/totem/wire"
)

// corosync.md §1.10: the votequorum nodeinfo in the sample MCAST.
func TestNodeInfoSample(t *testing.T) {
	b, _ := hex.DecodeString(strings.ReplaceAll("00000500 00000000 20000000 00000000 01000000 01000000 03000000 08000000", " ", ""))
	m, err := Decode("a", b, false)
	want := &VQNodeInfo{NodeID: 1, Votes: 1, ExpectedVotes: 3, Flags: VQFlagFirst}
	if err != nil || !reflect.DeepEqual(m, want) {
		t.Fatalf("got %+v, %v", m, err)
	}
	if !bytes.Equal(Encode(want), b) {
		t.Error("encode differs")
	}
}

func TestSizesAndIDs(t *testing.T) {
	for _, tc := range []struct {
		m    Message
		size int
		id   int32
	}{
		{&SyncBarrier{Ring: wire.RingID{Rep: 1, Seq: 0xd}}, 32, 0},
		{&SyncServiceBuild{Services: []int32{0, 2, 3, 5}}, 552, 1},
		{&VQNodeInfo{}, 32, 0x50000},
		{&VQReconfigure{NodeID: 2, Value: 5, Param: VQParamExpectedVotes}, 32, 0x50001},
		{&VQQdeviceReg{Operation: 1, Name: "Qdevice"}, 280, 0x50002},
		{&VQQdeviceReconfigure{OldName: "a", NewName: "b"}, 528, 0x50003},
		{&CmapMcast{Items: []CmapItem{{Key: "totem.config_version"}}}, 328, 0},
		{&CmapMcast{Reason: CmapReasonNewConf, Items: []CmapItem{{Key: "totem.config_version", ValueType: 8, Value: binary.LittleEndian.AppendUint64(nil, 7)}}}, 336, 0},
	} {
		b := Encode(tc.m)
		h, _ := DecodeHeader(b, false)
		if len(b) != tc.size || int(h.Size) != tc.size || h.ID != tc.id {
			t.Errorf("%T: %d bytes, header %+v", tc.m, len(b), h)
		}
		group := "a"
		if _, ok := tc.m.(*SyncBarrier); ok {
			group = "sync"
		}
		if _, ok := tc.m.(*SyncServiceBuild); ok {
			group = "sync"
		}
		got, err := Decode(group, b, false)
		if err != nil || !reflect.DeepEqual(got, tc.m) {
			t.Errorf("%T round trip: %+v %v", tc.m, got, err)
		}
	}
	if MakeID(ServiceVotequorum, 3) != 0x50003 || (Header{ID: 0x20005}).Service() != 2 || (Header{ID: 0x20005}).Fn() != 5 {
		t.Error("id helpers")
	}
}

func TestSwappedVotequorum(t *testing.T) {
	b := make([]byte, 32)
	be := binary.BigEndian
	be.PutUint32(b, 0x50000)
	be.PutUint32(b[8:], 32)
	be.PutUint32(b[16:], 4)
	be.PutUint32(b[20:], 1)
	be.PutUint32(b[24:], 5)
	be.PutUint32(b[28:], VQFlagQuorate)
	m, err := Decode("a", b, true)
	if err != nil || !reflect.DeepEqual(m, &VQNodeInfo{NodeID: 4, Votes: 1, ExpectedVotes: 5, Flags: 1}) {
		t.Errorf("got %+v %v", m, err)
	}
}

func TestDecodeErrors(t *testing.T) {
	sb := Encode(&SyncServiceBuild{Services: []int32{0}})
	binary.LittleEndian.PutUint32(sb[32:], 129)
	cm := Encode(&CmapMcast{Items: []CmapItem{{Key: "k", ValueType: 8, Value: make([]byte, 8)}}})
	badValueLen := append([]byte{}, cm...)
	binary.LittleEndian.PutUint64(badValueLen[48+272:], 1<<40)
	badKey := append([]byte{}, cm...)
	binary.LittleEndian.PutUint16(badKey[48:], 300)
	for _, tc := range []struct {
		name, group string
		b           []byte
		want        error
	}{
		{"short header", "a", make([]byte, 15), ErrShort},
		{"short barrier", "sync", Encode(&SyncBarrier{})[:31], ErrShort},
		{"sync id 2", "sync", append([]byte{2}, make([]byte, 40)...), ErrUnknown},
		{"129 services", "sync", sb, ErrCorrupt},
		{"short nodeinfo", "a", Encode(&VQNodeInfo{})[:31], ErrShort},
		{"short qdevice reg", "a", Encode(&VQQdeviceReg{})[:279], ErrShort},
		{"votequorum fn 9", "a", Encode(&VQNodeInfo{})[:0:0], ErrShort},
		{"cpg", "a", append([]byte{5, 0, 2, 0}, make([]byte, 40)...), ErrUnknown},
		{"cmap item cut", "a", cm[:len(cm)-9], ErrShort},
		{"cmap value_len huge", "a", badValueLen, ErrShort},
		{"cmap key 300", "a", badKey, ErrCorrupt},
		{"group x", "x", cm, ErrUnknown},
	} {
		if _, err := Decode(tc.group, tc.b, false); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	vq := Encode(&VQNodeInfo{})
	binary.LittleEndian.PutUint32(vq, 0x50009)
	if _, err := Decode("a", vq, false); !errors.Is(err, ErrUnknown) {
		t.Errorf("votequorum fn 9: %v", err)
	}
}

func TestQdeviceNames(t *testing.T) {
	long := strings.Repeat("q", 300)
	m, err := Decode("a", Encode(&VQQdeviceReg{Operation: 1, Name: long}), false)
	if err != nil || len(m.(*VQQdeviceReg).Name) != 254 {
		t.Errorf("long name: %v", err)
	}
	b := Encode(&VQQdeviceReg{})
	for i := 20; i < 275; i++ {
		b[i] = 'x'
	}
	if _, err := Decode("a", b, false); !errors.Is(err, ErrCorrupt) {
		t.Errorf("unterminated name: %v", err)
	}
}
