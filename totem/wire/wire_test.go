package wire

import (
	"bytes"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.NewReplacer(" ", "", "|", "", "\n", "").Replace(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Sample datagrams of corosync.md §1.10 and §1.6 [lab].
func TestReferenceSamples(t *testing.T) {
	for _, tc := range []struct {
		name string
		hex  string
		want Message
	}{
		{"join node 1 alone", "70c00303 00 01000000 00000000 01000000 01000000 00000000 0100000000000000 01000000",
			&MembJoin{Header: Header{NodeID: 1}, SystemFrom: 1, RingSeq: 1, ProcList: []uint32{1}}},
		{"merge detect", "70c00302 00 01000000 c6abba02 01000000 01000000 0500000000000000",
			&MergeDetect{Header: Header{NodeID: 1, TargetNodeID: 0x02baabc6}, SystemFrom: 1, RingID: RingID{Rep: 1, Seq: 5}}},
		{"commit token", "70c00304 00 01000000 00000000 01000000 01000000 0900000000000000 00000000 01000000 02000000 01000000 02000000 | 01000000 0500000000000000 08000000 08000000 01000000 |" + strings.Repeat("00", 24),
			&CommitToken{Header: Header{NodeID: 1}, TokenSeq: 1, RingID: RingID{1, 9}, MembIndex: 1, Addrs: []uint32{1, 2},
				MembList: []CommitMembEntry{{RingID: RingID{1, 5}, Aru: 8, HighDelivered: 8, ReceivedFlg: 1}, {}}}},
		{"token hold cancel", "70c00305 00 01000000 00000000 01000000 1a00000000000000",
			&TokenHoldCancel{Header: Header{NodeID: 1}, RingID: RingID{1, 0x1a}}},
		{"initial orf token", "70c0 03 00 00 01000000 00000000 | 00000000 00000000 ffffffff 01000000 | 01000000 0900000000000000 | 00000000 00000000 00000000 00000000",
			&OrfToken{Header: Header{NodeID: 1}, Aru: 0xffffffff, AruAddr: 1, RingID: RingID{1, 9}}},
		{"leave of node 3", "70c0 03 03 00 00000000 00000000 03000000 02000000 01000000 1600000000000000 01000000 02000000 03000000",
			&MembJoin{SystemFrom: 3, RingSeq: 0x16, ProcList: []uint32{1, 2}, FailedList: []uint32{3}}},
		{"mcast votequorum nodeinfo", "70c00301 02 01000000 00000000 | 01000000 01000000 00000000 01000000 0500000000000000 00000000 00000000 | 0000 0000 00 00 0100 | 2500 | 0100 0100 61 | 00000500 00000000 20000000 00000000 01000000 01000000 03000000 08000000",
			&Mcast{Header: Header{Encapsulated: NotEncapsulated, NodeID: 1}, SystemFrom: 1, Seq: 1, RingID: RingID{1, 5},
				Payload: unhex(t, "0000 0000 00 00 0100 2500 0100 0100 61 00000500 00000000 20000000 00000000 01000000 01000000 03000000 08000000")}},
	} {
		b := unhex(t, tc.hex)
		m, err := Decode(b)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !reflect.DeepEqual(m, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, m, tc.want)
		}
		if got := Encode(tc.want); !bytes.Equal(got, b) {
			t.Errorf("%s: encode\n got % x\nwant % x", tc.name, got, b)
		}
	}
}

func TestLeave(t *testing.T) {
	j := &MembJoin{Header: Header{NodeID: 2}}
	if j.IsLeave() {
		t.Error("join from node 2 taken as leave")
	}
	j.NodeID = LeaveNodeID
	if !j.IsLeave() {
		t.Error("nodeid 0 join not a leave")
	}
}

// swapFields reverses the bytes of consecutive fields of the given widths,
// turning a little-endian message into what a big-endian host sends.
func swapFields(b []byte, off int, widths ...int) {
	for _, w := range widths {
		f := b[off : off+w]
		for i, j := 0, w-1; i < j; i, j = i+1, j-1 {
			f[i], f[j] = f[j], f[i]
		}
		off += w
	}
}

var hdrWidths = []int{2, 1, 1, 1, 4, 4}

func TestByteSwappedInput(t *testing.T) {
	tok := &OrfToken{Header: Header{NodeID: 0x01020304, TargetNodeID: 7}, Seq: 10, TokenSeq: 0x0a0b0c0d, Aru: 9, AruAddr: 2,
		RingID: RingID{1, 0x1122334455667788}, Backlog: 3, Fcc: 4, RetransFlg: 1,
		RtrList: []RtrItem{{RingID{1, 5}, 6}}}
	b := Encode(tok)
	swapFields(b, 0, hdrWidths...)
	swapFields(b, 13, 4, 4, 4, 4, 4, 8, 4, 4, 4, 4, 4, 8, 4)

	join := &MembJoin{Header: Header{NodeID: 3}, SystemFrom: 3, RingSeq: 0x1234, ProcList: []uint32{3, 1}, FailedList: []uint32{2}}
	jb := Encode(join)
	swapFields(jb, 0, hdrWidths...)
	swapFields(jb, 13, 4, 4, 4, 8, 4, 4, 4)

	ct := &CommitToken{Header: Header{NodeID: 1}, TokenSeq: 2, RingID: RingID{1, 9}, MembIndex: 1, Addrs: []uint32{1, 2},
		MembList: []CommitMembEntry{{RingID{1, 5}, 8, 8, 1}, {Aru: 0x01000000}}}
	cb := Encode(ct)
	swapFields(cb, 0, hdrWidths...)
	swapFields(cb, 13, 4, 4, 8, 4, 4, 4, 4, 4, 4, 8, 4, 4, 4)
	// The second slot is unset (rep 0): Corosync leaves it unconverted, so
	// its aru bytes "00 00 00 01" stay as written and read back as 0x01000000.

	mc := &Mcast{Header: Header{Encapsulated: NotEncapsulated, NodeID: 2}, SystemFrom: 2, Seq: 77, ThisSeqno: 5, RingID: RingID{1, 9}, Guarantee: 1, Payload: []byte("abc")}
	mb := Encode(mc)
	swapFields(mb, 0, hdrWidths...)
	swapFields(mb, 13, 4, 4, 4, 4, 8, 4, 4)

	for _, tc := range []struct {
		b    []byte
		want Message
	}{{b, tok}, {jb, join}, {cb, ct}, {mb, mc}} {
		if tc.b[0] != 0xc0 || tc.b[1] != 0x70 {
			t.Fatalf("test bug: magic % x", tc.b[:2])
		}
		m, swapped, err := DecodeSwapped(tc.b)
		if err != nil {
			t.Fatal(err)
		}
		if !swapped {
			t.Error("swapped input not reported")
		}
		if !reflect.DeepEqual(m, tc.want) {
			t.Errorf("swapped decode\n got %+v\nwant %+v", m, tc.want)
		}
	}
}

func TestEncapsulatedMcast(t *testing.T) {
	inner := &Mcast{Header: Header{Encapsulated: NotEncapsulated, NodeID: 3}, SystemFrom: 3, Seq: 4, RingID: RingID{1, 9}, Payload: []byte{0, 0, 0, 0, 0, 0, 0, 0}}
	outer := &Mcast{Header: Header{Encapsulated: Encapsulated, NodeID: 1}, SystemFrom: 1, Seq: 1, RingID: RingID{1, 0xd}, Inner: inner}
	b := Encode(outer)
	if len(b) != 2*McastHeaderSize+8 {
		t.Fatalf("length %d", len(b))
	}
	m, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m, outer) {
		t.Errorf("got %+v", m)
	}
	// An encapsulated mcast whose body is not a valid mcast is rejected.
	bad := append([]byte{}, b[:McastHeaderSize]...)
	bad = append(bad, Encode(&TokenHoldCancel{})...)
	if _, err := Decode(bad); !errors.Is(err, ErrCorrupt) {
		t.Errorf("hold-cancel inside encapsulated mcast: %v", err)
	}
	if _, err := Decode(b[:McastHeaderSize+5]); !errors.Is(err, ErrTooShort) {
		t.Errorf("short inner: %v", err)
	}
}

func TestDecodeErrors(t *testing.T) {
	tok := Encode(&OrfToken{RtrList: make([]RtrItem, 2)})
	join := Encode(&MembJoin{ProcList: []uint32{1, 2}, FailedList: []uint32{3}})
	ct := Encode(&CommitToken{Addrs: []uint32{1, 2}})
	set := func(b []byte, off int, v uint32) []byte {
		c := append([]byte{}, b...)
		le.putU32(c[off:], v)
		return c
	}
	for _, tc := range []struct {
		name string
		b    []byte
		want error
	}{
		{"empty", nil, ErrTooShort},
		{"12 bytes", make([]byte, 12), ErrTooShort},
		{"corosync 2.3 magic", append([]byte{0xfe, 0xfe}, make([]byte, 20)...), ErrBadMagic},
		{"version 2", []byte{0x70, 0xc0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, ErrBadVersion},
		{"type 6", []byte{0x70, 0xc0, 3, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0}, ErrBadType},
		{"token fixed part cut", tok[:56], ErrTooShort},
		{"token rtr list cut", tok[:len(tok)-1], ErrTooShort},
		{"token 31 rtr entries", set(tok, 53, 31), ErrCorrupt},
		{"token negative rtr entries", set(tok, 53, 0xffffffff), ErrCorrupt},
		{"join list cut", join[:len(join)-1], ErrTooShort},
		{"join 385 procs", set(join, 17, 385), ErrCorrupt},
		{"join huge failed", set(join, 21, 0xffffffff), ErrCorrupt},
		{"commit fixed part cut", ct[:40], ErrTooShort},
		{"commit memb list cut", ct[:len(ct)-1], ErrTooShort},
		{"commit negative entries", set(ct, 37, 0x80000000), ErrCorrupt},
		{"merge detect cut", Encode(&MergeDetect{})[:28], ErrTooShort},
		{"hold cancel cut", Encode(&TokenHoldCancel{})[:24], ErrTooShort},
		{"mcast cut", Encode(&Mcast{})[:44], ErrTooShort},
	} {
		m, err := Decode(tc.b)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: got (%v, %v), want %v", tc.name, m, err, tc.want)
		}
	}
	if _, err := Decode(append([]byte{0xfe, 0xfe}, make([]byte, 20)...)); !strings.Contains(err.Error(), "Corosync 2.3+") {
		t.Errorf("magic guess missing: %v", err)
	}
}

// Bytes after the last field are ignored, as Corosync does.
func TestTrailingBytesIgnored(t *testing.T) {
	want := &MergeDetect{Header: Header{NodeID: 2}, SystemFrom: 2, RingID: RingID{1, 4}}
	m, err := Decode(append(Encode(want), 1, 2, 3))
	if err != nil || !reflect.DeepEqual(m, want) {
		t.Errorf("got %+v, %v", m, err)
	}
}

func TestSeqCompare(t *testing.T) {
	for _, tc := range []struct {
		a, b    uint32
		lt, lte bool
	}{
		{1, 2, true, true},
		{2, 2, false, true},
		{3, 2, false, false},
		{0x80000001, 0x80000002, true, true},
		{0xffffffff, 0x5, true, true}, // just wrapped: 5 counts as newer
		{0x5, 0xffffffff, false, false},
		{0xfffffff0, 0x10000, false, false}, // past the 64Ki window: plain order again
		{0x80000000, 0x7fffffff, false, false},
	} {
		if got := SeqLT(tc.a, tc.b); got != tc.lt {
			t.Errorf("SeqLT(%#x,%#x)=%v", tc.a, tc.b, got)
		}
		if got := SeqLTE(tc.a, tc.b); got != tc.lte {
			t.Errorf("SeqLTE(%#x,%#x)=%v", tc.a, tc.b, got)
		}
	}
}

func TestRingID(t *testing.T) {
	if s := (RingID{Rep: 1, Seq: 13}).String(); s != "1.d" {
		t.Errorf("String %q", s)
	}
	if s := (RingID{Rep: 0xa, Seq: 0x1f4}).String(); s != "a.1f4" {
		t.Errorf("String %q", s)
	}
	a, b := RingID{1, 4}, RingID{1, 8}
	if a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Error("Compare order")
	}
}

func TestMessageTypeString(t *testing.T) {
	if TypeCommitToken.String() != "memb_commit_token" || MessageType(9).String() != "type(9)" {
		t.Error("type names")
	}
}

func TestAppendKeepsPrefix(t *testing.T) {
	pre := []byte("xyz")
	b := (&TokenHoldCancel{RingID: RingID{1, 2}}).Append(pre)
	if string(b[:3]) != "xyz" || len(b) != 3+TokenHoldCancelSize {
		t.Errorf("Append clobbered prefix: % x", b)
	}
}
