package oracle

import (
	"bufio"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// corpusRow is what the corpus README's results table says about a file.
type corpusRow struct {
	file  string // e.g. real/r06-....conf
	addrs []netip.Prefix
}

// corpusTable reads the "Files, sources and results" table of the corpus
// README: column 1 is the file, column 8 its d0 addresses.
func corpusTable(t *testing.T) []corpusRow {
	t.Helper()
	f, err := os.Open(filepath.Join(corpus, "README.md"))
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	var rows []corpusRow
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), " | ")
		if len(cols) < 10 || !strings.HasPrefix(cols[0], "| `") {
			continue
		}
		r := corpusRow{file: strings.Trim(cols[0], "| `")}
		if !strings.HasPrefix(cols[7], "(none") {
			for _, s := range strings.Split(cols[7], ",") {
				r.addrs = append(r.addrs, netip.MustParsePrefix(s))
			}
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		t.Fatal("no rows in the corpus README table")
	}
	return rows
}

func corpusBox(t *testing.T, r corpusRow, withKey bool) Box {
	b := Box{
		Conf:  []byte(readFile(t, filepath.Join(corpus, r.file))),
		Addrs: r.addrs,
		Hosts: readFile(t, filepath.Join(corpus, "oracle/hosts")),
	}
	if withKey {
		b.Authkey = []byte(readFile(t, filepath.Join(corpus, "oracle/authkey")))
	}
	return b
}

// The address rule reproduces the README's table for every corpus file
// (b15's override aside).
func TestDeriveAddrsMatchesCorpus(t *testing.T) {
	requireCorpus(t)
	hosts := ParseHosts(readFile(t, filepath.Join(corpus, "oracle/hosts")))
	for _, r := range corpusTable(t) {
		if strings.Contains(r.file, "b15-") {
			continue
		}
		got, _ := DeriveAddrs([]byte(readFile(t, filepath.Join(corpus, r.file))), hosts)
		if !slices.Equal(got, r.addrs) {
			t.Errorf("%s: derived %v, README says %v", r.file, got, r.addrs)
		}
	}
}

// Oracle 1 through our box gives exactly the recorded verdict (exit,
// stdout, stderr, log files, syslog; normalised) for every corpus file.
func TestCheckTReproducesCorpus(t *testing.T) {
	requireBox(t)
	requireCorpus(t)
	ctx := testCtx(t)
	for _, r := range corpusTable(t) {
		want, err := os.ReadFile(filepath.Join(corpus, r.file+".t-expected"))
		if err != nil {
			t.Errorf("%s: %v", r.file, err)
			continue
		}
		start := time.Now()
		res, err := CheckT(ctx, corpusBox(t, r, true), nil)
		if err != nil {
			t.Fatalf("%s: %v", r.file, err)
		}
		t.Logf("%s: exit %d in %v", r.file, res.Exit, time.Since(start).Round(time.Millisecond))
		if d := diff(Normalize(string(want)), Normalize(FormatT(res))); d != "" {
			t.Errorf("%s: -t differs from the recorded oracle at %s", r.file, d)
		}
	}
	assertNoLeftovers(t)
}

// Oracle 2 through our box: for every corpus file with recorded dumps
// (r06 among them), the full cmap dump and the -b dumps equal the recorded
// ones byte for byte; r17 fails to start as recorded.
func TestRunDaemonReproducesCorpus(t *testing.T) {
	requireBox(t)
	requireCorpus(t)
	ctx := testCtx(t)
	n := 0
	for _, r := range corpusTable(t) {
		base := filepath.Join(corpus, r.file)
		_, cmapErr := os.Stat(base + ".cmap-expected")
		_, startErr := os.Stat(base + ".start-expected")
		if cmapErr != nil && startErr != nil {
			continue
		}
		n++
		d, err := RunDaemon(ctx, corpusBox(t, r, true))
		if err != nil {
			t.Fatalf("%s: %v", r.file, err)
		}
		t.Logf("%s: ready=%v in %v, daemon exit %d", r.file, d.Ready, d.Elapsed.Round(time.Millisecond), d.Daemon.Exit)
		if startErr == nil {
			if d.Ready || d.Daemon.Exit != 20 {
				t.Errorf("%s: want a refused start (exit 20), got ready=%v exit=%d", r.file, d.Ready, d.Daemon.Exit)
			}
			continue
		}
		if !d.Ready || d.Daemon.Exit != 0 || d.Daemon.Killed {
			t.Errorf("%s: ready=%v exit=%d killed=%v\n%s", r.file, d.Ready, d.Daemon.Exit, d.Daemon.Killed, d.Daemon.Stderr)
			continue
		}
		if dd := diff(readFile(t, base+".cmap-expected"), d.Full); dd != "" {
			t.Errorf("%s: full dump differs at %s", r.file, dd)
		}
		for p, suffix := range map[string]string{
			"totem.": "totem", "nodelist.": "nodelist", "quorum.": "quorum", "runtime.config.totem.": "runtime.config.totem",
		} {
			if dd := diff(readFile(t, base+".cmap-"+suffix+"-expected"), d.ByPrefix[p]); dd != "" {
				t.Errorf("%s: -b %s differs at %s", r.file, p, dd)
			}
		}
		if !strings.Contains(d.Daemon.Stderr+strings.Join(d.Daemon.Syslog, "\n"), "Corosync Cluster Engine exiting normally") {
			t.Errorf("%s: no normal exit logged", r.file)
		}
	}
	if n == 0 {
		t.Fatal("no corpus file has recorded dumps")
	}
	assertNoLeftovers(t)
}
