package sim

import (
	"flag"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/totem"
)

var (
	seedFlag      = flag.Uint64("seed", 0, "replay only this schedule seed (0 = run -schedules seeds)")
	schedulesFlag = flag.Int("schedules", 2000, "number of random schedules TestSim runs")
	firstSeedFlag = flag.Uint64("first-seed", 1, "first seed of the TestSim range")
	debugFlag     = flag.Int("debug-node", 0, "with -seed: log every core log line of this node id")
)

// TestSim runs random fault schedules and checks extended virtual
// synchrony, convergence and stable-ring delivery. -seed=N replays one
// schedule and prints its trace with -v.
func TestSim(t *testing.T) {
	if *seedFlag != 0 {
		var hook func(*Sim)
		if *debugFlag != 0 {
			hook = func(s *Sim) {
				s.OnLog = func(id uint32, at int64, l totem.Log) {
					if id == uint32(*debugFlag) {
						t.Logf("%7d n%d log: %s", at, id, l.Text)
					}
				}
			}
		}
		r := RunRandomHook(*seedFlag, hook)
		for _, l := range r.Trace {
			t.Log(l)
		}
		if r.Failed() {
			t.Fatal(r.Report(60))
		}
		t.Logf("seed %d: %d nodes, %d datagrams, no violations", r.Seed, r.Nodes, r.Datagrams)
		return
	}
	n := *schedulesFlag
	if testing.Short() {
		n = 50
	}
	failed := 0
	var total uint64
	var st totem.Stats
	var safe, syncs uint64
	for i := range n {
		seed := *firstSeedFlag + uint64(i)
		r := RunRandom(seed)
		total += r.Datagrams
		addStats(&st, r.Stats)
		safe += r.SafeDeliveries
		syncs += r.SyncDones
		if r.Failed() {
			failed++
			if failed <= 3 {
				t.Error(r.Report(40))
			} else {
				t.Errorf("seed %d (%d nodes): %s", r.Seed, r.Nodes, r.Violations[0])
			}
		}
	}
	t.Logf("%d schedules, %d violations (%d datagrams)", n, failed, total)
	t.Logf("exercised: %d rings installed, %d recovery re-sends, %d retransmissions, %d FAILED TO RECEIVE, %d token losses in OPERATIONAL, %d in RECOVERY, %d consensus timeouts, %d token hold cancels",
		st.OperationalEntered, st.RecoveryMessagesOriginated, st.McastRetx, st.FailedToReceive,
		st.OperationalTokenLost, st.RecoveryTokenLost, st.ConsensusTimeouts, st.TokenHoldCancelTx)
	t.Logf("exercised: %d SAFE deliveries, %d sync acknowledgements (SyncDone)", safe, syncs)
	if n >= 200 && (safe == 0 || syncs == 0) {
		t.Errorf("schedules did not exercise SAFE delivery (%d) or the trans ack (%d)", safe, syncs)
	}
}

// TestDeterministic: a seed is a complete description of a run.
func TestDeterministic(t *testing.T) {
	for _, seed := range []uint64{7, 42, 1234} {
		a, b := RunRandom(seed), RunRandom(seed)
		if a.Datagrams != b.Datagrams || strings.Join(a.Trace, "\n") != strings.Join(b.Trace, "\n") ||
			strings.Join(a.Actions, "\n") != strings.Join(b.Actions, "\n") {
			t.Fatalf("seed %d: two runs differ (%d vs %d datagrams)", seed, a.Datagrams, b.Datagrams)
		}
		if a.Datagrams == 0 || len(a.Actions) < 3 {
			t.Fatalf("seed %d: suspiciously empty run: %d datagrams, %d actions", seed, a.Datagrams, len(a.Actions))
		}
	}
}
