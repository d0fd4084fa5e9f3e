// Command simbench times `gocrm simulate -S` against Debian's
// crm_simulate on one generated cluster of gen.Bench size (16 nodes, 2,000
// primitives), prints the min and median wall time (and median CPU time) of
// each and their ratios, and says whether the two Transition Summaries
// agree. `make bench` runs it.
//
// crm_simulate runs with -R by default: scheduling and the Transition
// Summary, what gocrm simulate computes. Its -S also executes the
// transition, rewriting the whole CIB for every action; on this CIB that
// takes hours, so it is opt-in (-crm-args=-S).
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gorosync/gorosync/crm/simulate"
	"github.com/gorosync/gorosync/crm/simulate/gen"
)

func main() {
	gocrm := flag.String("gocrm", "bin/gocrm", "the gocrm binary to time")
	runs := flag.Int("runs", 5, "runs of each tool (1..20)")
	seed := flag.Uint64("seed", 1, "generator seed of the benchmark cluster")
	keep := flag.String("keep", "", "also write the generated CIB to this file")
	crmArgs := flag.String("crm-args", "-R", "crm_simulate's mode flags, before -x FILE")
	budget := flag.Duration("budget", 3*time.Minute, "no further runs of a tool once its runs took this long")
	flag.Parse()
	b := bench{gocrm: *gocrm, runs: min(max(*runs, 1), 20), budget: *budget, crmArgs: strings.Fields(*crmArgs)}
	if err := b.run(*seed, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "simbench:", err)
		os.Exit(1)
	}
}

type bench struct {
	gocrm   string
	runs    int
	budget  time.Duration
	crmArgs []string
	dir     string
}

// sample is one tool's timings.
type sample struct{ wall, cpu []time.Duration }

func (b *bench) run(seed uint64, keep string) error {
	xml, err := gen.XML(seed, gen.Implemented, gen.Bench)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "simbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	b.dir = dir
	file := filepath.Join(dir, "cib.xml")
	if err := os.WriteFile(file, xml, 0o644); err != nil {
		return err
	}
	if keep != "" {
		if err := os.WriteFile(keep, xml, 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("== gocrm simulate -S vs crm_simulate %s: seed %d, %d nodes, %d primitives, %d KiB of CIB, %d runs each\n",
		strings.Join(b.crmArgs, " "), seed, gen.Bench.MaxNodes, gen.Bench.MaxPrimitives, len(xml)/1024, b.runs)

	ours, oursOut, err := b.time(b.gocrm, "simulate", "-S", "-x", file)
	if err != nil {
		return err
	}
	report("gocrm simulate -S", ours)
	oracle := simulate.FindOracle()
	if oracle == "" {
		fmt.Println("crm_simulate is not installed (Debian package pacemaker-cli-utils): no comparison")
		return nil
	}
	args := append(append([]string(nil), b.crmArgs...), "-x", file)
	theirs, theirOut, err := b.time(oracle, args...)
	if err != nil {
		return err
	}
	report("crm_simulate "+strings.Join(b.crmArgs, " "), theirs)
	fmt.Printf("%-22s wall %.1fx  cpu %.1fx  (crm_simulate / gocrm, medians; above 1: gocrm is faster)\n", "ratio",
		ratio(theirs.wall, ours.wall), ratio(theirs.cpu, ours.cpu))
	return compare(oursOut, theirOut)
}

func ratio(a, b []time.Duration) float64 { return float64(median(a)) / float64(max(median(b), 1)) }

// time runs a command up to b.runs times (fewer once b.budget is spent)
// and returns its wall and CPU (user+system) times and the first run's
// stdout.
func (b *bench) time(bin string, args ...string) (sample, string, error) {
	var s sample
	var spent time.Duration
	var out string
	for i := 0; i < b.runs && spent < b.budget; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 4*b.budget)
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Env = append(os.Environ(), "CIB_shadow_dir="+b.dir, "LC_ALL=C")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		start := time.Now()
		err := cmd.Run()
		took := time.Since(start)
		cancel()
		if err != nil {
			return s, "", fmt.Errorf("%s: %v: %s", bin, err, strings.TrimSpace(stderr.String()))
		}
		s.wall = append(s.wall, took)
		s.cpu = append(s.cpu, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
		spent += took
		if i == 0 {
			out = stdout.String()
		}
	}
	return s, out, nil
}

func median(ts []time.Duration) time.Duration {
	s := slices.Clone(ts)
	slices.Sort(s)
	return s[len(s)/2]
}

func report(name string, s sample) {
	fmt.Printf("%-22s wall min %7.3fs median %7.3fs   cpu median %7.3fs   (%d runs)\n", name,
		slices.Min(s.wall).Seconds(), median(s.wall).Seconds(), median(s.cpu).Seconds(), len(s.wall))
}

// compare says whether the Transition Summaries (and the rest of what
// gocrm renders) agree; a disagreement is reported, not an error, since
// the benchmark measures speed.
func compare(ours, theirs string) error {
	a, err := simulate.ParseSummary(ours)
	if err != nil {
		return fmt.Errorf("gocrm output: %v", err)
	}
	b, err := simulate.ParseSummary(theirs)
	if err != nil {
		return fmt.Errorf("crm_simulate output: %v", err)
	}
	if slices.Equal(a, b) {
		fmt.Printf("Transition Summaries agree (%d lines)\n", len(a))
	} else {
		fmt.Printf("Transition Summaries DIFFER: gocrm %d lines, crm_simulate %d lines\n", len(a), len(b))
		for i := 0; i < max(len(a), len(b)); i++ {
			var x, y string
			if i < len(a) {
				x = a[i]
			}
			if i < len(b) {
				y = b[i]
			}
			if x != y {
				fmt.Printf("  first difference at line %d:\n    gocrm:        %q\n    crm_simulate: %q\n", i+1, x, y)
				break
			}
		}
	}
	// Both print the current status before the summary.
	head := func(out string) string { return out[:strings.Index(out, "Transition Summary:\n")] }
	if head(ours) == head(theirs) {
		fmt.Println("Current cluster status agrees too")
	} else {
		fmt.Println("Current cluster status differs")
	}
	return nil
}
