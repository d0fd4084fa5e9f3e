package daemon

import (
	"fmt"
	"os"

	"github.com/gorosync/gorosync/coroconf"
	"github.com/gorosync/gorosync/totem"
	"github.com/gorosync/gorosync/totem/wire"
)

var traceOn = os.Getenv("GOROSYNC_TRACE") != ""

func (n *node) trace(dir string, peer uint32, b []byte) {
	if !traceOn {
		return
	}
	m, err := wire.Decode(b)
	if err != nil {
		return
	}
	var s string
	switch m := m.(type) {
	case *wire.MembJoin:
		s = fmt.Sprintf("JOIN from=%d hdr=%d seq=%d proc=%v failed=%v", m.SystemFrom, m.NodeID, m.RingSeq, m.ProcList, m.FailedList)
	case *wire.CommitToken:
		s = fmt.Sprintf("COMMIT ring=%d.%d addrs=%v idx=%d tseq=%d", m.RingID.Rep, m.RingID.Seq, m.Addrs, m.MembIndex, m.TokenSeq)
	case *wire.MergeDetect:
		s = fmt.Sprintf("MERGE from=%d ring=%d.%d", m.SystemFrom, m.RingID.Rep, m.RingID.Seq)
	case *wire.OrfToken:
		if n.tn.State() == totem.StateOperational {
			return
		}
		s = fmt.Sprintf("ORF ring=%d.%d tseq=%d seq=%d", m.RingID.Rep, m.RingID.Seq, m.TokenSeq, m.Seq)
	case *wire.Mcast:
		if n.tn.State() == totem.StateOperational {
			return
		}
		s = fmt.Sprintf("MCAST ring=%d.%d seq=%d src=%d", m.RingID.Rep, m.RingID.Seq, m.Seq, m.NodeID)
	default:
		s = fmt.Sprintf("%T", m)
	}
	n.logf(coroconf.LevelDebug, "TRACE", "%s %d now=%d st=%v %s", dir, peer, n.now(), n.tn.State(), s)
}

var _ = totem.StateGather
