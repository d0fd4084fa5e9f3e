package quorumipc

import (
	"reflect"
	"testing"

	"github.com/gorosync/gorosync/cmap/cmapipc"
)

// Sizes and offsets as a real corosync 3.1.7 sends them (see doc.go).
func TestLayouts(t *testing.T) {
	n := Notification{Quorate: true, Ring: RingID{NodeID: 1, Seq: 5}, Members: []uint32{1}}
	if b := n.EncodeV0(); len(b) != 28 || le.Uint64(b[8:]) != 5 || le.Uint32(b[16:]) != 1 || le.Uint32(b[20:]) != 1 {
		t.Errorf("v0 notification %x", b)
	}
	if b := n.EncodeV1(); len(b) != 36 || le.Uint32(b[8:]) != 1 || le.Uint64(b[16:]) != 5 || le.Uint32(b[28:]) != 1 {
		t.Errorf("v1 notification %x", b)
	}
	nl := Nodelist{Ring: RingID{1, 5}, Members: []uint32{1}}
	if b := nl.Encode(); len(b) != 44 || le.Uint32(b[16:]) != 1 || le.Uint32(b[36:]) != 1 {
		t.Errorf("nodelist %x", b)
	}
}

func TestRoundTrip(t *testing.T) {
	n := Notification{Quorate: true, Ring: RingID{NodeID: 3, Seq: 0x1234567890}, Members: []uint32{3, 1, 2}}
	v1, err := DecodeV1(n.EncodeV1())
	if err != nil || !reflect.DeepEqual(v1, n) {
		t.Errorf("v1: %+v %v", v1, err)
	}
	v0, err := DecodeV0(n.EncodeV0())
	if n.Ring.NodeID = 0; err != nil || !reflect.DeepEqual(v0, n) {
		t.Errorf("v0: %+v %v", v0, err)
	}
	nl := Nodelist{Ring: RingID{2, 9}, Members: []uint32{1, 2}, Joined: []uint32{2}, Left: []uint32{3}}
	got, err := DecodeNodelist(nl.Encode())
	if err != nil || !reflect.DeepEqual(got, nl) {
		t.Errorf("nodelist: %+v %v", got, err)
	}
	if _, err := DecodeV0(EncodeU32(1)); err == nil {
		t.Error("short v0 accepted")
	}
	bad := n.EncodeV0()
	le.PutUint32(bad[16:], 1000)
	if _, err := DecodeV0(bad); err == nil {
		t.Error("overlong list accepted")
	}
}

type staticProvider State

func (p staticProvider) QuorumType() uint32 { return TypeSet }
func (p staticProvider) QuorumState() State { return State(p) }

type sink struct{ ids []int32 }

func (s *sink) SendEvent(id, code int32, body []byte) error {
	var err error
	switch id {
	case ResNotification:
		_, err = DecodeV0(body)
	case ResQuorumNotification:
		_, err = DecodeV1(body)
	case ResNodelistNotify:
		_, err = DecodeNodelist(body)
	default:
		panic("unexpected event id")
	}
	if err != nil || cmapipc.CSError(code) != cmapipc.OK {
		panic("bad event")
	}
	s.ids = append(s.ids, id)
	return nil
}

// Tracking as corosync 3.1.7 does it: CURRENT sends the state once,
// CHANGES registers (a second time CS_ERR_EXIST), model 1 adds the
// nodelist notification first.
func TestTracking(t *testing.T) {
	s := NewService(staticProvider{Quorate: true, Ring: RingID{1, 5}, Members: []uint32{1}})
	ev := &sink{}
	st := s.newConn(ev)
	if r := s.dispatch(st, ReqTrackStart, EncodeU32(TrackCurrent)); r.ID != ResTrackStart || r.Error != int32(cmapipc.OK) {
		t.Fatalf("trackstart: %+v", r)
	}
	s.Changed()
	if !reflect.DeepEqual(ev.ids, []int32{ResNotification}) {
		t.Fatalf("events %v", ev.ids)
	}
	if r := s.dispatch(st, ReqModelGetType, EncodeU32(ModelV1)); r.ID != ResModelGetType || r.Error != int32(cmapipc.OK) {
		t.Fatalf("model: %+v", r)
	}
	if r := s.dispatch(st, ReqModelGetType, EncodeU32(7)); r.Error != int32(cmapipc.ErrInvalidParam) {
		t.Fatalf("model 7: %+v", r)
	}
	ev.ids = nil
	s.dispatch(st, ReqTrackStart, EncodeU32(TrackChanges))
	if r := s.dispatch(st, ReqTrackStart, EncodeU32(TrackChanges)); r.Error != int32(cmapipc.ErrExist) {
		t.Fatalf("second trackstart: %+v", r)
	}
	s.NodelistChanged([]uint32{1}, nil)
	s.Changed()
	s.dispatch(st, ReqTrackStop, nil)
	s.Changed()
	want := []int32{ResNodelistNotify, ResQuorumNotification, ResNodelistNotify, ResQuorumNotification}
	if !reflect.DeepEqual(ev.ids, want) {
		t.Fatalf("events %v, want %v", ev.ids, want)
	}
	if r := s.dispatch(st, 9, nil); r.ID != 0 || r.Error != int32(cmapipc.ErrInvalidParam) {
		t.Fatalf("unknown id: %+v", r)
	}
}

func FuzzDecoders(f *testing.F) {
	n := Notification{Quorate: true, Ring: RingID{1, 5}, Members: []uint32{1, 2}}
	f.Add(n.EncodeV0())
	f.Add(n.EncodeV1())
	f.Add(Nodelist{Ring: RingID{1, 5}, Members: []uint32{1}, Left: []uint32{2}}.Encode())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		if n, err := DecodeV0(b); err == nil && len(n.EncodeV0()) > len(b)+4 {
			t.Fatalf("v0 grew: %d from %d", len(n.EncodeV0()), len(b))
		}
		if n, err := DecodeV1(b); err == nil {
			if m, err := DecodeV1(n.EncodeV1()); err != nil || !reflect.DeepEqual(m, n) {
				t.Fatalf("v1 round trip: %+v %v", m, err)
			}
		}
		if n, err := DecodeNodelist(b); err == nil {
			if m, err := DecodeNodelist(n.Encode()); err != nil || !reflect.DeepEqual(m, n) {
				t.Fatalf("nodelist round trip: %+v %v", m, err)
			}
		}
	})
}

// Any request: no panic, a known response id, well-formed events.
func FuzzServiceRequest(f *testing.F) {
	for _, id := range []int32{ReqGetQuorate, ReqTrackStart, ReqTrackStop, ReqGetType, ReqModelGetType, 42} {
		f.Add(id, EncodeU32(1), EncodeU32(TrackChanges))
	}
	f.Fuzz(func(t *testing.T, id int32, body, second []byte) {
		s := NewService(staticProvider{Quorate: true, Ring: RingID{1, 5}, Members: []uint32{1, 2}})
		st := s.newConn(&sink{})
		for _, b := range [][]byte{body, second} {
			r := s.dispatch(st, id, b)
			if r.ID < 0 || r.ID > ResModelGetType {
				t.Fatalf("response id %d", r.ID)
			}
			s.Changed()
			s.NodelistChanged(nil, nil)
		}
	})
}
