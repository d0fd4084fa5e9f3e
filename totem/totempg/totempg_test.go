package totempg

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

func msg(n int, fill byte) []byte { return bytes.Repeat([]byte{fill}, n) }

func mustParse(t *testing.T, b []byte) Packet {
	t.Helper()
	p, err := Parse(b, false)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPackSmallMessagesUntilFlush(t *testing.T) {
	pk := NewPacker(DefaultNetMTU)
	if out := pk.Add(GroupIovecs(GroupSync, msg(32, 1))...); out != nil {
		t.Fatalf("small message emitted %d packets", len(out))
	}
	if out := pk.Add(GroupIovecs(GroupA, msg(32, 2))...); out != nil {
		t.Fatal("second small message emitted")
	}
	if pk.Staged() != 2 {
		t.Errorf("staged %d", pk.Staged())
	}
	p := mustParse(t, pk.Flush())
	if p.Fragmented != 0 || p.Continuation != 0 || len(p.Blocks) != 2 || len(p.Blocks[0]) != 40 || len(p.Blocks[1]) != 37 {
		t.Errorf("packet %+v", p)
	}
	if pk.Flush() != nil {
		t.Error("second flush not empty")
	}
}

// corosync.md §3.1 [lab]: the 1573-byte CPG downlist (1568 + "a" header)
// went out as 1400 bytes (fragmented 1) and 173 bytes (continuation 1),
// the tail at once in its own packet.
func TestPackLabDownlist(t *testing.T) {
	pk := NewPacker(DefaultNetMTU)
	out := pk.Add(GroupIovecs(GroupA, msg(1568, 7))...)
	if len(out) != 2 {
		t.Fatalf("%d packets", len(out))
	}
	p0, p1 := mustParse(t, out[0]), mustParse(t, out[1])
	if len(out[0]) != DefaultNetMTU || p0.Fragmented != 1 || p0.Continuation != 0 || len(p0.Blocks) != 1 || len(p0.Blocks[0]) != 1400 {
		t.Errorf("first packet %d bytes frag %d cont %d", len(out[0]), p0.Fragmented, p0.Continuation)
	}
	if p1.Fragmented != 0 || p1.Continuation != 1 || len(p1.Blocks) != 1 || len(p1.Blocks[0]) != 173 {
		t.Errorf("second packet frag %d cont %d blocks %d", p1.Fragmented, p1.Continuation, len(p1.Blocks))
	}
	if pk.Staged() != 0 {
		t.Error("tail left staged")
	}
}

// A message over two packets long gets consecutive fragment numbers; a
// small message resets numbering to 1; after 255 the number wraps to 1.
func TestFragmentNumbering(t *testing.T) {
	pk := NewPacker(DefaultNetMTU)
	out := pk.Add(msg(4000, 1))
	var frags, conts []uint8
	for _, b := range out {
		p := mustParse(t, b)
		frags = append(frags, p.Fragmented)
		conts = append(conts, p.Continuation)
	}
	if !reflect.DeepEqual(frags, []uint8{1, 2, 0}) || !reflect.DeepEqual(conts, []uint8{0, 1, 2}) {
		t.Errorf("frag %v cont %v", frags, conts)
	}
	pk.Add(msg(10, 2))
	pk.Flush()
	if p := mustParse(t, pk.Add(msg(2000, 3))[0]); p.Fragmented != 1 {
		t.Errorf("numbering not reset: %d", p.Fragmented)
	}
	pk.Flush()
	pk.nextFrag = 255
	out = pk.Add(msg(4000, 4))
	if a, b := mustParse(t, out[0]), mustParse(t, out[1]); a.Fragmented != 255 || b.Fragmented != 1 || b.Continuation != 255 {
		t.Errorf("wrap: %d then %d/%d", a.Fragmented, b.Fragmented, b.Continuation)
	}
}

// A tail that fits with room is staged behind the continuation mark and
// leaves on Flush with continuation set.
func TestContinuationOnFlush(t *testing.T) {
	pk := NewPacker(DefaultNetMTU)
	pk.Add(msg(1000, 1))
	out := pk.Add(msg(500, 2)) // 1000+500 does not fit: split 398/102
	if len(out) != 1 {
		t.Fatalf("%d packets", len(out))
	}
	p := mustParse(t, out[0])
	if p.Fragmented != 1 || len(p.Blocks) != 2 || len(p.Blocks[1]) != DefaultNetMTU-8-4-1000 {
		t.Errorf("first %+v", p.Fragmented)
	}
	f := mustParse(t, pk.Flush())
	if f.Continuation != 1 || f.Fragmented != 0 || len(f.Blocks) != 1 || len(f.Blocks[0]) != 500-len(p.Blocks[1]) {
		t.Errorf("flush cont %d frag %d blocks %d", f.Continuation, f.Fragmented, len(f.Blocks))
	}
	r := NewReassembler()
	got, err := r.Deliver(9, out[0], false)
	if err != nil || len(got) != 1 || !bytes.Equal(got[0], msg(1000, 1)) {
		t.Fatalf("first delivery %d msgs, %v", len(got), err)
	}
	got, err = r.Deliver(9, pk2bytes(f), false)
	if err != nil || len(got) != 1 || !bytes.Equal(got[0], msg(500, 2)) {
		t.Fatalf("second delivery %d msgs, %v", len(got), err)
	}
}

func pk2bytes(p Packet) []byte { return p.Append(nil) }

func TestParseErrors(t *testing.T) {
	good := (&Packet{Blocks: [][]byte{{1, 2}, {3}}}).Append(nil)
	for name, b := range map[string][]byte{
		"short header": good[:7],
		"short lens":   good[:9],
		"one byte off": good[:len(good)-1],
		"extra byte":   append(append([]byte{}, good...), 0),
	} {
		if _, err := Parse(b, false); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Big-endian sender: msg_count and lengths are swapped.
	be := []byte{0, 0, 0, 0, 0, 0, 0, 2, 0, 2, 0, 1, 1, 2, 3}
	p, err := Parse(be, true)
	if err != nil || len(p.Blocks) != 2 || !bytes.Equal(p.Blocks[0], []byte{1, 2}) {
		t.Errorf("swapped parse %+v %v", p, err)
	}
}

func TestGroups(t *testing.T) {
	if got := GroupHeader(GroupA); !bytes.Equal(got, []byte{1, 0, 1, 0, 'a'}) {
		t.Errorf("a header % x", got)
	}
	if got := GroupHeader(GroupSync); !bytes.Equal(got, []byte{1, 0, 4, 0, 's', 'y', 'n', 'c'}) {
		t.Errorf("sync header % x", got)
	}
	if got := bytes.Join(GroupIovecs(GroupSync, []byte{9}), nil); !bytes.Equal(got, append(GroupHeader(GroupSync), 9)) {
		t.Errorf("iovecs % x", got)
	}
	g, body, err := ParseGroups(append(GroupHeader("x", "yz"), 5, 6), false)
	if err != nil || !reflect.DeepEqual(g, []string{"x", "yz"}) || !bytes.Equal(body, []byte{5, 6}) || !InGroup(g, "yz") || InGroup(g, "a") {
		t.Errorf("ParseGroups %q % x %v", g, body, err)
	}
	g, _, err = ParseGroups([]byte{0, 1, 0, 4, 's', 'y', 'n', 'c'}, true)
	if err != nil || len(g) != 1 || g[0] != "sync" {
		t.Errorf("swapped groups %q %v", g, err)
	}
	for _, b := range [][]byte{nil, {1}, {2, 0, 1, 0}, {1, 0, 5, 0, 'a'}} {
		if _, _, err := ParseGroups(b, false); !errors.Is(err, ErrCorrupt) {
			t.Errorf("ParseGroups(% x): %v", b, err)
		}
	}
}

func pkt(frag, cont uint8, blocks ...[]byte) []byte {
	return (&Packet{Fragmented: frag, Continuation: cont, Blocks: blocks}).Append(nil)
}

func TestReassemblerThrowAway(t *testing.T) {
	r := NewReassembler()
	// We join mid-message: continuation 3 with nothing buffered.
	out, err := r.Deliver(2, pkt(4, 3, []byte("mid"), []byte("whole"), []byte("start")), false)
	if !errors.Is(err, ErrThrowAway) || out != nil || !r.ThrowingAway(2) {
		t.Fatalf("mismatch: %q %v", out, err)
	}
	// Still throwing away: fragmented 5.
	if out, err = r.Deliver(2, pkt(5, 4, []byte("more")), false); !errors.Is(err, ErrThrowAway) || out != nil {
		t.Fatalf("throw-away: %q %v", out, err)
	}
	// A single continuation block with fragmented 1 is still garbage.
	if _, err = r.Deliver(2, pkt(1, 5, []byte("junk")), false); !errors.Is(err, ErrThrowAway) || !r.ThrowingAway(2) {
		t.Fatalf("single continued block ended throw-away: %v", err)
	}
	// fragmented 1 with a fresh tail ends it; the packet itself is dropped.
	out, err = r.Deliver(2, pkt(1, 1, []byte("end"), []byte("lost"), []byte("new-")), false)
	if !errors.Is(err, ErrThrowAway) || out != nil || r.ThrowingAway(2) {
		t.Fatalf("exit: %q %v", out, err)
	}
	out, err = r.Deliver(2, pkt(0, 1, []byte("msg"), []byte("next")), false)
	if err != nil || !reflect.DeepEqual(out, [][]byte{[]byte("new-msg"), []byte("next")}) {
		t.Fatalf("after exit: %q %v", out, err)
	}
	// Other senders are independent; Forget drops a partial message.
	r.Deliver(3, pkt(1, 0, []byte("half")), false)
	if !r.Pending(3) || r.Pending(2) {
		t.Error("pending state")
	}
	r.Forget(3)
	if out, err := r.Deliver(3, pkt(0, 1, []byte("rest")), false); !errors.Is(err, ErrThrowAway) || out != nil {
		t.Errorf("continuation after Forget: %q %v", out, err)
	}
	// That packet ended on a boundary, so the sender starts clean again.
	if r.ThrowingAway(3) || r.Pending(3) {
		t.Error("sender not reset by fragmented 0")
	}
	// fragmented 0 in throw-away mode resets the sender (packet dropped).
	r.Deliver(3, pkt(2, 7, []byte("z")), false)
	if _, err := r.Deliver(3, pkt(0, 0, []byte("x")), false); !errors.Is(err, ErrThrowAway) {
		t.Errorf("reset packet: %v", err)
	}
	if out, err := r.Deliver(3, pkt(0, 0, []byte("y")), false); err != nil || len(out) != 1 {
		t.Errorf("after reset: %q %v", out, err)
	}
	if _, err := r.Deliver(4, pkt(1, 0), false); !errors.Is(err, ErrCorrupt) {
		t.Errorf("fragmented without blocks: %v", err)
	}
}

func TestQueueSlots(t *testing.T) {
	if QueueSlots(0, DefaultNetMTU) != 1 || QueueSlots(1386, DefaultNetMTU) != 2 || QueueSlots(1385, DefaultNetMTU) != 1 {
		t.Error("QueueSlots")
	}
}
