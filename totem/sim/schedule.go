package sim

import (
	"fmt"

	"github.com/gorosync/gorosync/totem"
	"math/rand/v2"
	"strings"
)

// Result is the outcome of one random schedule.
type Result struct {
	Seed       uint64
	Nodes      int
	Violations []Violation
	Actions    []string // the fault schedule, for the failure report
	Trace      []string // last protocol events
	Datagrams  uint64
	Stats      totem.Stats
	// SafeDeliveries counts SAFE messages delivered (all processes);
	// SyncDones the sync layer's acknowledgements.
	SafeDeliveries, SyncDones uint64
	Sim                       *Sim
}

// Failed reports whether any guarantee was broken.
func (r *Result) Failed() bool { return len(r.Violations) > 0 }

// Report is the failure text: the seed, how to replay it, the schedule,
// the violations and the tail of the trace.
func (r *Result) Report(tail int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d (%d nodes): %d violations; replay: go test ./totem/sim -run TestSim -seed=%d -v\n", r.Seed, r.Nodes, len(r.Violations), r.Seed)
	for _, v := range r.Violations {
		fmt.Fprintf(&b, "  VIOLATION %s\n", v)
	}
	b.WriteString("  schedule:\n")
	for _, a := range r.Actions {
		fmt.Fprintf(&b, "    %s\n", a)
	}
	t := r.Trace
	if tail > 0 && len(t) > tail {
		t = t[len(t)-tail:]
	}
	b.WriteString("  trace tail:\n")
	for _, l := range t {
		fmt.Fprintf(&b, "    %s\n", l)
	}
	return b.String()
}

// Phases of a random schedule, in virtual ms.
const (
	chaosMS  = 6000  // faults and traffic
	quietMS  = 15000 // healed network, no faults, no traffic: must converge
	stableMS = 4000  // traffic on the stable ring: nothing may be lost
)

// RunRandom runs one random fault schedule on 2–7 nodes chosen by seed:
// start-up, a chaos phase (drops, duplicates, delays/reordering,
// partitions, crashes, restarts with the persisted ring seq, leaves, and
// application traffic), a healed quiet phase, then traffic on the stable
// ring. It checks every guarantee of Check, convergence after the quiet
// phase, and that the stable ring lost nothing.
func RunRandom(seed uint64) *Result { return RunRandomHook(seed, nil) }

// RunRandomHook is RunRandom with a hook called on the new Sim before
// anything runs (to attach OnLog/OnUpcall observers).
func RunRandomHook(seed uint64, hook func(*Sim)) *Result {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	nn := 2 + rng.IntN(6)
	ids := make([]uint32, nn)
	next := uint32(0)
	for i := range ids {
		if rng.IntN(4) == 0 {
			next += 1 + uint32(rng.IntN(5)) // sparse nodeids now and then
		} else {
			next++
		}
		ids[i] = next
	}
	res := &Result{Seed: seed, Nodes: nn}
	act := func(s *Sim, format string, args ...any) {
		res.Actions = append(res.Actions, fmt.Sprintf("%7d ", s.Now())+fmt.Sprintf(format, args...))
	}
	cfgName := "sim"
	mkConfig := SimConfig
	if rng.IntN(3) == 0 {
		// Tight limits: flow control, holding and FAILED TO RECEIVE
		// happen within a few rotations.
		cfgName = "tight"
		failRecv := uint32(5 + rng.IntN(40))
		mkConfig = func(id uint32, members []uint32) totem.Config {
			c := SimConfig(id, members)
			c.WindowSize = 8
			c.MaxMessages = 2
			c.SeqnoUnchangedConst = 3
			c.FailRecvConst = failRecv
			c.MissCountConst = 2
			return c
		}
	}
	// The sync layer above Totem: mostly Corosync-like barriers.
	syncMode := []SyncMode{SyncNever, SyncImmediate, SyncBarrier, SyncBarrier}[rng.IntN(4)]
	// Share of SAFE messages in the traffic, in percent.
	safePct := []int{0, 0, 50, 100}[rng.IntN(4)]
	if rng.IntN(5) == 0 {
		// send_join: JOINs leave after a random 0..N ms (driver jitter).
		sendJoin := uint32(1 + rng.IntN(40))
		cfgName += fmt.Sprintf("+send_join=%d", sendJoin)
		base := mkConfig
		mkConfig = func(id uint32, members []uint32) totem.Config {
			c := base(id, members)
			c.SendJoin = sendJoin
			return c
		}
	}
	guarantee := func() uint32 {
		if rng.IntN(100) < safePct {
			return totem.GuaranteeSafe
		}
		return totem.GuaranteeAgreed
	}
	s := New(Options{NodeIDs: ids, Seed: seed, Net: Net{MinDelay: 1, MaxDelay: 3}, TraceLimit: 200, Config: mkConfig, Sync: syncMode})
	res.Actions = append(res.Actions, fmt.Sprintf("nodes %v, config %s, sync %s, safe %d%%", ids, cfgName, syncMode, safePct))
	res.Sim = s
	if hook != nil {
		hook(s)
	}
	fail := func(err error) *Result {
		res.Violations = append(res.Violations, Violation{"sim-error", err.Error()})
		res.Trace = s.Trace()
		return res
	}

	// Start-up: everybody boots within the first half second, some from a
	// stored ring seq.
	starts := map[uint32]int64{}
	for _, id := range ids {
		starts[id] = rng.Int64N(500)
		if rng.IntN(3) == 0 {
			s.SetPersisted(id, uint64(rng.IntN(40)))
		}
	}
	for t := int64(0); t < 500; t += 10 {
		if err := s.RunUntil(t); err != nil {
			return fail(err)
		}
		for _, id := range ids {
			if starts[id] >= t && starts[id] < t+10 {
				act(s, "start n%d ringseq=%d", id, s.Persisted(id))
				if err := s.Start(id); err != nil {
					return fail(err)
				}
			}
		}
	}

	// Chaos.
	for s.Now() < 500+chaosMS {
		if err := s.RunFor(10 + rng.Int64N(150)); err != nil {
			return fail(err)
		}
		up := s.upIDs()
		switch x := rng.IntN(100); {
		case x < 40: // traffic, sometimes a burst
			k := 1 + rng.IntN(4)
			if rng.IntN(5) == 0 {
				k = 20 + rng.IntN(60)
			}
			for range k {
				if len(up) == 0 {
					break
				}
				id := up[rng.IntN(len(up))]
				if _, err := s.SendGuarantee(id, guarantee()); err != nil {
					return fail(err)
				}
			}
		case x < 52:
			n := Net{MinDelay: 1, MaxDelay: 1 + rng.Int64N(20)}
			if rng.IntN(2) == 0 {
				n.Drop = []float64{0.01, 0.05, 0.2, 0.5}[rng.IntN(4)]
			}
			if rng.IntN(3) == 0 {
				n.Dup = []float64{0.02, 0.1}[rng.IntN(2)]
			}
			if rng.IntN(4) == 0 {
				n.LossyNode = ids[rng.IntN(nn)]
				n.LossyDrop = []float64{0.3, 0.7, 0.95}[rng.IntN(3)]
			}
			act(s, "net delay=1..%d drop=%.2f dup=%.2f lossy=n%d:%.2f", n.MaxDelay, n.Drop, n.Dup, n.LossyNode, n.LossyDrop)
			s.SetNet(n)
		case x < 62:
			if nn >= 2 {
				perm := rng.Perm(nn)
				cut := 1 + rng.IntN(nn-1)
				var a, b []uint32
				for i, p := range perm {
					if i < cut {
						a = append(a, ids[p])
					} else {
						b = append(b, ids[p])
					}
				}
				act(s, "partition %v | %v", a, b)
				s.Partition(a, b)
			}
		case x < 70:
			act(s, "heal")
			s.Heal()
		case x < 77:
			if len(up) > 1 {
				id := up[rng.IntN(len(up))]
				act(s, "crash n%d", id)
				s.Crash(id)
			}
		case x < 80:
			if len(up) > 1 {
				id := up[rng.IntN(len(up))]
				act(s, "leave n%d", id)
				if err := s.Leave(id); err != nil {
					return fail(err)
				}
			}
		case x < 90:
			for _, id := range ids {
				if !s.Up(id) {
					act(s, "restart n%d ringseq=%d", id, s.Persisted(id))
					if err := s.Start(id); err != nil {
						return fail(err)
					}
					break
				}
			}
		}
	}

	// Heal everything; some dead nodes come back, the rest stay dead.
	act(s, "heal all, reliable network")
	s.Heal()
	s.SetNet(Net{MinDelay: 1, MaxDelay: 3})
	for _, id := range ids {
		if !s.Up(id) && rng.IntN(2) == 0 {
			act(s, "restart n%d ringseq=%d", id, s.Persisted(id))
			if err := s.Start(id); err != nil {
				return fail(err)
			}
		}
	}
	if len(s.upIDs()) == 0 {
		if err := s.Start(ids[0]); err != nil {
			return fail(err)
		}
	}
	if err := s.RunFor(quietMS); err != nil {
		return fail(err)
	}
	res.Violations = append(res.Violations, s.CheckConverged()...)
	if syncMode != SyncNever {
		res.Violations = append(res.Violations, s.CheckSynced()...)
	}

	// Traffic on the stable ring.
	var want []string
	for i := range 3 {
		for _, id := range s.upIDs() {
			p, err := s.SendGuarantee(id, guarantee())
			if err != nil {
				return fail(err)
			}
			want = append(want, p)
		}
		if err := s.RunFor(int64(5 * (i + 1))); err != nil {
			return fail(err)
		}
	}
	if err := s.RunFor(stableMS); err != nil {
		return fail(err)
	}
	res.Violations = append(res.Violations, s.CheckDelivered(want)...)
	res.Violations = append(res.Violations, Check(s.Processes)...)
	res.Violations = append(res.Violations, s.Violations()...)
	res.Trace = s.Trace()
	res.Datagrams = s.Delivered
	res.Stats = s.TotalStats()
	res.SyncDones = s.SyncDones
	for _, p := range s.Processes {
		for _, r := range p.Records {
			if r.Kind == RecMessage && r.Msg.Guarantee == totem.GuaranteeSafe {
				res.SafeDeliveries++
			}
		}
	}
	return res
}

func (s *Sim) upIDs() []uint32 {
	var up []uint32
	for _, id := range s.ids {
		if s.Up(id) {
			up = append(up, id)
		}
	}
	return up
}
