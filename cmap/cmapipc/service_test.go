package cmapipc

import (
	"errors"
	"testing"
	"time"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/qbipc"
)

func dialTest(t *testing.T, srv *qbipc.Server, which int32) *Client {
	t.Helper()
	cl, err := DialMap(srv.Name(), which)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Close() })
	return cl
}

func TestClientServerRoundTrip(t *testing.T) {
	m, stats := testMaps(t)
	srv := serve(t, "", NewService(m, stats), nil)
	cl := dialTest(t, srv, MapDefault)

	snap, err := cl.Snapshot("")
	if err != nil {
		t.Fatal(err)
	}
	for _, opt := range []cmap.PrintOptions{{}, {Binary: true}} {
		if got, want := dump(t, snap, opt), dump(t, m, opt); got != want {
			t.Errorf("snapshot differs (opt %+v):\n%s\nwant\n%s", opt, got, want)
		}
	}
	want, _ := m.Get("totem.cluster_name")
	if v, err := cl.Get("totem.cluster_name"); err != nil || v != want || v.Str() == "" {
		t.Errorf("get: %v %v, want %v", v, err, want)
	}
	if _, err := cl.Get("no.such.key"); !errors.Is(err, ErrNotExist) {
		t.Errorf("missing key: %v", err)
	}
	if err := cl.Set("totem.cluster_name", cmap.Str("x")); !errors.Is(err, ErrAccess) {
		t.Errorf("read-only set: %v", err)
	}
	if err := cl.Set("nodelist.bad key", cmap.U8(1)); !errors.Is(err, ErrAccess) {
		t.Errorf("read-only comes before the name check: %v", err)
	}
	if err := cl.Set("a b", cmap.U8(1)); !errors.Is(err, ErrNameTooLong) {
		t.Errorf("bad name: %v", err)
	}
	big := make([]byte, cmap.MaxValueLen)
	for i := range big {
		big[i] = byte(i)
	}
	for _, v := range []cmap.Value{cmap.U32(5), cmap.Str(""), cmap.Bin(nil), cmap.Bin(big), cmap.Dbl(-1.5), cmap.I8(-3)} {
		if err := cl.Set("test.rt", v); err != nil {
			t.Fatalf("set %v: %v", v, err)
		}
		if got, _ := m.Get("test.rt"); got != v {
			t.Errorf("map holds %v, want %v", got, v)
		}
		if got, err := cl.Get("test.rt"); err != nil || got != v {
			t.Errorf("get back %v %v, want %v", got, err, v)
		}
	}
	if err := cl.Set("test.rt", cmap.Bin(append(big, 0))); !errors.Is(err, ErrInvalidParam) {
		t.Errorf("too long: %v", err)
	}
	if err := cl.Set("test.n", cmap.U16(65535)); err != nil {
		t.Fatal(err)
	}
	if err := cl.AdjustInt("test.n", 2); err != nil {
		t.Fatal(err)
	}
	if v, _ := m.Get("test.n"); v != cmap.U16(1) {
		t.Errorf("adjust wrapped to %v", v)
	}
	if err := cl.AdjustInt("test.v.str", 1); !errors.Is(err, ErrInvalidParam) {
		t.Errorf("adjust str: %v", err)
	}
	if err := cl.Delete("test.n"); err != nil {
		t.Fatal(err)
	}
	if err := cl.Delete("test.n"); !errors.Is(err, ErrNotExist) {
		t.Errorf("second delete: %v", err)
	}
	keys, err := cl.Keys("runtime.members.")
	if err != nil || len(keys) != len(m.Keys("runtime.members.")) {
		t.Fatalf("keys %v %v", keys, err)
	}
	if _, err := cl.IterNext(12345); !errors.Is(err, ErrBadHandle) {
		t.Errorf("bad iter handle: %v", err)
	}
	if _, err := cl.TrackDelete(12345); !errors.Is(err, ErrBadHandle) {
		t.Errorf("bad track handle: %v", err)
	}

	st := dialTest(t, srv, MapStats)
	ssnap, err := st.Snapshot("")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := dump(t, ssnap, cmap.PrintOptions{}), dump(t, stats, cmap.PrintOptions{}); got != want {
		t.Errorf("stats snapshot differs")
	}
	if err := st.Set("stats.ipcs.global.active", cmap.U64(9)); !errors.Is(err, ErrAccess) {
		t.Errorf("stats set: %v", err)
	}
	if err := st.SetCurrentMap(7); !errors.Is(err, ErrNotExist) {
		t.Errorf("unknown map: %v", err)
	}
	if _, err := cl.call(42, -99, nil); !errors.Is(err, ErrInvalidParam) {
		t.Errorf("unknown request: %v", err)
	}
}

func TestTracking(t *testing.T) {
	m, stats := testMaps(t)
	srv := serve(t, "", NewService(m, stats), nil)
	cl := dialTest(t, srv, MapDefault)
	h, inst, err := cl.Track("test.t.", cmap.TrackAdd|cmap.TrackDelete|cmap.TrackModify|cmap.TrackPrefix)
	if err != nil {
		t.Fatal(err)
	}
	m.Set("test.t.a", cmap.U32(1))
	m.Set("test.t.a", cmap.Str("two"))
	m.Set("test.other", cmap.U8(1)) // not tracked
	m.Delete("test.t.a")
	want := []Notification{
		{Inst: inst, Key: "test.t.a", Event: cmap.TrackAdd, New: cmap.U32(1)},
		{Inst: inst, Key: "test.t.a", Event: cmap.TrackModify, New: cmap.Str("two"), Old: cmap.U32(1)},
		{Inst: inst, Key: "test.t.a", Event: cmap.TrackDelete, Old: cmap.Str("two")},
	}
	for i, w := range want {
		n, err := cl.Notification(5 * time.Second)
		if err != nil || n != w {
			t.Fatalf("notification %d: %+v %v, want %+v", i, n, err, w)
		}
	}
	if got, err := cl.TrackDelete(h); err != nil || got != inst {
		t.Fatalf("track delete: %d %v", got, err)
	}
	m.Set("test.t.b", cmap.U8(1))
	if n, err := cl.Notification(50 * time.Millisecond); !errors.Is(err, qbipc.ErrTimeout) {
		t.Errorf("notification after delete: %+v %v", n, err)
	}
	if _, _, err := cl.Track("x.y", cmap.Event(64)); !errors.Is(err, ErrInvalidParam) {
		t.Errorf("bad mask: %v", err)
	}
}

// A client's trackers go away with it.
func TestTrackersRemovedOnDisconnect(t *testing.T) {
	m, stats := testMaps(t)
	closed := make(chan struct{})
	s := NewService(m, stats)
	srv, err := ListenName("grcm-close-"+t.Name(), s, qbipc.Options{Closed: func(*qbipc.ServerConn) { close(closed) }})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cl, err := DialMap(srv.Name(), MapDefault)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := cl.Track("", cmap.TrackAdd|cmap.TrackPrefix); err != nil {
		t.Fatal(err)
	}
	cl.Close()
	<-closed
	sc := len(srv.Conns())
	m.Set("test.after", cmap.U8(1)) // must not reach a dead connection
	if sc != 0 {
		t.Errorf("%d connections left", sc)
	}
}
