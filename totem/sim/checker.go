package sim

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gorosync/gorosync/totem"
	"github.com/gorosync/gorosync/totem/wire"
)

// Violation is one broken guarantee found by Check.
type Violation struct {
	Rule   string
	Detail string
}

func (v Violation) String() string { return v.Rule + ": " + v.Detail }

// epoch is a stretch of one process's history: the messages it delivered
// in one regular configuration (after its regular change, before the next
// transitional one), or in one transitional configuration.
type epoch struct {
	proc     *Process
	ring     wire.RingID
	regular  bool
	members  []uint32 // regular members, or transitional members
	msgs     []Record
	next     *epoch // for a regular epoch: the transitional epoch that closed it
	complete bool   // closed by a configuration change (not by crash or end of run)
}

// Check verifies the safety guarantees of extended virtual synchrony over
// every process's history:
//   - every process that installs a ring id installs the same member set,
//     and is one of the members;
//   - configuration changes alternate transitional, regular, with the same
//     ring id;
//   - no process delivers a message twice, and every delivered payload was
//     sent;
//   - a ring's seq names one message everywhere (total order);
//   - within a regular configuration deliveries are gap-free and the
//     members' sequences are prefixes of one another;
//   - members that move together into the same next configuration (each in
//     the other's transitional set) delivered exactly the same messages in
//     the old regular configuration and in the transitional one;
//   - a message is delivered in its own ring's configuration or in the
//     transitional configuration that follows it;
//   - a SAFE message delivered in a regular configuration was held by
//     every member of that configuration at that moment (Record.Holders).
func Check(procs []*Process) []Violation {
	var vs []Violation
	add := func(rule, format string, args ...any) {
		if len(vs) < 50 {
			vs = append(vs, Violation{rule, fmt.Sprintf(format, args...)})
		}
	}
	sent := map[string]*Process{}
	for _, p := range procs {
		for _, m := range p.Sent {
			sent[m] = p
		}
	}
	ringMembers := map[wire.RingID][]uint32{}
	ringFirst := map[wire.RingID]string{}
	bySeq := map[wire.RingID]map[uint32]string{}
	regEpochs := map[wire.RingID][]*epoch{}

	for _, p := range procs {
		seen := map[string]bool{}
		var cur *epoch
		var lastTrans *confRec
		for i, r := range p.Records {
			if r.Kind == RecConf {
				c := r.Conf
				if c.Type == 0 { // transitional
					if lastTrans != nil {
						add("confchg-order", "%s: two transitional changes in a row (%s at %d)", p.Name(), c.Ring, r.At)
					}
					lastTrans = &confRec{c.Ring, c.Members}
					if !slices.Contains(c.Members, p.Node) && len(c.Members) > 0 {
						add("confchg-self", "%s: transitional %s does not contain itself: %v", p.Name(), c.Ring, c.Members)
					}
					e := &epoch{proc: p, ring: c.Ring, members: c.Members}
					if cur != nil && cur.regular {
						cur.next = e
						cur.complete = true
					}
					cur = e
					continue
				}
				if lastTrans == nil || lastTrans.ring != c.Ring {
					add("confchg-order", "%s: regular %s not preceded by its transitional change", p.Name(), c.Ring)
				}
				lastTrans = nil
				if cur != nil && !cur.regular {
					cur.complete = true
				}
				if !slices.Contains(c.Members, p.Node) {
					add("confchg-self", "%s: regular %s does not contain itself: %v", p.Name(), c.Ring, c.Members)
				}
				if old, ok := ringMembers[c.Ring]; ok {
					if !slices.Equal(old, c.Members) {
						add("same-members", "ring %s: %s installed %v but %s installed %v", c.Ring, ringFirst[c.Ring], old, p.Name(), c.Members)
					}
				} else {
					ringMembers[c.Ring] = slices.Clone(c.Members)
					ringFirst[c.Ring] = p.Name()
				}
				cur = &epoch{proc: p, ring: c.Ring, regular: true, members: c.Members}
				regEpochs[c.Ring] = append(regEpochs[c.Ring], cur)
				continue
			}
			m := r.Msg
			id := string(m.Payload)
			if seen[id] {
				add("no-duplicates", "%s delivered %q twice (record %d)", p.Name(), id, i)
			}
			seen[id] = true
			if sent[id] == nil {
				add("integrity", "%s delivered %q that nobody sent", p.Name(), id)
			}
			if want := fmt.Sprintf("n%d.", m.Sender); !strings.HasPrefix(id, want) {
				add("integrity", "%s delivered %q with sender %d", p.Name(), id, m.Sender)
			}
			if bySeq[m.Ring] == nil {
				bySeq[m.Ring] = map[uint32]string{}
			}
			if other, ok := bySeq[m.Ring][m.Seq]; ok && other != id {
				add("total-order", "ring %s seq %d is %q at one process and %q at %s", m.Ring, m.Seq, other, id, p.Name())
			}
			bySeq[m.Ring][m.Seq] = id
			if cur == nil {
				add("delivery-outside-config", "%s delivered %q before any configuration", p.Name(), id)
				continue
			}
			if cur.regular && m.Ring != cur.ring {
				add("delivery-ring", "%s delivered %q of ring %s in regular configuration %s", p.Name(), id, m.Ring, cur.ring)
			}
			if cur.regular && m.Guarantee == totem.GuaranteeSafe {
				for _, mem := range cur.members {
					if !slices.Contains(r.Holders, mem) {
						add("safe-delivery", "%s delivered SAFE %q (ring %s seq %d) in %s while member %d did not have it (holders %v)", p.Name(), id, m.Ring, m.Seq, cur.ring, mem, r.Holders)
						break
					}
				}
			}
			if n := len(cur.msgs); n > 0 && cur.msgs[n-1].Msg.Ring == m.Ring && !wire.SeqLT(cur.msgs[n-1].Msg.Seq, m.Seq) {
				add("total-order", "%s delivered seq %d after %d in ring %s", p.Name(), m.Seq, cur.msgs[n-1].Msg.Seq, m.Ring)
			}
			cur.msgs = append(cur.msgs, r)
		}
	}

	for ring, eps := range regEpochs {
		for _, e := range eps {
			for i := 1; i < len(e.msgs); i++ {
				if e.msgs[i].Msg.Seq != e.msgs[i-1].Msg.Seq+1 {
					add("no-gaps", "%s in ring %s delivered seq %d then %d", e.proc.Name(), ring, e.msgs[i-1].Msg.Seq, e.msgs[i].Msg.Seq)
					break
				}
			}
		}
		for i := 0; i < len(eps); i++ {
			for j := i + 1; j < len(eps); j++ {
				a, b := eps[i], eps[j]
				if !prefixOf(a.msgs, b.msgs) && !prefixOf(b.msgs, a.msgs) {
					add("agreed-order", "ring %s: %s and %s diverge: %s vs %s", ring, a.proc.Name(), b.proc.Name(), ids(a.msgs), ids(b.msgs))
					continue
				}
				if a.next == nil || b.next == nil || a.next.ring != b.next.ring {
					continue
				}
				if !slices.Contains(a.next.members, b.proc.Node) || !slices.Contains(b.next.members, a.proc.Node) {
					continue
				}
				if !a.next.complete || !b.next.complete {
					continue
				}
				if len(a.msgs) != len(b.msgs) {
					add("virtual-synchrony", "ring %s: %s and %s both moved to %s but delivered %s vs %s", ring, a.proc.Name(), b.proc.Name(), a.next.ring, ids(a.msgs), ids(b.msgs))
				}
				if !slices.EqualFunc(a.next.msgs, b.next.msgs, sameMsg) {
					add("virtual-synchrony", "transitional %s: %s delivered %s but %s delivered %s", a.next.ring, a.proc.Name(), ids(a.next.msgs), b.proc.Name(), ids(b.next.msgs))
				}
			}
		}
	}
	return vs
}

// confRec remembers the last transitional change while waiting for its regular one.
type confRec struct {
	ring    wire.RingID
	members []uint32
}

func sameMsg(a, b Record) bool { return string(a.Msg.Payload) == string(b.Msg.Payload) }

func prefixOf(a, b []Record) bool {
	if len(a) > len(b) {
		return false
	}
	for i := range a {
		if !sameMsg(a[i], b[i]) {
			return false
		}
	}
	return true
}

func ids(rs []Record) string {
	var parts []string
	for i, r := range rs {
		if i == 6 && len(rs) > 8 {
			parts = append(parts, fmt.Sprintf("…(%d more)", len(rs)-6))
			break
		}
		parts = append(parts, fmt.Sprintf("%d:%s", r.Msg.Seq, r.Msg.Payload))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// CheckConverged verifies liveness after a healed, quiet period: every
// running node is OPERATIONAL in one ring whose members are exactly the
// running nodes.
func (s *Sim) CheckConverged() []Violation {
	var live []uint32
	for _, id := range s.ids {
		if s.Up(id) {
			live = append(live, id)
		}
	}
	var vs []Violation
	var ring wire.RingID
	for i, id := range live {
		n := s.Node(id)
		if n.State().String() != "OPERATIONAL" {
			vs = append(vs, Violation{"converge", fmt.Sprintf("n%d is %s in ring %s", id, n.State(), n.RingID())})
			continue
		}
		if i == 0 {
			ring = n.RingID()
		} else if n.RingID() != ring {
			vs = append(vs, Violation{"converge", fmt.Sprintf("n%d is in ring %s, n%d in %s", id, n.RingID(), live[0], ring)})
		}
		if m := n.Members(); !slices.Equal(m, live) {
			vs = append(vs, Violation{"converge", fmt.Sprintf("n%d members %v, live nodes %v", id, m, live)})
		}
	}
	return vs
}

// CheckDelivered verifies that every running process delivered every
// payload in want (messages sent in a stable ring are never lost, and
// senders deliver their own messages).
func (s *Sim) CheckDelivered(want []string) []Violation {
	var vs []Violation
	for _, id := range s.ids {
		if !s.Up(id) {
			continue
		}
		got := map[string]bool{}
		for _, r := range s.Process(id).Records {
			if r.Kind == RecMessage {
				got[string(r.Msg.Payload)] = true
			}
		}
		var missing []string
		for _, w := range want {
			if !got[w] {
				missing = append(missing, w)
			}
		}
		if len(missing) > 0 {
			vs = append(vs, Violation{"stable-delivery", fmt.Sprintf("%s never delivered %v (pending %d)", s.Process(id).Name(), missing, s.Node(id).Pending())})
		}
	}
	return vs
}

// CheckSynced verifies that the sync layer finished on every running node
// of a converged ring: nobody still waits for the trans ack (so nothing
// queued before the last change is stuck).
func (s *Sim) CheckSynced() []Violation {
	var vs []Violation
	for _, id := range s.upIDs() {
		if n := s.Node(id); n.WaitingTransAck() {
			vs = append(vs, Violation{"sync-done", fmt.Sprintf("n%d still waits for the trans ack in ring %s (%d pending)", id, n.RingID(), n.Pending())})
		}
	}
	return vs
}
