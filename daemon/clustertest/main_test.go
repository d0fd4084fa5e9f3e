package clustertest

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gorosync/gorosync/internal/cluster"
)

// binary is the gorosync built once for the whole package ("" when the
// build was not possible here; the tests then skip through cluster.Require
// or fail on the recorded error).
var (
	binary   string
	buildErr error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gorosync-clustertest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if cluster.Available() == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		binary, buildErr = cluster.Build(ctx, dir)
		cancel()
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// Bounds of the waits. Forming takes about a second with token 1000 and a
// SIGKILL about 3.5 s (token 1650 + consensus 1980); the bounds are
// generous so that a loaded machine only makes the tests slower.
const (
	formBound   = 30 * time.Second
	reformBound = 30 * time.Second
)

// newCluster starts nothing: it makes the boxes of a gorosync cluster.
func newCluster(t *testing.T, conf []byte, addrs ...string) *cluster.Cluster {
	t.Helper()
	cluster.Require(t, cluster.Gorosync)
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return cluster.New(t, cluster.Options{Flavour: cluster.Gorosync, Binary: binary, Conf: conf, Addrs: prefixes(t, addrs)})
}

func prefixes(t *testing.T, addrs []string) []netip.Prefix {
	t.Helper()
	ps := make([]netip.Prefix, len(addrs))
	for i, a := range addrs {
		ps[i] = netip.MustParsePrefix(a)
	}
	return ps
}

// sampleDir is a copy of ../shared/reference/samples/<name>: what Debian's
// corosync 3.1.7 printed for a cluster of the same shape (realcluster.sh).
func sampleDir(name string) string { return filepath.Join("testdata", "samples", name) }

func readSample(t *testing.T, name, file string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sampleDir(name), file))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sampleConf is the corosync.conf the sample was taken with.
func sampleConf(t *testing.T, name string) []byte {
	return []byte(readSample(t, name, "corosync.conf"))
}

var (
	dateLine = regexp.MustCompile(`(?m)^Date: .*$`)
	ringSeq  = regexp.MustCompile(`(?m)^(Ring ID: +[0-9a-f]+)\.[0-9a-f]+$`)
)

// normalise blanks what differs from run to run: the Date line and the
// ring sequence number of quorumtool -s.
func normalise(s string) string {
	s = dateLine.ReplaceAllString(s, "Date: -")
	return ringSeq.ReplaceAllString(s, "$1.-")
}

// wait is cluster.WaitFor failing the test.
func wait(t *testing.T, bound time.Duration, what string, cond cluster.Condition) {
	t.Helper()
	if err := cluster.WaitFor(context.Background(), bound, cond); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

// diff lists the lines only one side has ("-" want, "+" got), each side
// in its own order; dumps are sorted, so this reads well for them too.
func diff(want, got string) string {
	count := map[string]int{}
	for _, l := range strings.Split(got, "\n") {
		count[l]++
	}
	var b strings.Builder
	for _, l := range strings.Split(want, "\n") {
		if count[l] > 0 {
			count[l]--
			continue
		}
		fmt.Fprintf(&b, "-%q\n", l)
	}
	for _, l := range strings.Split(got, "\n") {
		if count[l] > 0 {
			count[l]--
			fmt.Fprintf(&b, "+%q\n", l)
		}
	}
	return b.String()
}
