package votequorumipc

import (
	"reflect"
	"testing"

	"github.com/gorosync/gorosync/cmap/cmapipc"
	"github.com/gorosync/gorosync/votequorum"
)

// Sizes and offsets as a real corosync 3.1.7 sends them (see doc.go).
func TestLayouts(t *testing.T) {
	in := Info{NodeID: 1, State: 1, Votes: 1, ExpectedVotes: 1, HighestExpected: 1, TotalVotes: 1, Quorum: 1, Flags: 2}
	if b := in.Encode(); len(b) != 296 || le.Uint32(b[28:]) != 2 {
		t.Errorf("getinfo %d bytes", len(b))
	}
	if b := (Nodelist{Context: 0x99, Ring: RingID{1, 5}, Members: []uint32{1}}).Encode(); len(b) != 36 || le.Uint64(b[16:]) != 5 || le.Uint32(b[28:]) != 1 {
		t.Errorf("nodelist %x", b)
	}
	if b := (QuorumNotification{Quorate: true, Context: 0x99, Nodes: []NodeState{{1, 1}}}).Encode(); len(b) != 32 || le.Uint64(b[8:]) != 0x99 || le.Uint32(b[24:]) != 1 {
		t.Errorf("quorum notification %x", b)
	}
	if b := (ExpectedVotes{Context: 0x99, Expected: 2}).Encode(); len(b) != 16 || le.Uint32(b[8:]) != 2 {
		t.Errorf("expected votes %x", b)
	}
	for id, n := range map[int32]int{ReqQdeviceRegister: 256, ReqQdeviceUpdate: 512, ReqQdevicePoll: 264} {
		if b := EncodeQdevice(id, QdeviceRequest{Name: "x"}); len(b) != n {
			t.Errorf("qdevice %d: %d bytes, want %d", id, len(b), n)
		}
	}
}

func TestCodeOf(t *testing.T) {
	for err, want := range map[error]cmapipc.CSError{
		nil: cmapipc.OK, votequorum.ErrNotExist: cmapipc.ErrNotExist, votequorum.ErrNameNotFound: cmapipc.ErrNameNotFound,
		votequorum.ErrInvalidParam: cmapipc.ErrInvalidParam, cmapipc.ErrBusy: cmapipc.ErrBusy,
	} {
		if got := CodeOf(err); got != want {
			t.Errorf("CodeOf(%v) = %v, want %v", err, got, want)
		}
	}
}

type backend struct {
	State
	expected uint32
}

func (b *backend) GetInfo(id uint32) (Info, error) {
	if id != 0 && id != 1 {
		return Info{}, votequorum.ErrNotExist
	}
	return Info{NodeID: 1, Votes: 1, ExpectedVotes: b.expected}, nil
}
func (b *backend) SetExpected(v uint32) error {
	if v == 0 {
		return votequorum.ErrInvalidParam
	}
	b.expected = v
	return nil
}
func (b *backend) SetVotes(id, v uint32) error {
	if id > 1 {
		return votequorum.ErrNameNotFound
	}
	return nil
}
func (b *backend) VoteState() State { return b.State }

type sink struct{ ids []int32 }

func (s *sink) SendEvent(id, code int32, body []byte) error {
	var err error
	switch id {
	case ResQuorumNotification:
		_, err = DecodeQuorumNotification(body)
	case ResNodelist:
		_, err = DecodeNodelist(body)
	case ResExpectedVotes:
		_, err = DecodeExpectedVotes(body)
	default:
		panic("unexpected event id")
	}
	if err != nil {
		panic(err)
	}
	s.ids = append(s.ids, id)
	return nil
}

func newBackend() *backend {
	return &backend{State: State{Quorate: true, Ring: RingID{1, 5}, Members: []uint32{1}, Nodes: []NodeState{{1, NodeMember}}}, expected: 1}
}

// Requests and tracking answered as corosync 3.1.7 does.
func TestService(t *testing.T) {
	s := NewService(newBackend())
	ev := &sink{}
	st := &connState{ev: ev}
	check := func(what string, id int32, body []byte, wantID int32, want cmapipc.CSError) {
		t.Helper()
		if r := s.dispatch(st, id, body); r.ID != wantID || r.Error != int32(want) {
			t.Errorf("%s: id %d %v, want %d %v", what, r.ID, cmapipc.CSError(r.Error), wantID, want)
		}
	}
	check("getinfo 0", ReqGetInfo, EncodeNodeID(0), ResGetInfo, cmapipc.OK)
	check("getinfo 7", ReqGetInfo, EncodeNodeID(7), ResGetInfo, cmapipc.ErrNotExist)
	check("setexpected 0", ReqSetExpected, EncodeNodeID(0), ResStatus, cmapipc.ErrInvalidParam)
	check("setvotes node 9", ReqSetVotes, SetVotes{1, 9}.Encode(), ResStatus, cmapipc.ErrNameNotFound)
	check("trackstop idle", ReqTrackStop, nil, ResStatus, cmapipc.ErrNotExist)
	check("trackstart", ReqTrackStart, TrackStart{7, TrackChanges}.Encode(), ResStatus, cmapipc.OK)
	check("trackstart again", ReqTrackStart, TrackStart{7, TrackChanges}.Encode(), ResStatus, cmapipc.OK)
	s.ExpectedChanged(3)
	s.Changed(true)
	check("trackstop", ReqTrackStop, nil, ResStatus, cmapipc.OK)
	s.Changed(false)
	check("qdevice", ReqQdeviceRegister, EncodeQdevice(ReqQdeviceRegister, QdeviceRequest{Name: "q"}), ResStatus, cmapipc.ErrNotSupported)
	check("unknown", 12, nil, 0, cmapipc.ErrInvalidParam)
	want := []int32{ResNodelist, ResQuorumNotification, ResNodelist, ResQuorumNotification, ResExpectedVotes, ResNodelist, ResQuorumNotification}
	if !reflect.DeepEqual(ev.ids, want) {
		t.Errorf("events %v, want %v", ev.ids, want)
	}
}

func FuzzDecoders(f *testing.F) {
	f.Add(Info{NodeID: 1, QdeviceName: "qd"}.Encode())
	f.Add(Nodelist{Context: 1, Ring: RingID{1, 5}, Members: []uint32{1, 2}}.Encode())
	f.Add(QuorumNotification{Quorate: true, Nodes: []NodeState{{1, 1}}}.Encode())
	f.Add(EncodeQdevice(ReqQdeviceUpdate, QdeviceRequest{Name: "a", NewName: "b"}))
	f.Fuzz(func(t *testing.T, b []byte) {
		// A name filling all 255 bytes has no NUL; encoding cuts it.
		if in, err := DecodeInfo(b); err == nil && len(in.QdeviceName) < QdeviceNameLen {
			if got, err := DecodeInfo(in.Encode()); err != nil || got != in {
				t.Fatalf("info round trip %+v %v", got, err)
			}
		}
		if n, err := DecodeNodelist(b); err == nil {
			if got, err := DecodeNodelist(n.Encode()); err != nil || !reflect.DeepEqual(got, n) {
				t.Fatalf("nodelist round trip %+v %v", got, err)
			}
		}
		if n, err := DecodeQuorumNotification(b); err == nil {
			if got, err := DecodeQuorumNotification(n.Encode()); err != nil || !reflect.DeepEqual(got, n) {
				t.Fatalf("quorum round trip %+v %v", got, err)
			}
		}
		DecodeExpectedVotes(b)
		DecodeSetVotes(b)
		DecodeTrackStart(b)
		for id := ReqQdeviceRegister; id <= ReqQdeviceMasterWins; id++ {
			DecodeQdevice(id, b)
		}
	})
}

func FuzzServiceRequest(f *testing.F) {
	for id := int32(0); id <= 10; id++ {
		f.Add(id, TrackStart{1, TrackChanges | TrackCurrent}.Encode())
	}
	f.Fuzz(func(t *testing.T, id int32, body []byte) {
		s := NewService(newBackend())
		st := &connState{ev: &sink{}}
		r := s.dispatch(st, id, body)
		if r.ID != ResStatus && r.ID != ResGetInfo {
			t.Fatalf("response id %d", r.ID)
		}
		if r.ID == ResGetInfo && len(r.Body) != getInfoLen {
			t.Fatalf("getinfo body of %d bytes", len(r.Body))
		}
		s.Changed(true)
		s.ExpectedChanged(2)
	})
}
