// Command coldstart measures how long a cluster takes to form from a cold
// start, many times over: every rep kills all daemons, forgets their ring
// ids and logs, starts all nodes at once and times the slowest node's
// "Completed service synchronization" of the full ring (from the daemons'
// own hires log lines). It prints each time and a histogram, and keeps the
// logs of reps slower than -slow for reading.
//
//	go build -o bin/gorosync ./cmd/gorosync
//	go run ./internal/cluster/cmd/coldstart -n 40 -debug -keep /tmp/cold
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/gorosync/gorosync/internal/cluster"
)

func main() {
	bin := flag.String("bin", "bin/gorosync", "the gorosync binary")
	reps := flag.Int("n", 40, "cold starts")
	nodes := flag.Int("nodes", 3, "cluster size")
	token := flag.Int("token", 1000, "totem.token (ms)")
	debug := flag.Bool("debug", false, "logging { debug: on }")
	flav := flag.String("flavours", "", "comma-separated flavour per node (gorosync,corosync); default all gorosync")
	slow := flag.Duration("slow", 800*time.Millisecond, "keep the logs of reps slower than this")
	keep := flag.String("keep", "", "directory for the logs of slow reps (\"\" keeps none)")
	flag.StringVar(&grep, "grep", "", "also count the reps in which some node logged this text")
	flag.Parse()
	if err := run(*bin, *reps, *nodes, *token, *debug, *flav, *slow, *keep); err != nil {
		fmt.Fprintf(os.Stderr, "coldstart: %v\n", err)
		os.Exit(1)
	}
}

const bound = 30 * time.Second

// grep is the -grep text; grepped counts the reps whose logs had it.
var (
	grep    string
	grepped int
)

func run(bin string, reps, size, token int, debug bool, flav string, slow time.Duration, keep string) error {
	if err := cluster.Available(); err != nil {
		return err
	}
	abs, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	addrs := cluster.Addrs(239, size)
	conf := cluster.Conf(cluster.ConfOptions{ClusterName: "cold", Token: token, Debug: debug}, addrs)
	o := cluster.Options{Flavour: cluster.Gorosync, Binary: abs, Conf: conf, Addrs: addrs}
	if flav != "" {
		for _, f := range strings.Split(flav, ",") {
			o.Flavours = append(o.Flavours, cluster.Flavour(f))
		}
	}
	c, err := cluster.Create(ctx, o)
	if err != nil {
		return err
	}
	defer c.Close()
	var times []time.Duration
	for r := 1; r <= reps; r++ {
		d, err := rep(ctx, c)
		if err != nil {
			for _, n := range c.Nodes {
				fmt.Fprintf(os.Stderr, "=== %s\n%s\n", n.Name, n.Output())
			}
			return fmt.Errorf("rep %d: %w", r, err)
		}
		times = append(times, d)
		mark := ""
		if grep != "" && logged(c, grep) {
			grepped++
			mark += fmt.Sprintf(" (logged %q)", grep)
		}
		if d > slow {
			mark = " SLOW"
			if keep != "" {
				if err := save(c, filepath.Join(keep, fmt.Sprintf("rep%02d", r))); err != nil {
					return err
				}
				mark += " (logs kept)"
			}
		}
		fmt.Printf("rep %2d: %5d ms%s\n", r, d.Milliseconds(), mark)
	}
	summary(times, slow)
	if grep != "" {
		fmt.Printf("%d of %d reps logged %q\n", grepped, len(times), grep)
	}
	return nil
}

// rep is one cold start; it returns the time to the last node's sync of
// the full ring.
func rep(ctx context.Context, c *cluster.Cluster) (time.Duration, error) {
	for _, n := range c.Nodes {
		if n.Running() {
			if _, err := n.Kill(); err != nil {
				return 0, err
			}
		}
		for _, sub := range []string{"lib", "log/corosync"} {
			ents, _ := os.ReadDir(filepath.Join(n.Dir, sub))
			for _, e := range ents {
				if err := os.RemoveAll(filepath.Join(n.Dir, sub, e.Name())); err != nil {
					return 0, err
				}
			}
		}
	}
	t0 := time.Now()
	if err := c.StartAll(); err != nil {
		return 0, err
	}
	var last time.Time
	for _, n := range c.Nodes {
		if err := cluster.WaitFor(ctx, bound, n.SyncedAfter(t0, len(c.Nodes))); err != nil {
			return 0, err
		}
		at, ok, err := n.SyncAfter(t0, len(c.Nodes))
		if err != nil || !ok {
			return 0, errors.Join(err, fmt.Errorf("%s: sync event vanished", n.Name))
		}
		if at.After(last) {
			last = at
		}
	}
	return last.Sub(t0.Truncate(time.Millisecond)), nil
}

func logged(c *cluster.Cluster, text string) bool {
	for _, n := range c.Nodes {
		if b, err := os.ReadFile(n.LogFile()); err == nil && strings.Contains(string(b), text) {
			return true
		}
	}
	return false
}

func save(c *cluster.Cluster, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, n := range c.Nodes {
		b, err := os.ReadFile(n.LogFile())
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, n.Name+".log"), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func summary(ts []time.Duration, slow time.Duration) {
	s := slices.Clone(ts)
	slices.Sort(s)
	nslow := 0
	for _, d := range s {
		if d > slow {
			nslow++
		}
	}
	fmt.Printf("\n%d cold starts: min %d ms, median %d ms, p90 %d ms, max %d ms; %d slower than %v\n",
		len(s), s[0].Milliseconds(), s[len(s)/2].Milliseconds(), s[len(s)*9/10].Milliseconds(),
		s[len(s)-1].Milliseconds(), nslow, slow)
	buckets := []time.Duration{100, 200, 300, 500, 800, 1200, 1600, 2000, 3000, 1 << 40}
	prev := time.Duration(0)
	for _, b := range buckets {
		b *= time.Millisecond
		k := 0
		for _, d := range s {
			if d > prev && d <= b || (prev == 0 && d <= b && d == 0) {
				k++
			}
		}
		if k > 0 {
			hi := fmt.Sprint(b.Milliseconds())
			if b > time.Hour {
				hi = "inf"
			}
			fmt.Printf("  (%4d, %4s] ms: %3d %s\n", prev.Milliseconds(), hi, k, strings.Repeat("#", k))
		}
		prev = b
	}
}
