package cmap

import (
	"errors"
	"slices"
	"testing"
)

type rec struct {
	ev         Event
	key        string
	newV, oldV Value
}

func recorder(m *Map, t *testing.T, key string, mask Event) (*Track, *[]rec) {
	t.Helper()
	var got []rec
	tr, err := m.TrackAdd(key, mask, func(ev Event, k string, n, o Value) {
		got = append(got, rec{ev, k, n, o})
	})
	if err != nil {
		t.Fatal(err)
	}
	return tr, &got
}

func TestTrackEventNumbers(t *testing.T) {
	// include/corosync/cmap.h: ADD 4, DELETE 1, MODIFY 2, PREFIX 8
	if TrackAdd != 4 || TrackDelete != 1 || TrackModify != 2 || TrackPrefix != 8 {
		t.Fatal("CMAP_TRACK_* numbers changed")
	}
	for ev, s := range map[Event]string{TrackAdd: "create", TrackDelete: "delete", TrackModify: "modify", 99: "unknown change"} {
		if ev.String() != s {
			t.Errorf("%d: %q", ev, ev.String())
		}
	}
}

// The sequence mirrors what corosync-cmapctl -T test.t showed on 3.1.7.
func TestTrackSequenceLikeCorosync(t *testing.T) {
	m := New()
	must(t, m.Set("test.t1", U32(1)))
	must(t, m.Set("test.t0", U32(1)))
	_, got := recorder(m, t, "test.t", TrackAdd|TrackDelete|TrackModify|TrackPrefix)
	_, exact := recorder(m, t, "test.t1", TrackAdd|TrackDelete|TrackModify)
	must(t, m.Set("test.t1", U32(1))) // identical: nothing
	must(t, m.Set("test.t1", U32(2)))
	must(t, m.Set("test.t1", U8(2))) // same number, other type: modify
	must(t, m.Set("test.t1", U32(2)))
	must(t, m.Set("test.t2", Str("a")))
	must(t, m.Set("test.t2", Str("a")))
	must(t, m.Set("test.t2", Str("ab")))
	must(t, m.Set("test.t3", Bin([]byte{0, 1})))
	must(t, m.Set("test.t3", Bin([]byte{0, 1})))
	must(t, m.Set("other.x", U8(1))) // not under the prefix
	must(t, m.Delete("test.t0"))
	if n := m.DeletePrefix("test.t"); n != 3 {
		t.Fatalf("DeletePrefix = %d", n)
	}
	want := []rec{
		{TrackModify, "test.t1", U32(2), U32(1)},
		{TrackModify, "test.t1", U8(2), U32(2)},
		{TrackModify, "test.t1", U32(2), U8(2)},
		{TrackAdd, "test.t2", Str("a"), Value{}},
		{TrackModify, "test.t2", Str("ab"), Str("a")},
		{TrackAdd, "test.t3", Bin([]byte{0, 1}), Value{}},
		{TrackDelete, "test.t0", Value{}, U32(1)},
		{TrackDelete, "test.t1", Value{}, U32(2)},
		{TrackDelete, "test.t2", Value{}, Str("ab")},
		{TrackDelete, "test.t3", Value{}, Bin([]byte{0, 1})},
	}
	if !slices.Equal(*got, want) {
		t.Errorf("prefix tracker:\n got  %v\n want %v", *got, want)
	}
	wantExact := []rec{want[0], want[1], want[2], want[7]}
	if !slices.Equal(*exact, wantExact) {
		t.Errorf("exact tracker:\n got  %v\n want %v", *exact, wantExact)
	}
}

func TestTrackMasks(t *testing.T) {
	for _, c := range []struct {
		name string
		mask Event
		want []Event
	}{
		{"add", TrackAdd, []Event{TrackAdd}},
		{"modify", TrackModify, []Event{TrackModify}},
		{"delete", TrackDelete, []Event{TrackDelete}},
		{"add+delete", TrackAdd | TrackDelete, []Event{TrackAdd, TrackDelete}},
		{"all", TrackAdd | TrackModify | TrackDelete, []Event{TrackAdd, TrackModify, TrackDelete}},
		{"none", 0, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := New()
			_, got := recorder(m, t, "a.key", c.mask)
			must(t, m.Set("a.key", I8(1)))
			must(t, m.Set("a.key", I8(2)))
			must(t, m.Delete("a.key"))
			var evs []Event
			for _, r := range *got {
				evs = append(evs, r.ev)
			}
			if !slices.Equal(evs, c.want) {
				t.Errorf("got %v want %v", evs, c.want)
			}
		})
	}
}

func TestTrackPrefixScope(t *testing.T) {
	m := New()
	_, all := recorder(m, t, "", TrackAdd|TrackPrefix)
	_, exactEmpty := recorder(m, t, "", TrackAdd)
	_, pre := recorder(m, t, "ab.", TrackAdd|TrackPrefix)
	_, exact := recorder(m, t, "ab.", TrackAdd) // exact key "ab." only
	for _, k := range []string{"ab.", "ab.c", "abc", "zz.top"} {
		must(t, m.Set(k, U8(1)))
	}
	keys := func(rs []rec) (ks []string) {
		for _, r := range rs {
			ks = append(ks, r.key)
		}
		return
	}
	if g := keys(*all); !slices.Equal(g, []string{"ab.", "ab.c", "abc", "zz.top"}) {
		t.Errorf("empty prefix: %v", g)
	}
	if len(*exactEmpty) != 0 {
		t.Errorf("exact tracker on empty key fired: %v", *exactEmpty)
	}
	if g := keys(*pre); !slices.Equal(g, []string{"ab.", "ab.c"}) {
		t.Errorf("prefix ab.: %v", g)
	}
	if g := keys(*exact); !slices.Equal(g, []string{"ab."}) {
		t.Errorf("exact ab.: %v", g)
	}
}

func TestTrackAddErrors(t *testing.T) {
	m := New()
	if _, err := m.TrackAdd("a.b", TrackAdd, nil); !errors.Is(err, ErrInvalidParam) {
		t.Errorf("nil fn: %v", err)
	}
	if _, err := m.TrackAdd("a.b", 16, func(Event, string, Value, Value) {}); !errors.Is(err, ErrInvalidParam) {
		t.Errorf("bad mask: %v", err)
	}
}

func TestTrackRemove(t *testing.T) {
	m := New()
	tr, got := recorder(m, t, "a.b", TrackAdd|TrackModify)
	must(t, m.Set("a.b", U8(1)))
	must(t, tr.Remove())
	must(t, m.Set("a.b", U8(2)))
	if len(*got) != 1 {
		t.Errorf("events after Remove: %v", *got)
	}
	if err := tr.Remove(); !errors.Is(err, ErrNotExist) {
		t.Errorf("second Remove: %v", err)
	}
	if tr.Key() != "a.b" || tr.Mask() != TrackAdd|TrackModify {
		t.Error("Key/Mask")
	}
}

// A callback may read and write the map (no lock is held) and may remove
// another tracker, which then is not called for the same change.
func TestTrackCallbackReentrant(t *testing.T) {
	m := New()
	var second *Track
	var secondCalls, firstCalls int
	_, err := m.TrackAdd("cnt.", TrackAdd|TrackModify|TrackPrefix, func(ev Event, k string, n, o Value) {
		firstCalls++
		if v, ok := m.Get(k); !ok || v != n {
			t.Errorf("Get in callback: %v %v", v, ok)
		}
		_ = m.Keys("")
		if k == "cnt.a" {
			must(t, m.Set("cnt.b", U32(n.u32()+1))) // nested change: nested events
		}
		if second != nil {
			must(t, second.Remove())
			second = nil
		}
	})
	must(t, err)
	second, err = m.TrackAdd("cnt.", TrackAdd|TrackModify|TrackPrefix, func(Event, string, Value, Value) { secondCalls++ })
	must(t, err)
	must(t, m.Set("cnt.a", U32(1)))
	if v, _ := m.Get("cnt.b"); v != U32(2) {
		t.Errorf("cnt.b = %v", v)
	}
	if firstCalls != 2 || secondCalls != 0 {
		t.Errorf("first %d second %d", firstCalls, secondCalls)
	}
}

func (v Value) u32() uint32 { return uint32(v.u) }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
