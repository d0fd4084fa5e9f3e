package simulate

import (
	"context"
	"testing"
	"time"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/simulate/gen"
)

// TestFailcountsDifferential: with -c (--show-failcounts), gocrm simulate
// prints crm_simulate's Migration Summary and Failed Resource Actions in
// both statuses, for generated clusters with failure-timeout (expired
// failures stay in the fail counts but leave the failed actions).
func TestFailcountsDifferential(t *testing.T) {
	bin := needOracle(t)
	n := seedCount(40, 10)
	compareSeeds(t, 0, n, func(ctx context.Context, dir string, seed uint64) seedResult {
		res := seedResult{seed: seed}
		feats := gen.Implemented
		feats.FailureTimeout = true
		c := gen.Generate(seed, feats, gen.Default)
		res.xml, res.err = c.Marshal()
		if res.err != nil {
			return res
		}
		now := gen.Now.Format(time.RFC3339)
		res.their, res.err = RunOracle(ctx, bin, dir, res.xml, "-c", "-t", now)
		if res.err != nil {
			return res
		}
		doc, err := cib.Parse("generated", res.xml)
		if err != nil {
			res.err = err
			return res
		}
		res.ours, res.err = Run(doc, Options{Simulate: true, ShowFailcounts: true, Now: gen.Now, NowText: now})
		return res
	})
}
