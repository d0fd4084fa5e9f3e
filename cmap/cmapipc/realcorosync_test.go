package cmapipc

import (
	"context"
	"net/netip"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gorosync/gorosync/internal/oracle"
)

// Our client against a real corosync 3.1.7 in a box: its dumps equal
// Debian's corosync-cmapctl's, and its raw probe of edge cases gets the
// same answers from corosync as from our service.
func TestOurClientAgainstRealCorosync(t *testing.T) {
	oracle.Require(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(helperEnv, "1") // inherited by the box's commands
	helper := func(mode string) oracle.Step {
		return oracle.Step{Argv: []string{exe, "cmapipc-helper", mode}, Timeout: 20 * time.Second}
	}
	ctl := func(args ...string) oracle.Step {
		return oracle.Step{Argv: append([]string{"corosync-cmapctl"}, args...), Timeout: 20 * time.Second}
	}
	steps := []oracle.Step{
		{Argv: []string{"corosync", "-f"}, Background: true},
		{Argv: []string{"corosync-cmapctl", "runtime.members."}, Until: oracle.UntilOutput, Timeout: 20 * time.Second},
		{Argv: []string{"corosync-cmapctl"}, Until: oracle.UntilStable, Timeout: 10 * time.Second},
		helper("dump"), // 3
		ctl(),          // 4
		ctl("-b"),      // 5
		helper("dump-b"),
		ctl("-m", "stats"), // 7
		helper("stats"),
		helper("probe"), // 9
		ctl(),           // 10
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rs, err := oracle.Run(ctx, oracle.IPCBox(netip.MustParsePrefix("10.231.44.1/24"), ""), steps...)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rs[1:] {
		if r.Exit != 0 || r.Skipped || r.TimedOut || r.Err != "" {
			t.Fatalf("step %d %q: exit %d skipped %v timedout %v err %q stderr %q\ndaemon stderr:\n%s",
				i+1, r.Argv, r.Exit, r.Skipped, r.TimedOut, r.Err, r.Stderr, rs[0].Stderr)
		}
	}
	real1, ours, real2 := rs[2].Stdout, rs[3].Stdout, rs[4].Stdout
	if !strings.Contains(ours, "totem.cluster_name (str) = ipcbox\n") {
		t.Errorf("our dump lacks the cluster name:\n%s", ours)
	}
	if ours != real1 && ours != real2 {
		t.Errorf("our client's dump differs from corosync-cmapctl's:\n%s\nwant:\n%s", ours, real2)
	}
	if rs[6].Stdout != rs[5].Stdout {
		t.Errorf("-b dumps differ:\n%s\nwant:\n%s", rs[6].Stdout, rs[5].Stdout)
	}
	// Stats values move on their own; names and types must match.
	if got, want := keysAndTypes(rs[8].Stdout), keysAndTypes(rs[7].Stdout); got != want {
		t.Errorf("stats keys differ:\n%s\nwant:\n%s", got, want)
	}
	if rs[10].Stdout != real2 {
		t.Errorf("the probe left changes behind")
	}

	// The same probe against our service.
	m, stats := testMaps(t)
	srv := serve(t, "", NewService(m, stats), nil)
	cl, err := DialMap(srv.Name(), MapDefault)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	got := probe(cl) + probeMaps(srv.Name())
	if want := rs[9].Stdout; got != want {
		t.Errorf("probe answers differ from corosync's:\n%s", lineDiff(want, got))
	}
}

// ipcConnKey matches the per-connection part of stats.ipcs keys, which
// names the dumping client's pid.
var ipcConnKey = regexp.MustCompile(`^stats\.ipcs\.service(\d+)\.\d+\.0x[0-9a-f]+\.`)

// keysAndTypes keeps "key (type)" of every dump line.
func keysAndTypes(dump string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSuffix(dump, "\n"), "\n") {
		if i := strings.Index(l, ") = "); i >= 0 {
			l = l[:i+1]
		}
		l = ipcConnKey.ReplaceAllString(l, "stats.ipcs.service$1.PID.CONN.")
		b.WriteString(l + "\n")
	}
	return b.String()
}

// lineDiff lists the lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			b.WriteString("  corosync: " + a + "\n  ours:     " + c + "\n")
		}
	}
	return b.String()
}
