package pcapng

import (
	"encoding/binary"
	"errors"
	"os"
	"testing"
)

const (
	udpuCapture = "../../totem/wire/testdata/corosync-n3-udpu-forming.pcapng"
	knetCapture = "../../totem/wire/testdata/corosync-n3-knet-forming.pcapng"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadAllCaptures(t *testing.T) {
	for _, tc := range []struct {
		file    string
		packets int
	}{
		{udpuCapture, 992},
		{knetCapture, 840},
	} {
		b := readFile(t, tc.file)
		r, err := NewReader(b)
		if err != nil {
			t.Fatal(err)
		}
		perIf := map[string]int{}
		n := 0
		for {
			p, err := r.Next()
			if errors.Is(err, ErrEnd) {
				break
			}
			if err != nil {
				t.Fatalf("%s: packet %d: %v", tc.file, n+1, err)
			}
			if p.LinkType != LinkEthernet {
				t.Errorf("%s: packet %d link type %d", tc.file, n+1, p.LinkType)
			}
			if int(p.OrigLen) != len(p.Data) {
				t.Errorf("%s: packet %d orig %d captured %d", tc.file, n+1, p.OrigLen, len(p.Data))
			}
			perIf[p.IfName]++
			n++
		}
		if n != tc.packets {
			t.Errorf("%s: %d packets, want %d", tc.file, n, tc.packets)
		}
		names := []string{}
		for _, ifc := range r.Interfaces() {
			names = append(names, ifc.Name)
			if ifc.TSResol != 9 {
				t.Errorf("%s: if_tsresol %d, want 9 (ns)", tc.file, ifc.TSResol)
			}
		}
		if len(names) != 3 || names[0] != "sw1" || names[1] != "sw2" || names[2] != "sw3" {
			t.Errorf("%s: interfaces %v", tc.file, names)
		}
		t.Logf("%s: %d packets per interface %v", tc.file, n, perIf)
	}
}

// The udpu summary lists sw1 frames only: 367 corosync datagrams (214 + 81
// + 48 + 16 + 8) plus ICMP and ARP frames.
func TestCorosyncDatagramsUDPU(t *testing.T) {
	ds, skipped, err := CorosyncDatagrams(readFile(t, udpuCapture))
	if err != nil {
		t.Fatal(err)
	}
	sw1 := 0
	for _, d := range ds {
		if d.Knet {
			t.Fatalf("%v: udpu datagram taken for knet", d)
		}
		if d.Payload[0] != 0x70 || d.Payload[1] != 0xc0 {
			t.Fatalf("%v: does not start with 70 c0", d)
		}
		if d.IfName == "sw1" {
			sw1++
		}
	}
	if sw1 != 367 {
		t.Errorf("sw1 datagrams %d, want 367", sw1)
	}
	if skipped[SkipNotUDP] == 0 || skipped[SkipKnetControl] != 0 {
		t.Errorf("unexpected skip counts %v", skipped)
	}
	t.Logf("%d datagrams, skipped %v", len(ds), skipped)
}

func TestCorosyncDatagramsKnet(t *testing.T) {
	ds, skipped, err := CorosyncDatagrams(readFile(t, knetCapture))
	if err != nil {
		t.Fatal(err)
	}
	reassembled := 0
	for _, d := range ds {
		if !d.Knet {
			t.Fatalf("%v: plain datagram in knet capture", d)
		}
		if len(d.Payload) > 1460-knetDataHeader {
			reassembled++
		}
	}
	// sw1 histogram: 90 pings/pongs + 5 + 5 PMTUd frames (17 and 1480 bytes).
	if skipped[SkipKnetControl] == 0 || skipped[SkipKnetPartial] != 0 || skipped[SkipKnetBad] != 0 {
		t.Errorf("skip counts %v", skipped)
	}
	if reassembled == 0 {
		t.Error("no knet-fragmented datagram was reassembled")
	}
	t.Logf("%d datagrams (%d from 2 knet fragments), skipped %v", len(ds), reassembled, skipped)
}

// pcapng with big-endian section, one IDB (Linux cooked) and one SPB.
func TestBigEndianSPBAndSLL(t *testing.T) {
	be := binary.BigEndian
	block := func(typ uint32, body []byte) []byte {
		for len(body)%4 != 0 {
			body = append(body, 0)
		}
		n := uint32(12 + len(body))
		out := be.AppendUint32(nil, typ)
		out = be.AppendUint32(out, n)
		out = append(out, body...)
		return be.AppendUint32(out, n)
	}
	shb := be.AppendUint32(nil, byteOrderMagic)
	shb = be.AppendUint16(shb, 1)
	shb = be.AppendUint16(shb, 0)
	shb = be.AppendUint64(shb, ^uint64(0))
	idb := be.AppendUint16(nil, LinkSLL)
	idb = be.AppendUint16(idb, 0)
	idb = be.AppendUint32(idb, 0)
	frame := make([]byte, 16)
	be.PutUint16(frame[14:], 0x0800)
	ip := []byte{0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2}
	udp := []byte{0x9a, 0x24, 0x15, 0x1d, 0, 11, 0, 0, 0x70, 0xc0, 0x03}
	be.PutUint16(ip[2:], uint16(len(ip)+len(udp)))
	frame = append(append(frame, ip...), udp...)
	spb := be.AppendUint32(nil, uint32(len(frame)))
	spb = append(spb, frame...)
	file := append(append(block(blockSHB, shb), block(blockIDB, idb)...), block(blockSPB, spb)...)
	file = append(file, block(5, []byte{1, 2, 3, 4})...) // an ISB to skip

	pkts, err := ReadAll(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(pkts) != 1 {
		t.Fatalf("%d packets", len(pkts))
	}
	u, err := ExtractUDP(pkts[0])
	if err != nil {
		t.Fatal(err)
	}
	if u.Src.String() != "10.0.0.1:39460" || u.Dst.String() != "10.0.0.2:5405" || string(u.Payload) != "\x70\xc0\x03" {
		t.Errorf("got %v -> %v % x", u.Src, u.Dst, u.Payload)
	}
}

func TestMalformed(t *testing.T) {
	good := readFile(t, udpuCapture)
	for name, b := range map[string][]byte{
		"empty":          nil,
		"not pcapng":     []byte("hello world, not a capture"),
		"cut in a block": good[:310],
		"bad magic":      append(append([]byte{}, good[:8]...), append([]byte{1, 2, 3, 4}, good[12:200]...)...),
	} {
		if _, err := ReadAll(b); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
