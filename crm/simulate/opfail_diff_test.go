package simulate

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/scheduler"
	"github.com/gorosync/gorosync/crm/simulate/gen"
	"github.com/gorosync/gorosync/crm/simulate/inject"
)

var (
	flagOpFailSeeds = flag.Int("opfail-seeds", 60, "number of generated clusters TestOpFailDifferential compares with crm_simulate")
	flagOpFailAll   = flag.Bool("opfail-all", false, "TestOpFailDifferential: count the known gaps (opFailGaps) as mismatches too")
)

// opFailGaps are the default seeds (from 0) where gocrm is known to differ.
// The test fails if one of them starts to match, so the list only shrinks.
// Since the Revised Cluster Status comes from unpacking the transitioned
// CIB again (as crm_simulate does), 13 (a clone instance's place) and 40
// match too: none are left. With FailureTimeout in gen.Implemented, 37 and
// 38 were transitions crm_simulate rejects without -F, now emulated: an
// unmanaged clone's required pseudo-action stays an input.
var opFailGaps = map[uint64]bool{}

// TestOpFailDifferential: for generated clusters, with the events
// TestInjectDifferential draws (on odd seeds), a start or stop that the
// transition runs is made to fail with --op-fail; gocrm simulate -S prints
// what crm_simulate -S prints: the Executing block up to the failure,
// "Pretending action N failed" with its injected fail count, and the
// Revised Cluster Status; with -c (--show-failcounts), so both statuses'
// Migration Summary and Failed Resource Actions show the new failure.
// Clusters whose transition runs no start or stop are skipped. More seeds:
// `go test ./crm/simulate -run OpFailDifferential -args -opfail-seeds 400`.
func TestOpFailDifferential(t *testing.T) {
	bin := needOracle(t)
	n := seedCount(*flagOpFailSeeds, 20)
	skipped := 0
	var mu sync.Mutex
	gapMatches := map[uint64]bool{}
	gaps := *flagFirst == 0 && !*flagOpFailAll && !*flagFull
	compareSeeds(t, *flagFirst, n, func(ctx context.Context, dir string, seed uint64) seedResult {
		res := seedResult{seed: seed}
		c, used, in, spec, err := opFailCase(seed, &res)
		if err != nil || spec == "" {
			res.err = err
			if spec == "" {
				mu.Lock()
				skipped++
				mu.Unlock()
			}
			return res
		}
		compareInjected(ctx, bin, dir, &res, c, used, append(injectionArgs(in), "-c", "-F", spec),
			Options{Inject: in, OpFail: []string{spec}, ShowFailcounts: true})
		if gaps && opFailGaps[seed] && res.err == nil {
			mu.Lock()
			gapMatches[seed] = res.ours == res.their
			mu.Unlock()
			res.ours = res.their // a known gap: not counted
		}
		return res
	})
	t.Logf("%d clusters without a start or stop to fail; %d known gaps not counted (-opfail-all counts them)", skipped, len(gapMatches))
	for seed, same := range gapMatches {
		if same {
			t.Errorf("seed %d now matches crm_simulate: remove it from opFailGaps", seed)
		}
	}
}

// pickOpFail draws a start or stop that the transition of doc (after in)
// runs and returns it as an --op-fail spec with rc 1, the resource named
// as a user would (a clone instance by its primitive's id); "" if none.
func pickOpFail(seed uint64, doc *cib.CIB, in inject.Injections) (string, error) {
	modified, _, err := Injected(doc, Options{Inject: in, Clock: func() time.Time { return gen.Now }})
	if err != nil {
		return "", err
	}
	tr, err := scheduler.ScheduleWith(modified, scheduler.Options{Now: gen.Now})
	if err != nil {
		return "", err
	}
	var cands []*scheduler.Action
	for _, a := range tr.Executed {
		if !a.Pseudo && a.Rsc != nil && a.Node != nil && (a.Task == "start" || a.Task == "stop") {
			cands = append(cands, a)
		}
	}
	if len(cands) == 0 {
		return "", nil
	}
	r := rand.New(rand.NewPCG(seed, 0x6f7066))
	a := cands[r.IntN(len(cands))]
	name := a.Rsc.ID
	if a.Rsc.IsInstance() {
		name = a.Rsc.Parent.Clone.ChildID
	}
	return fmt.Sprintf("%s_%s_0@%s=1", name, a.Task, a.Node.Name), nil
}

// opFailCase is the generated cluster of an op-fail seed (its XML in
// res.xml), the injections odd seeds get first, and the action to fail
// ("" when there is none).
func opFailCase(seed uint64, res *seedResult) (*cib.CIB, gen.Features, inject.Injections, string, error) {
	var in inject.Injections
	c, used := gen.GenerateUsed(seed, gen.SummaryExact, gen.Default)
	var err error
	if res.xml, err = c.Marshal(); err != nil {
		return c, used, in, "", err
	}
	if seed%2 == 1 {
		if in, err = pickInjections(seed, c); err != nil {
			return c, used, in, "", err
		}
	}
	spec, err := pickOpFail(seed, c, in)
	return c, used, in, spec, err
}
