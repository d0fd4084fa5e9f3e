package cmapipc

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/qbipc"
)

// sink collects the events a fuzzed connection would send.
type sink struct{ n int }

func (s *sink) SendEvent(id, code int32, body []byte) error {
	if id != ResNotifyCallback || CSError(code) != OK {
		panic("unexpected event header")
	}
	if _, err := DecodeNotification(body); err != nil {
		panic("undecodable notification: " + err.Error())
	}
	s.n++
	return nil
}

func seedBodies(f *testing.F) {
	enc := func(b []byte, err error) []byte {
		if err != nil {
			f.Fatal(err)
		}
		return b
	}
	f.Add(ReqSet, enc(SetRequest{Key: "test.a", Type: cmap.Uint32, Value: []byte{1, 0, 0, 0}}.Encode()))
	f.Add(ReqSet, enc(SetRequest{Key: "totem.cluster_name", Type: cmap.String, Value: []byte("x\x00")}.Encode()))
	f.Add(ReqGet, enc(GetRequest{Key: "test.v.str", ValueLen: 0}.Encode()))
	f.Add(ReqGet, enc(GetRequest{Key: "test.v.str", ValueLen: 5}.Encode()))
	f.Add(ReqDelete, enc(KeyRequest{Key: "test.v.u3"}.Encode()))
	f.Add(ReqAdjustInt, enc(AdjustRequest{Key: "test.v.u3", Step: -1}.Encode()))
	f.Add(ReqIterInit, enc(KeyRequest{Key: "test."}.Encode()))
	f.Add(ReqIterNext, encodeHandle(1))
	f.Add(ReqTrackAdd, enc(TrackRequest{Key: "test.", Mask: cmap.TrackAdd | cmap.TrackModify | cmap.TrackPrefix, Inst: 3}.Encode()))
	f.Add(ReqTrackDelete, encodeHandle(0))
	f.Add(ReqSetCurrentMap, encodeMap(MapStats))
	f.Add(int32(42), []byte{})
}

// Any request body: no panic, a response of the right id, sized within
// the connection's limit; the map stays valid.
func FuzzServiceRequest(f *testing.F) {
	seedBodies(f)
	m, stats := testMaps(f)
	s := NewService(m, stats)
	f.Fuzz(func(t *testing.T, id int32, body []byte) {
		st := s.newConnState()
		defer st.close()
		ev := &sink{}
		r := s.dispatch(st, qbipc.DefaultMaxMsgSize, ev, id, body)
		if qbipc.ResponseHeaderSize+len(r.Body) > qbipc.DefaultMaxMsgSize {
			t.Fatalf("response of %d bytes", len(r.Body))
		}
		want := id
		switch {
		case id == ReqSetCurrentMap:
			want = ResSetCurrentMap
		case id < 0 || id > ReqSetCurrentMap:
			want = 0
		}
		if r.ID != want {
			t.Fatalf("request %d answered with id %d", id, r.ID)
		}
		// A tracker added by the body sees a change without trouble.
		m.Set("test.fuzz.key", cmap.U8(uint8(len(body))))
		for k := range m.All("") {
			if cmap.CheckKeyName(k) != nil {
				t.Fatalf("invalid key %q stored", k)
			}
		}
	})
}

// The decoders never panic, and what they accept re-encodes to itself.
func FuzzDecoders(f *testing.F) {
	seedBodies(f)
	n := Notification{Inst: 7, Key: "a.b.c", Event: cmap.TrackModify, New: cmap.Str("x"), Old: cmap.U32(9)}
	f.Add(ResNotifyCallback, n.encode())
	f.Add(int32(-1), KeyInfo{Key: "k.e.y", Len: 4, Type: cmap.Uint32}.encode())
	f.Fuzz(func(t *testing.T, _ int32, b []byte) {
		if r, ok, err := DecodeSet(b); err == nil && ok && len(r.Key) <= maxKeyOnTheWire {
			again, err := r.Encode()
			if err != nil {
				t.Fatal(err)
			}
			back, ok2, err := DecodeSet(again)
			if err != nil || !ok2 || back.Key != r.Key || back.Type != r.Type || !bytes.Equal(back.Value, r.Value) {
				t.Fatalf("set round trip: %+v %v, want %+v", back, err, r)
			}
		}
		DecodeKey(b)
		DecodeGet(b)
		DecodeAdjust(b)
		DecodeTrack(b)
		DecodeKeyInfo(b)
		if r, err := DecodeGetResponse(b); err == nil && !r.Truncated && r.Value != nil && uint64(len(r.Value)) != r.ValueLen {
			t.Fatalf("get response value of %d bytes, value_len %d", len(r.Value), r.ValueLen)
		}
		if n, err := DecodeNotification(b); err == nil {
			back, err := DecodeNotification(n.encode())
			if err != nil || back != n {
				t.Fatalf("notification round trip: %+v %v, want %+v", back, err, n)
			}
		}
		decodeMap(b)
		decodeHandle(b)
	})
}

func TestMessageLayouts(t *testing.T) {
	// Sizes seen on the wire from the real libcmap (strace of
	// corosync-cmapctl): GET request 288, TRACK_ADD 296, SET_CURRENT_MAP 24,
	// GET response for "scratch" 48, ITER_NEXT response 304.
	get, _ := GetRequest{Key: "totem.cluster_name"}.Encode()
	track, _ := TrackRequest{Key: "totem.foo", Mask: 7}.Encode()
	for _, c := range []struct {
		name      string
		body, hdr int
		want      int
	}{
		{"get", len(get), qbipc.RequestHeaderSize, 288},
		{"track_add", len(track), qbipc.RequestHeaderSize, 296},
		{"set_current_map", len(encodeMap(0)), qbipc.RequestHeaderSize, 24},
		{"get response", len(encodeGet(GetResponse{ValueLen: 8, Type: cmap.String}, 8)), qbipc.ResponseHeaderSize, 48},
		{"iter_next response", len(KeyInfo{}.encode()), qbipc.ResponseHeaderSize, 304},
		{"notification", notifyFixed, qbipc.ResponseHeaderSize, 336},
	} {
		if got := c.hdr + c.body; got != c.want {
			t.Errorf("%s: %d bytes, want %d", c.name, got, c.want)
		}
	}
	if binary.LittleEndian.Uint16(get) != 18 || string(get[8:26]) != "totem.cluster_name" || get[26] != 0 {
		t.Errorf("mar_name_t layout: %x", get[:32])
	}
	if _, err := (GetRequest{Key: string(make([]byte, 256))}).Encode(); err == nil {
		t.Error("a 256-byte key has no room for its NUL")
	}
}

func TestAccessCheck(t *testing.T) {
	m := cmap.New()
	m.Set("uidgid.uid.1000", cmap.U8(1))
	m.Set("uidgid.config.gid.50", cmap.U8(1))
	m.Set("uidgid.uid.1001", cmap.U8(2))
	m.Set("uidgid.uid.1002", cmap.U32(1))
	check := AccessCheck(m)
	for _, c := range []struct {
		uid, gid uint32
		ok       bool
	}{{0, 1000, true}, {1000, 0, true}, {1000, 1000, true}, {2000, 50, true},
		{1001, 1001, false}, {1002, 1002, false}, {3000, 3000, false}} {
		err := check(qbipc.Creds{UID: c.uid, GID: c.gid})
		if (err == nil) != c.ok {
			t.Errorf("uid %d gid %d: %v", c.uid, c.gid, err)
		}
	}
}
