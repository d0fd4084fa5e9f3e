// Command clusterbench is the daemon part of `make bench`: it runs a 3-node
// gorosync cluster and a 3-node cluster of Debian's corosync side by side,
// each on its own LAN of network namespaces, with the same corosync.conf
// (udpu, token 1000), and prints a table of
//
//   - the time from starting the daemons to a full quorate ring,
//   - the time from SIGKILL of a member to the survivors' new quorate ring,
//   - idle CPU % and RSS per node, from /proc, over one shared window,
//
// with the gorosync/corosync ratios. Event times come from each daemon's
// own log line "Completed service synchronization" (hires timestamps, ms)
// following "Members[N]" for the expected N, at the slowest node; every
// event is then confirmed with quorumtool. Repetitions alternate between
// the flavours so both see the same machine load.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/gorosync/gorosync/internal/cluster"
	"github.com/gorosync/gorosync/internal/netns"
)

func main() {
	bin := flag.String("bin", "bin/gorosync", "the gorosync binary")
	reps := flag.Int("reps", 3, "repetitions of form + SIGKILL per flavour")
	idle := flag.Duration("idle", 10*time.Second, "idle CPU/RSS window")
	flag.Parse()
	os.Exit(run(*bin, *reps, *idle, os.Stdout))
}

// bound is how long any one wait may take.
const bound = 60 * time.Second

func run(bin string, reps int, idle time.Duration, out io.Writer) int {
	if err := cluster.Available(); err != nil {
		// Like the tests: skip without root, unless CI forbids skipping.
		fmt.Fprintf(os.Stderr, "clusterbench: skipped: %v\n", err)
		if os.Getenv(netns.NoSkipEnv) == "1" {
			return 1
		}
		return 0
	}
	abs, err := filepath.Abs(bin)
	if err == nil {
		_, err = os.Stat(abs)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "clusterbench: %v (make build first)\n", err)
		return 1
	}
	flavours := []cluster.Flavour{cluster.Gorosync}
	if _, err := exec.LookPath("corosync"); err == nil {
		flavours = append(flavours, cluster.Corosync)
	} else {
		fmt.Fprintln(os.Stderr, "clusterbench: corosync is not installed; gorosync only")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	addrs := cluster.Addrs(240, 3)
	conf := cluster.Conf(cluster.ConfOptions{ClusterName: "bench", Token: 1000}, addrs)
	var benches []*bench
	defer func() {
		for _, b := range benches {
			if err := b.c.Close(); err != nil {
				fmt.Fprintf(os.Stderr, "clusterbench: cleanup: %v\n", err)
			}
		}
	}()
	for _, f := range flavours {
		c, err := cluster.Create(ctx, cluster.Options{Flavour: f, Binary: abs, Conf: conf, Addrs: addrs})
		if err != nil {
			fmt.Fprintf(os.Stderr, "clusterbench: %v\n", err)
			return 1
		}
		benches = append(benches, &bench{f: f, c: c})
	}
	fmt.Fprintf(os.Stderr, "clusterbench: %d reps of form+SIGKILL per flavour, then %v idle\n", reps, idle)
	for r := 1; r <= reps; r++ {
		for _, b := range benches {
			if err := b.rep(ctx); err != nil {
				return fail(b, err)
			}
			fmt.Fprintf(os.Stderr, "  rep %d %-8s form %5d ms  sigkill->ring %5d ms\n", r, b.f,
				b.form[len(b.form)-1].Milliseconds(), b.kill[len(b.kill)-1].Milliseconds())
		}
	}
	// Idle: every node of both clusters up and in one ring, one window.
	var pids []int
	for _, b := range benches {
		if err := b.full(ctx); err != nil {
			return fail(b, err)
		}
		for _, n := range b.c.Nodes {
			pids = append(pids, n.PID())
		}
	}
	us, err := cluster.MeasureUsage(ctx, pids, idle)
	if err != nil {
		fmt.Fprintf(os.Stderr, "clusterbench: %v\n", err)
		return 1
	}
	for i, b := range benches {
		b.usage = us[i*3 : i*3+3]
	}
	table(out, benches, idle)
	return 0
}

func fail(b *bench, err error) int {
	fmt.Fprintf(os.Stderr, "clusterbench: %s: %v\n", b.f, err)
	for _, n := range b.c.Nodes {
		fmt.Fprintf(os.Stderr, "=== %s\n%s\n", n.Name, n.Output())
	}
	return 1
}

// bench is one flavour's cluster and what was measured on it.
type bench struct {
	f     cluster.Flavour
	c     *cluster.Cluster
	start time.Time // when the current cold start began
	form  []time.Duration
	kill  []time.Duration
	usage []cluster.Usage
}

// rep is one cold start of all three nodes and one SIGKILL of n3.
func (b *bench) rep(ctx context.Context) error {
	if err := b.coldStart(ctx); err != nil {
		return err
	}
	all := b.c.Nodes
	d, err := b.event(ctx, b.start, 3, all...)
	if err != nil {
		return fmt.Errorf("forming: %w", err)
	}
	b.form = append(b.form, d)
	if err := cluster.WaitFor(ctx, bound, cluster.EachQuorum(cluster.Ring(true, 1, 2, 3), all...)); err != nil {
		return err
	}
	t1 := time.Now()
	if _, err := b.c.Node(3).Kill(); err != nil {
		return err
	}
	d, err = b.event(ctx, t1, 2, all[:2]...)
	if err != nil {
		return fmt.Errorf("after SIGKILL: %w", err)
	}
	b.kill = append(b.kill, d)
	return cluster.WaitFor(ctx, bound, cluster.EachQuorum(cluster.Ring(true, 1, 2), all[:2]...))
}

// coldStart stops every daemon, forgets the persisted ring ids (as a fresh
// install) and starts all three at once, recording the start time.
func (b *bench) coldStart(ctx context.Context) error {
	for _, n := range b.c.Nodes {
		if n.Running() {
			if _, err := n.Kill(); err != nil {
				return err
			}
		}
		ents, _ := os.ReadDir(filepath.Join(n.Dir, "lib"))
		for _, e := range ents {
			if err := os.RemoveAll(filepath.Join(n.Dir, "lib", e.Name())); err != nil {
				return err
			}
		}
	}
	b.start = time.Now()
	return b.c.StartAll()
}

// full brings every node of the cluster up into one quorate ring.
func (b *bench) full(ctx context.Context) error {
	for _, n := range b.c.Nodes {
		if !n.Running() {
			if err := n.Start(); err != nil {
				return err
			}
		}
	}
	return cluster.WaitFor(ctx, bound, cluster.EachQuorum(cluster.Ring(true, 1, 2, 3), b.c.Nodes...))
}

// event waits until every one of nodes has logged a completed sync of a
// ring of `members` after t0, and returns how long after t0 the last one did.
func (b *bench) event(ctx context.Context, t0 time.Time, members int, nodes ...*cluster.Node) (time.Duration, error) {
	var last time.Time
	for _, n := range nodes {
		if err := cluster.WaitFor(ctx, bound, n.SyncedAfter(t0, members)); err != nil {
			return 0, err
		}
		at, ok, err := n.SyncAfter(t0, members)
		if err != nil || !ok {
			return 0, errors.Join(err, fmt.Errorf("%s: sync event vanished", n.Name))
		}
		if at.After(last) {
			last = at
		}
	}
	return last.Sub(t0.Truncate(time.Millisecond)), nil
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ms(ds []time.Duration) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = fmt.Sprint(d.Milliseconds())
	}
	return strings.Join(parts, ",")
}

func table(w io.Writer, bs []*bench, idle time.Duration) {
	fmt.Fprintf(w, "\n3-node cluster, udpu, token 1000 (same corosync.conf), %d reps, median [each rep]; times in ms from\n"+
		"the daemons' own \"Completed service synchronization\" log lines, slowest node; idle over %v\n\n", len(bs[0].form), idle)
	fmt.Fprintf(w, "%-34s", "")
	for _, b := range bs {
		fmt.Fprintf(w, " %-26s", b.f)
	}
	if len(bs) == 2 {
		fmt.Fprintf(w, " %s", "ratio gorosync/corosync")
	}
	fmt.Fprintln(w)
	row := func(name string, cell func(*bench) string, val func(*bench) float64) {
		fmt.Fprintf(w, "%-34s", name)
		for _, b := range bs {
			fmt.Fprintf(w, " %-26s", cell(b))
		}
		if len(bs) == 2 && val(bs[1]) != 0 {
			fmt.Fprintf(w, " %.2f", val(bs[0])/val(bs[1]))
		}
		fmt.Fprintln(w)
	}
	row("form full quorate ring (ms)", func(b *bench) string {
		return fmt.Sprintf("%d [%s]", median(b.form).Milliseconds(), ms(b.form))
	}, func(b *bench) float64 { return float64(median(b.form)) })
	row("SIGKILL -> survivors' ring (ms)", func(b *bench) string {
		return fmt.Sprintf("%d [%s]", median(b.kill).Milliseconds(), ms(b.kill))
	}, func(b *bench) float64 { return float64(median(b.kill)) })
	row("idle CPU % per node (n1/n2/n3)", func(b *bench) string {
		return fmt.Sprintf("%.2f/%.2f/%.2f", b.usage[0].CPUPercent, b.usage[1].CPUPercent, b.usage[2].CPUPercent)
	}, func(b *bench) float64 { return b.usage[0].CPUPercent + b.usage[1].CPUPercent + b.usage[2].CPUPercent })
	row("RSS per node (KiB, n1/n2/n3)", func(b *bench) string {
		return fmt.Sprintf("%d/%d/%d", b.usage[0].RSSKiB, b.usage[1].RSSKiB, b.usage[2].RSSKiB)
	}, func(b *bench) float64 { return float64(b.usage[0].RSSKiB + b.usage[1].RSSKiB + b.usage[2].RSSKiB) })
	fmt.Fprintln(w, "(ratios of the CPU and RSS rows are of the sums over the three nodes)")
}
