package oracle

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// confDir holds our own configs and their recorded verdicts.
const confDir = "../../testdata/conf"

var record = flag.Bool("record", false, "TestRecord: rewrite testdata/conf/*.t-expected and *.cmap-expected from the real corosync")

// Expected-output suffixes next to each config.
const (
	tSuffix    = ".t-expected"
	cmapSuffix = ".cmap-expected"
)

// TestRecord runs every config of testdata/conf through the real corosync
// (Oracle 1, and Oracle 2 for those that pass -t) and compares with the
// recorded files, or, with -record, rewrites them.
func TestRecord(t *testing.T) {
	requireBox(t)
	es, err := LoadManifest(confDir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := testCtx(t)
	var tTotal, dTotal time.Duration
	var tN, dN int
	for _, e := range es {
		b, err := e.Box(confDir)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Join(confDir, e.File)
		start := time.Now()
		r, err := CheckT(ctx, b, nil)
		if err != nil {
			t.Fatalf("%s: %v", e.File, err)
		}
		tTotal += time.Since(start)
		tN++
		got := Normalize(FormatT(r))
		compareOrWrite(t, base+tSuffix, got)
		if r.Exit != 0 {
			if *record {
				os.Remove(base + cmapSuffix)
			}
			continue
		}
		d, err := RunDaemon(ctx, b)
		if err != nil {
			t.Fatalf("%s: %v", e.File, err)
		}
		dTotal += d.Elapsed
		dN++
		if !d.Ready {
			t.Errorf("%s: passes -t but the daemon did not come up (exit %d):\n%s", e.File, d.Daemon.Exit, d.Daemon.Stderr)
			continue
		}
		compareOrWrite(t, base+cmapSuffix, d.Full)
	}
	if tN > 0 {
		t.Logf("%d -t boxes, %v each; %d daemon boxes, %v each", tN, (tTotal / time.Duration(tN)).Round(time.Millisecond),
			dN, (dTotal / time.Duration(max(dN, 1))).Round(time.Millisecond))
	}
	assertNoLeftovers(t)
}

func compareOrWrite(t *testing.T, path, got string) {
	t.Helper()
	if *record {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("%v (run: go test ./internal/oracle -run TestRecord -record)", err)
		return
	}
	if d := diff(string(want), got); d != "" {
		t.Errorf("%s: the real corosync now says something else, at %s", filepath.Base(path), d)
	}
}

// Without running anything: the manifest lists every config, every config
// has a recorded verdict, and a cmap dump exactly when -t passed.
func TestManifestComplete(t *testing.T) {
	es, err := LoadManifest(confDir)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, e := range es {
		listed[e.File] = true
		base := filepath.Join(confDir, e.File)
		tx, err := os.ReadFile(base + tSuffix)
		if err != nil {
			t.Errorf("%s: no recorded verdict: %v", e.File, err)
			continue
		}
		_, cerr := os.Stat(base + cmapSuffix)
		passes := strings.HasPrefix(string(tx), "exit: 0\n")
		if passes != (cerr == nil) {
			t.Errorf("%s: -t passes=%v but cmap dump present=%v", e.File, passes, cerr == nil)
		}
		if strings.HasPrefix(e.File, "broken-") == passes {
			t.Errorf("%s: name says broken=%v, corosync -t passes=%v", e.File, strings.HasPrefix(e.File, "broken-"), passes)
		}
	}
	ents, err := os.ReadDir(confDir)
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, d := range ents {
		n := d.Name()
		if (strings.HasSuffix(n, ".conf") || strings.HasSuffix(n, ".conf.example")) && !listed[n] {
			missing = append(missing, n)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("configs missing from %s: %v", ManifestFile, missing)
	}
}

// The example at the repository root is the one boxed here.
func TestExampleIsLinked(t *testing.T) {
	a, err1 := os.ReadFile("../../corosync.conf.example")
	b, err2 := os.ReadFile(filepath.Join(confDir, "corosync.conf.example"))
	if err1 != nil || err2 != nil || string(a) != string(b) {
		t.Fatalf("testdata/conf/corosync.conf.example must be the root example: %v %v", err1, err2)
	}
}
