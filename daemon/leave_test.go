package daemon

import (
	"testing"

	"github.com/gorosync/gorosync/totem/wire"
)

// TestIsLeave: only a JOIN with the leave marker in its header is a LEAVE
// (send_join must not delay it: the daemon exits right after sending).
func TestIsLeave(t *testing.T) {
	leave := wire.Encode(&wire.MembJoin{Header: wire.Header{NodeID: wire.LeaveNodeID}, SystemFrom: 3, RingSeq: 9,
		ProcList: []uint32{1, 2}, FailedList: []uint32{3}})
	join := wire.Encode(&wire.MembJoin{Header: wire.Header{NodeID: 3}, SystemFrom: 3, RingSeq: 9, ProcList: []uint32{1, 2, 3}})
	merge := wire.Encode(&wire.MergeDetect{Header: wire.Header{NodeID: 3}, SystemFrom: 3})
	for _, c := range []struct {
		name string
		b    []byte
		want bool
	}{{"leave", leave, true}, {"join", join, false}, {"merge detect", merge, false}, {"garbage", []byte{1, 2}, false}} {
		if got := isLeave(c.b); got != c.want {
			t.Errorf("%s: isLeave = %v", c.name, got)
		}
	}
}
