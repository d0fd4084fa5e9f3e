package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/internal/oracle"
)

// The differential test runs Debian's corosync 3.1.7 and gorosync side by
// side, in the same kind of box (network namespace with the config's
// addresses, private /etc/corosync, /etc/hosts, /var/log), over every config
// in testdata/conf and, when ../shared is present, the real-world corpus. It
// compares the `-t` verdict (exit status, stderr, log files and syslog, with
// timestamps and pids normalised) and, for configs that start, the running
// daemon's `corosync-cmapctl -b PREFIX` dumps with
// `gorosync cmapctl --from-config FILE -b PREFIX`, byte for byte.
//
// It needs root, `ip netns` and corosync; CI sets GOROSYNC_NO_SKIP=1 so
// that a missing oracle fails instead of skipping.

const corpusDir = "../../../shared/reference/confs"

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// gorosyncBin builds the command once per test binary into a directory the
// boxes can see (their /tmp is an overlay on the host's).
func gorosyncBin(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gorosync-bin-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "gorosync")
		out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput()
		if err != nil {
			buildErr = err
			builtBin = string(out)
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v\n%s", buildErr, builtBin)
	}
	return builtBin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if builtBin != "" && buildErr == nil {
		os.RemoveAll(filepath.Dir(builtBin))
	}
	os.Exit(code)
}

// diffCase is one config and the box it runs in.
type diffCase struct {
	name string
	box  oracle.Box
}

func testdataCases(t *testing.T) []diffCase {
	dir := "../../testdata/conf"
	entries, err := oracle.LoadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	var cs []diffCase
	for _, e := range entries {
		b, err := e.Box(dir)
		if err != nil {
			t.Fatalf("%s: %v", e.File, err)
		}
		cs = append(cs, diffCase{name: e.File, box: b})
	}
	return cs
}

func corpusCases(t *testing.T) []diffCase {
	entries, err := oracle.CorpusEntries(corpusDir)
	if os.IsNotExist(err) {
		t.Logf("corpus not present at %s: skipping it", corpusDir)
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var cs []diffCase
	for _, e := range entries {
		b, err := e.Box(corpusDir, true)
		if err != nil {
			t.Fatalf("%s: %v", e.File, err)
		}
		cs = append(cs, diffCase{name: "corpus/" + filepath.Base(e.File), box: b})
		if e.NoKeyVariant {
			nb, err := e.Box(corpusDir, false)
			if err != nil {
				t.Fatal(err)
			}
			cs = append(cs, diffCase{name: "corpus/" + filepath.Base(e.File) + "+nokey", box: nb})
		}
	}
	return cs
}

func TestDifferentialAgainstCorosync(t *testing.T) {
	oracle.Require(t)
	bin := gorosyncBin(t)
	cases := append(testdataCases(t), corpusCases(t)...)
	if len(cases) < 30 {
		t.Fatalf("only %d configs to compare", len(cases))
	}
	// Two boxes at a time keep both cores busy without starving the rest.
	sem := make(chan struct{}, 2)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			sem <- struct{}{}
			defer func() { <-sem }()
			compareCase(t, bin, c)
		})
	}
}

func compareCase(t *testing.T, bin string, c diffCase) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	// Each -t runs in a fresh box of its own (both write the same log
	// files); our from-config dumps follow our -t in its box.
	real, err := oracle.CheckT(ctx, c.box, nil)
	if err != nil {
		t.Fatal(err)
	}
	argvs := [][]string{{bin, "-t", "-c", oracle.ConfPath}}
	for _, p := range oracle.DumpPrefixes {
		argvs = append(argvs, []string{bin, "cmapctl", "--from-config", oracle.ConfPath, "-b", p})
	}
	rs, err := oracle.Commands(ctx, c.box, argvs...)
	if err != nil {
		t.Fatal(err)
	}
	ours := rs[0]
	if real.Exit != ours.Exit {
		t.Errorf("-t exit: corosync %d, gorosync %d", real.Exit, ours.Exit)
	}
	if w, g := oracle.Normalize(oracle.FormatT(real)), oracle.Normalize(oracle.FormatT(ours)); w != g {
		t.Errorf("-t output differs\n--- corosync\n%s--- gorosync\n%s", w, g)
	}
	if real.Exit != 0 {
		// A rejected config: our --from-config must refuse it too.
		for i, p := range oracle.DumpPrefixes {
			if r := rs[1+i]; r.Exit == 0 {
				t.Errorf("cmapctl --from-config -b %s succeeded on a config corosync rejects", p)
			}
		}
		return
	}
	dump, err := oracle.RunDaemon(ctx, c.box)
	if err != nil {
		t.Fatal(err)
	}
	if !dump.Ready {
		// Configs that pass -t but fail at start (votequorum checks) are
		// the daemon issue's business; say so rather than hide it.
		t.Logf("corosync did not start (exit %d): %s", dump.Daemon.Exit, firstLine(dump.Daemon.Stderr))
		return
	}
	for i, p := range oracle.DumpPrefixes {
		got := rs[1+i]
		if want := dump.PrefixExit[p]; got.Exit != want {
			t.Errorf("cmapctl -b %s: exit corosync %d, gorosync %d (%s)", p, want, got.Exit, got.Stderr)
		}
		if w := dump.ByPrefix[p]; got.Stdout != w {
			t.Errorf("cmapctl -b %s differs:\n%s", p, dumpDiff(w, got.Stdout))
		}
	}
}

// dumpDiff explains a dump mismatch key by key, type by type, using the
// strict parser of corosync-cmapctl's line format.
func dumpDiff(want, got string) string {
	parse := func(s string) (map[string]cmap.Value, string) {
		lines, err := cmap.ParseDump(strings.NewReader(s), "dump")
		if err != nil {
			return nil, err.Error()
		}
		m := map[string]cmap.Value{}
		for _, l := range lines {
			m[l.Key] = l.Value
		}
		return m, ""
	}
	w, werr := parse(want)
	g, gerr := parse(got)
	if werr != "" || gerr != "" {
		return "unparsable dump (" + werr + gerr + ")\n--- corosync\n" + want + "--- gorosync\n" + got
	}
	var b strings.Builder
	show := func(v cmap.Value) string { return string(cmap.AppendKey(nil, "", v, cmap.PrintOptions{Binary: true})) }
	for k, v := range w {
		if gv, ok := g[k]; !ok {
			b.WriteString("  missing: " + k + show(v))
		} else if !gv.Equal(v) {
			b.WriteString("  differs: " + k + " corosync" + strings.TrimSuffix(show(v), "\n") + ", gorosync" + show(gv))
		}
	}
	for k, v := range g {
		if _, ok := w[k]; !ok {
			b.WriteString("  extra:   " + k + show(v))
		}
	}
	if b.Len() == 0 {
		b.WriteString("  same keys, types and values; order or spacing differs\n--- corosync\n" + want + "--- gorosync\n" + got)
	}
	return b.String()
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
