package sim

import (
	"strings"
	"testing"

	"github.com/gorosync/gorosync/totem"
	"github.com/gorosync/gorosync/totem/wire"
)

// history builds a process from a compact script: "T ring members",
// "R ring members", "M ring seq payload".
type hb struct {
	p *Process
}

func proc(node uint32, sent ...string) *hb { return &hb{&Process{Node: node, Sent: sent}} }

func (h *hb) conf(t totem.ConfType, ring wire.RingID, members ...uint32) *hb {
	h.p.Records = append(h.p.Records, Record{Kind: RecConf, Conf: totem.ConfChange{Type: t, Ring: ring, Members: members}})
	return h
}
func (h *hb) trans(ring wire.RingID, members ...uint32) *hb {
	return h.conf(totem.Transitional, ring, members...)
}
func (h *hb) reg(ring wire.RingID, members ...uint32) *hb {
	return h.conf(totem.Regular, ring, members...)
}
func (h *hb) msg(ring wire.RingID, seq uint32, payload string) *hb {
	var sender uint32
	for _, c := range strings.TrimPrefix(strings.Split(payload, ".")[0], "n") {
		sender = sender*10 + uint32(c-'0')
	}
	h.p.Records = append(h.p.Records, Record{Kind: RecMessage, Msg: totem.Message{Sender: sender, Ring: ring, Seq: seq, Payload: []byte(payload)}})
	return h
}

var (
	r1 = wire.RingID{Rep: 1, Seq: 5}
	r2 = wire.RingID{Rep: 1, Seq: 9}
)

// good is a valid two-node history: ring r1, two messages, then r2 with
// both members moving together.
func good() []*Process {
	a := proc(1, "n1.0.0").trans(r1).reg(r1, 1, 2).msg(r1, 1, "n1.0.0").msg(r1, 2, "n2.0.0").
		trans(r2, 1, 2).reg(r2, 1, 2)
	b := proc(2, "n2.0.0").trans(r1).reg(r1, 1, 2).msg(r1, 1, "n1.0.0").msg(r1, 2, "n2.0.0").
		trans(r2, 1, 2).reg(r2, 1, 2)
	return []*Process{a.p, b.p}
}

func TestCheckAcceptsValidHistory(t *testing.T) {
	if vs := Check(good()); len(vs) != 0 {
		t.Fatalf("valid history flagged: %v", vs)
	}
}

// TestCheckCatches mutates the valid history once per rule and expects
// exactly that rule to fire.
func TestCheckCatches(t *testing.T) {
	cases := []struct {
		rule   string
		mutate func(ps []*Process)
	}{
		{"same-members", func(ps []*Process) { ps[1].Records[1].Conf.Members = []uint32{2} }},
		{"no-duplicates", func(ps []*Process) {
			ps[0].Records = append(ps[0].Records[:4:4], append([]Record{ps[0].Records[2]}, ps[0].Records[4:]...)...)
		}},
		{"integrity", func(ps []*Process) { ps[0].Sent = nil; ps[1].Sent = []string{"n2.0.0"} }},
		{"total-order", func(ps []*Process) { ps[1].Records[3].Msg.Seq = 1 }},
		{"agreed-order", func(ps []*Process) {
			ps[1].Records[2], ps[1].Records[3] = ps[1].Records[3], ps[1].Records[2]
			ps[1].Records[2].Msg.Seq, ps[1].Records[3].Msg.Seq = 1, 2
			ps[0].Records[2].Msg.Seq, ps[0].Records[3].Msg.Seq = 1, 2
		}},
		{"no-gaps", func(ps []*Process) { ps[0].Records[3].Msg.Seq = 3; ps[1].Records[3].Msg.Seq = 3 }},
		{"virtual-synchrony", func(ps []*Process) {
			// n2 misses the last message of r1 yet moves to r2 with n1.
			ps[1].Records = append(ps[1].Records[:3:3], ps[1].Records[4:]...)
		}},
		{"confchg-order", func(ps []*Process) { ps[0].Records = ps[0].Records[1:] }},
		{"confchg-self", func(ps []*Process) {
			ps[0].Records[5].Conf.Members = []uint32{2}
			ps[1].Records[5].Conf.Members = []uint32{2}
		}},
		{"delivery-ring", func(ps []*Process) { ps[0].Records[2].Msg.Ring = r2 }},
		{"safe-delivery", func(ps []*Process) {
			// n1.0.0 was SAFE but n2 did not have it when n1 delivered it.
			for _, p := range ps {
				p.Records[2].Msg.Guarantee = totem.GuaranteeSafe
				p.Records[2].Holders = []uint32{1, 2}
			}
			ps[0].Records[2].Holders = []uint32{1}
		}},
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			ps := good()
			c.mutate(ps)
			vs := Check(ps)
			found := false
			for _, v := range vs {
				if v.Rule == c.rule {
					found = true
				}
			}
			if !found {
				t.Fatalf("mutation for %s not caught; got %v", c.rule, vs)
			}
		})
	}
}

func TestCheckAcceptsSafeHeldByAll(t *testing.T) {
	ps := good()
	for _, p := range ps {
		p.Records[2].Msg.Guarantee = totem.GuaranteeSafe
		p.Records[2].Holders = []uint32{1, 2}
	}
	if vs := Check(ps); len(vs) != 0 {
		t.Fatalf("SAFE message held by all members flagged: %v", vs)
	}
}

func TestCheckAllowsDivergenceAcrossPartitions(t *testing.T) {
	// n1 and n2 split after r1: n2 got one message more in r1 before the
	// split and delivers it; they did not move together, so only the
	// prefix rule applies.
	ra := wire.RingID{Rep: 1, Seq: 9}
	rb := wire.RingID{Rep: 2, Seq: 9}
	a := proc(1, "n1.0.0").trans(r1).reg(r1, 1, 2).msg(r1, 1, "n1.0.0").trans(ra, 1).reg(ra, 1)
	b := proc(2, "n2.0.0").trans(r1).reg(r1, 1, 2).msg(r1, 1, "n1.0.0").msg(r1, 2, "n2.0.0").trans(rb, 2).reg(rb, 2)
	if vs := Check([]*Process{a.p, b.p}); len(vs) != 0 {
		t.Fatalf("legal partition history flagged: %v", vs)
	}
}
