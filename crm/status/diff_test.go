package status

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/simulate/gen"
	"github.com/gorosync/gorosync/internal/netns"
)

var (
	flagSeeds = flag.Int("seeds", 200, "number of generated clusters TestDifferential compares with crm_mon")
	flagFirst = flag.Uint64("first-seed", 0, "first seed of TestDifferential")
	// -all-features is kept for scripts: every feature is generated now.
	_        = flag.Bool("all-features", false, "no-op: features() covers every gen feature")
	flagWith = flag.String("with", "", "comma-separated gen.Features fields to switch on besides features() (e.g. OnFail,HardErrors)")
)

// features are the generated inputs the comparison covers: all of them.
// Failures, on-fail, failure-timeout, hard errors and failed stops render
// as crm_mon's (seed 264, a blocked clone instance whose expired stop
// failure keeps it stopped, matches since stopfail2's scheduler fix).
func features() gen.Features {
	f := gen.All
	if err := gen.Enable(&f, *flagWith); err != nil {
		panic(err)
	}
	return f
}

// mode is one crm_mon invocation the test compares.
type mode struct {
	name string
	args []string
	ours func(*cib.CIB) (string, error)
}

var modes = []mode{
	{"-1", nil, func(d *cib.CIB) (string, error) { return Text(d, Options{}) }},
	// -f only adds the Migration Summary: one run covers -r and -f.
	{"-1 -r -f", []string{"-r", "-f"}, func(d *cib.CIB) (string, error) {
		return Text(d, Options{Inactive: true, Failcounts: true})
	}},
	{"-1 --output-as=xml", []string{"--output-as=xml"}, func(d *cib.CIB) (string, error) { return XML(d, XMLOptions{}) }},
}

// TestDifferential: for generated clusters, gocrm status prints what
// `CIB_file=... crm_mon -1` prints (text, -r, and XML), apart from the
// "Last updated" time. More seeds: `go test ./crm/status -run
// Differential -args -seeds 500`.
func TestDifferential(t *testing.T) {
	bin := FindOracle()
	if bin == "" {
		netns.SkipOrFail(t, "crm_mon (Debian package pacemaker-cli-utils) is not installed")
	}
	n := *flagSeeds
	if (testing.Short() || raceDetector) && n > 20 {
		n = 20
	}
	// A bound against a hung oracle, not a speed check: generous enough
	// for a loaded 2-core machine (the test takes under a minute idle).
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()

	type result struct {
		seed uint64
		msgs []string
		xml  []byte
	}
	seeds := make(chan uint64)
	results := make(chan result)
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dir := t.TempDir()
			for seed := range seeds {
				results <- compareSeed(ctx, bin, dir, seed)
			}
		}()
	}
	go func() {
		for s := *flagFirst; s < *flagFirst+uint64(n); s++ {
			seeds <- s
		}
		close(seeds)
		wg.Wait()
		close(results)
	}()
	var badSeeds []uint64
	dumped := 0
	for res := range results {
		if len(res.msgs) == 0 {
			continue
		}
		badSeeds = append(badSeeds, res.seed)
		for _, m := range res.msgs {
			t.Errorf("seed %d: %s", res.seed, m)
		}
		if dumped < 2 && res.xml != nil {
			t.Logf("seed %d CIB:\n%s", res.seed, res.xml)
			dumped++
		}
	}
	sort.Slice(badSeeds, func(i, j int) bool { return badSeeds[i] < badSeeds[j] })
	t.Logf("%d seeds, %d mismatches %v", n, len(badSeeds), badSeeds)
}

func compareSeed(ctx context.Context, bin, dir string, seed uint64) (res struct {
	seed uint64
	msgs []string
	xml  []byte
}) {
	res.seed = seed
	x, err := gen.XML(seed, features(), gen.Default)
	if err != nil {
		res.msgs = append(res.msgs, err.Error())
		return res
	}
	res.xml = x
	file := filepath.Join(dir, "cib.xml")
	if err := os.WriteFile(file, x, 0o644); err != nil {
		res.msgs = append(res.msgs, err.Error())
		return res
	}
	doc, err := cib.Parse("generated", x)
	if err != nil {
		res.msgs = append(res.msgs, err.Error())
		return res
	}
	for _, m := range modes {
		their, err := RunOracle(ctx, bin, file, m.args...)
		if err != nil {
			res.msgs = append(res.msgs, m.name+": "+err.Error())
			continue
		}
		ours, err := m.ours(doc)
		if err != nil {
			res.msgs = append(res.msgs, m.name+": gocrm: "+err.Error())
			continue
		}
		if a, b := Normalize(their), Normalize(ours); a != b {
			res.msgs = append(res.msgs, fmt.Sprintf("crm_mon %s differs at %s\n--- crm_mon\n%s--- gocrm\n%s", m.name, firstDiff(a, b), a, b))
		}
	}
	return res
}

// firstDiff names the first line where a and b differ, to find it fast.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("line %d: crm_mon %q, gocrm %q", i+1, x, y)
		}
	}
	return "no line"
}
