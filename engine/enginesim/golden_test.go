package enginesim

import (
	"bytes"
	"fmt"
	"github.com/gorosync/gorosync/engine"
	"testing"

	"github.com/gorosync/gorosync/internal/totemcap"
	"github.com/gorosync/gorosync/totem/wire"
)

const formingCapture = "../../totem/wire/testdata/corosync-n3-udpu-forming.pcapng"

// The capture: n1, n2, n3 started back to back with the sample config.
// Each formed a ring alone, then n1+n2 merged into 1.9 and n3 joined in
// 1.d. Our nodes, started the same way from ring seq 0, go through the
// same rings; every totempg packet each of them multicasts in each ring
// (votequorum's NODEINFO at start, SERVICE_BUILD, the per-service state
// messages and barriers) must equal corosync's byte for byte.
func TestSyncPacketsMatchCapture(t *testing.T) {
	capt, err := totemcap.Load(formingCapture)
	if err != nil {
		t.Skipf("capture: %v", err)
	}
	want := capt.SenderStreams()
	conf := readSample(t, "corosync-n3-udpu/corosync.conf")
	c := newCluster(t, 3, "", 11)
	c.opts.Engine = func(id uint32) (engine.Config, error) { return loadFor(t, conf, id) }
	// Each node forms its singleton ring before the next one starts, as
	// in the capture (a node's first JOINs went unanswered there).
	for _, id := range []uint32{1, 2, 3} {
		c.S.Partition([]uint32{id})
		must(t, c.Start(id))
		must(t, c.RunFor(3000))
		c.S.Heal()
		must(t, c.RunFor(5000))
	}
	compared := 0
	for ring, senders := range want {
		for node, real := range senders {
			n := c.Node(node)
			var got [][]byte
			for _, p := range n.Sent {
				if p.Ring == ring {
					got = append(got, p.Payload)
				}
			}
			if len(got) != len(real) {
				t.Errorf("ring %v node %d: sent %d packets, corosync sent %d\n%s", ring, node, len(got), len(real), ringsOf(n))
				continue
			}
			for i := range real {
				if !bytes.Equal(got[i], real[i]) {
					t.Errorf("ring %v node %d packet %d differs\n got % x\nwant % x", ring, node, i, head(got[i]), head(real[i]))
				}
				compared++
			}
		}
	}
	if compared < 40 {
		t.Errorf("only %d packets compared", compared)
	}
	t.Logf("%d packets in %d rings equal the capture", compared, len(want))
}

func head(b []byte) []byte { return b[:min(len(b), 64)] }

func ringsOf(n *Node) string {
	count := map[wire.RingID]int{}
	var order []wire.RingID
	for _, p := range n.Sent {
		if count[p.Ring] == 0 {
			order = append(order, p.Ring)
		}
		count[p.Ring]++
	}
	s := ""
	for _, r := range order {
		s += fmt.Sprintf("%v:%d ", r, count[r])
	}
	return "our rings: " + s
}
