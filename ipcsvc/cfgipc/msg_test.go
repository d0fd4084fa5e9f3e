package cfgipc

import (
	"net/netip"
	"reflect"
	"testing"
	"time"

	"github.com/gorosync/gorosync/cmap/cmapipc"
)

// Sizes and offsets as a real corosync 3.1.7 sends them (see doc.go).
func TestLayouts(t *testing.T) {
	ns := NodeStatus{NodeID: 1, Reachable: true}
	ns.Links[0] = LinkStatus{Enabled: true, Connected: true, MTU: 1410, Src: "10.231.45.1"}
	b := ns.Encode()
	if len(b) != 4176 || b[16] != 1 || b[17] != 1 || le.Uint32(b[20:]) != 1410 || string(b[24:35]) != "10.231.45.1" {
		t.Errorf("node status %x", b[:40])
	}
	if b := EncodeNodeAddrs([]netip.Addr{netip.MustParseAddr("10.231.45.1")}); len(b) != 24 || le.Uint32(b) != 2 || le.Uint32(b[4:]) != 1 || b[8] != 10 {
		t.Errorf("node addrs %x", b)
	}
	if b := EncodeRingStatus([]Ring{{"0 10.0.0.1", "OK"}}); len(b) != 10248 || string(b[8:18]) != "0 10.0.0.1" || string(b[2056:2058]) != "OK" {
		t.Errorf("ring status of %d bytes", len(b))
	}
	if b := (KillNode{NodeID: 7, Reason: "Killed by corosync-cfgtool"}).Encode(); len(b) != 272 || le.Uint16(b[8:]) != 27 {
		t.Errorf("killnode %x", b[:16])
	}
}

func TestRoundTrip(t *testing.T) {
	ns := NodeStatus{NodeID: 9, Reachable: true, Remote: true, OnwireVer: 3}
	ns.Links[7] = LinkStatus{Enabled: true, DynConnected: true, MTU: 9000, Src: "a", Dst: "b"}
	if got, err := DecodeNodeStatus(ns.Encode()); err != nil || got != ns {
		t.Errorf("node status %+v %v", got, err)
	}
	addrs := []netip.Addr{netip.MustParseAddr("fd00::1"), netip.MustParseAddr("fd00::2")}
	if got, err := DecodeNodeAddrs(EncodeNodeAddrs(addrs)); err != nil || !reflect.DeepEqual(got, addrs) {
		t.Errorf("addrs %v %v", got, err)
	}
	rings := []Ring{{"0 a", "OK"}, {"1 b", "FAULTY"}}
	if got, err := DecodeRingStatus(EncodeRingStatus(rings)); err != nil || !reflect.DeepEqual(got, rings) {
		t.Errorf("rings %v %v", got, err)
	}
	if got, err := DecodeKillNode(KillNode{3, "why"}.Encode()); err != nil || got != (KillNode{3, "why"}) {
		t.Errorf("killnode %+v %v", got, err)
	}
}

type backend struct {
	shutdowns int
	killed    []uint32
}

func (b *backend) LocalNodeID() uint32 { return 1 }
func (b *backend) NodeAddrs(id uint32) ([]netip.Addr, error) {
	if id != 1 {
		return nil, cmapipc.ErrNotExist
	}
	return []netip.Addr{netip.MustParseAddr("10.0.0.1")}, nil
}
func (b *backend) NodeStatus(id uint32) NodeStatus { return NodeStatus{NodeID: id, Reachable: id == 1} }
func (b *backend) RingStatus() []Ring              { return []Ring{{"0 10.0.0.1", "OK"}} }
func (b *backend) Reload() error                   { return nil }
func (b *backend) ReopenLogs() error               { return nil }
func (b *backend) KillNode(id uint32, _ string) error {
	if id != 2 {
		return cmapipc.ErrNotExist
	}
	b.killed = append(b.killed, id)
	return nil
}
func (b *backend) Shutdown() { b.shutdowns++ }

// events records TESTSHUTDOWN events and signals each on a channel.
type events struct{ got chan uint32 }

func (e *events) SendEvent(id, code int32, body []byte) error {
	if id != ResTestShutdown {
		panic("unexpected event")
	}
	flags, err := DecodeU32("testshutdown", body)
	if err != nil {
		panic(err)
	}
	e.got <- flags
	return nil
}

func TestRequests(t *testing.T) {
	b := &backend{}
	s := NewService(b)
	st := &connState{ev: &events{got: make(chan uint32, 1)}}
	for _, c := range []struct {
		what         string
		id           int32
		body         []byte
		wantID       int32
		want         cmapipc.CSError
		wantBodySize int
	}{
		{"local_get", ReqLocalGet, nil, ResLocalGet, cmapipc.OK, 8},
		{"addrs 0", ReqGetNodeAddrs, EncodeU32(0), ResGetNodeAddrs, cmapipc.OK, 24},
		{"addrs 9", ReqGetNodeAddrs, EncodeU32(9), ResGetNodeAddrs, cmapipc.ErrNotExist, 8},
		{"status v1", ReqNodeStatusGet, NodeStatusRequest{9, 1}.Encode(), ResNodeStatusGet, cmapipc.OK, 4176},
		{"status v2", ReqNodeStatusGet, NodeStatusRequest{1, 2}.Encode(), ResNodeStatusGet, cmapipc.ErrNotSupported, 8},
		{"ringstatus", ReqRingStatusGet, nil, ResRingStatusGet, cmapipc.OK, 10248},
		{"reenable", ReqRingReenable, nil, ResRingReenable, cmapipc.ErrNotSupported, 0},
		{"kill 9", ReqKillNode, KillNode{9, "x"}.Encode(), ResKillNode, cmapipc.ErrNotExist, 0},
		{"kill 2", ReqKillNode, KillNode{2, "x"}.Encode(), ResKillNode, cmapipc.OK, 0},
		{"reload", ReqReloadConfig, nil, ResReloadConfig, cmapipc.OK, 0},
		{"reopen", ReqReopenLogFiles, nil, ResReopenLogFiles, cmapipc.OK, 0},
		{"trackstart", ReqTrackStart, nil, ResTrackStart, cmapipc.OK, 0},
		{"trackstop", ReqTrackStop, nil, ResTrackStop, cmapipc.OK, 0},
		{"trackstop again", ReqTrackStop, nil, ResTrackStop, cmapipc.OK, 0},
		{"reply idle", ReqReplyToShutdown, EncodeU32(ReplyYes), ResReplyToShutdown, cmapipc.ErrAccess, 0},
		{"unknown", 12, nil, 0, cmapipc.ErrInvalidParam, 0},
		{"shutdown alone", ReqTryShutdown, EncodeU32(ShutdownRequest), ResTryShutdown, cmapipc.OK, 0},
	} {
		r := s.dispatch(st, c.id, c.body)
		if r.ID != c.wantID || r.Error != int32(c.want) || len(r.Body) != c.wantBodySize {
			t.Errorf("%s: id %d %v body %d, want %d %v %d", c.what, r.ID, cmapipc.CSError(r.Error), len(r.Body), c.wantID, c.want, c.wantBodySize)
		}
	}
	if b.shutdowns != 1 || !reflect.DeepEqual(b.killed, []uint32{2}) {
		t.Errorf("shutdowns %d killed %v", b.shutdowns, b.killed)
	}
}

// A shutdown request asks the other trackers: all yes shuts down, a no
// refuses with CS_ERR_BUSY unless forced, silence times out as a no, and a
// tracker that leaves counts as a yes.
func TestShutdownVote(t *testing.T) {
	for _, c := range []struct {
		name    string
		flags   uint32
		answer  func(s *Service, tr *connState) // nil: stay silent
		want    cmapipc.CSError
		shutsUp int
	}{
		{"yes", ShutdownRequest, func(s *Service, tr *connState) { s.dispatch(tr, ReqReplyToShutdown, EncodeU32(ReplyYes)) }, cmapipc.OK, 1},
		{"no", ShutdownRequest, func(s *Service, tr *connState) { s.dispatch(tr, ReqReplyToShutdown, EncodeU32(ReplyNo)) }, cmapipc.ErrBusy, 0},
		{"no but forced", ShutdownRegardless, func(s *Service, tr *connState) { s.dispatch(tr, ReqReplyToShutdown, EncodeU32(ReplyNo)) }, cmapipc.OK, 1},
		{"tracker leaves", ShutdownRequest, func(s *Service, tr *connState) { s.forget(tr) }, cmapipc.OK, 1},
		{"silence", ShutdownRequest, nil, cmapipc.ErrBusy, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := &backend{}
			s := NewService(b)
			s.ShutdownTimeout = 200 * time.Millisecond // only the silent case waits for it
			ev := &events{got: make(chan uint32, 1)}
			tracker := &connState{ev: ev}
			asker := &connState{ev: &events{got: make(chan uint32, 1)}}
			s.dispatch(tracker, ReqTrackStart, nil)
			done := make(chan int32)
			go func() { done <- s.dispatch(asker, ReqTryShutdown, EncodeU32(c.flags)).Error }()
			if flags := <-ev.got; flags != c.flags {
				t.Errorf("tracker told flags %d", flags)
			}
			if c.answer != nil {
				c.answer(s, tracker)
			}
			if got := cmapipc.CSError(<-done); got != c.want || b.shutdowns != c.shutsUp {
				t.Errorf("got %v, %d shutdowns; want %v, %d", got, b.shutdowns, c.want, c.shutsUp)
			}
			if r := s.dispatch(tracker, ReqReplyToShutdown, EncodeU32(ReplyYes)); r.Error != int32(cmapipc.ErrAccess) {
				t.Errorf("late reply: %v", cmapipc.CSError(r.Error))
			}
		})
	}
}

func FuzzDecoders(f *testing.F) {
	f.Add(NodeStatus{NodeID: 1, Reachable: true}.Encode())
	f.Add(EncodeNodeAddrs([]netip.Addr{netip.MustParseAddr("10.0.0.1")}))
	f.Add(EncodeRingStatus([]Ring{{"0 a", "OK"}}))
	f.Add(KillNode{1, "x"}.Encode())
	f.Fuzz(func(t *testing.T, b []byte) {
		if ns, err := DecodeNodeStatus(b); err == nil {
			if got, err := DecodeNodeStatus(ns.Encode()); err != nil || (got != ns && !longNames(ns)) {
				t.Fatalf("node status round trip %v", err)
			}
		}
		if a, err := DecodeNodeAddrs(b); err == nil {
			if got, err := DecodeNodeAddrs(EncodeNodeAddrs(a)); err != nil || len(got) != len(a) {
				t.Fatalf("addrs round trip %v %v", got, err)
			}
		}
		DecodeRingStatus(b)
		DecodeKillNode(b)
		DecodeNodeStatusRequest(b)
	})
}

// longNames: an address filling all 256 bytes has no NUL; encoding cuts it.
func longNames(ns NodeStatus) bool {
	for _, l := range ns.Links {
		if len(l.Src) >= maxHostLen || len(l.Dst) >= maxHostLen {
			return true
		}
	}
	return false
}

func FuzzServiceRequest(f *testing.F) {
	for id := int32(0); id <= 12; id++ {
		f.Add(id, EncodeU32(1))
	}
	f.Fuzz(func(t *testing.T, id int32, body []byte) {
		s := NewService(&backend{})
		r := s.dispatch(&connState{ev: &events{got: make(chan uint32, 1)}}, id, body)
		if r.ID < 0 || r.ID > ResNodeStatusGet {
			t.Fatalf("response id %d", r.ID)
		}
	})
}
