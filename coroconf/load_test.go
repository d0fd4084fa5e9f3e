package coroconf

import (
	"bytes"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/cmap"
)

// The conformance corpus lives outside the project and is never copied in.
const corpusDir = "../../shared/reference/confs"

// corpusAddrs reads the "d0 addresses" column of the corpus README table.
func corpusAddrs(t *testing.T) map[string][]string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join(corpusDir, "README.md"))
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	out := map[string][]string{}
	for _, line := range strings.Split(string(readme), "\n") {
		cols := strings.Split(line, "|")
		if len(cols) < 12 || !strings.HasPrefix(strings.TrimSpace(cols[1]), "`real/") {
			continue
		}
		name := strings.Trim(strings.TrimSpace(cols[1]), "`")
		name = strings.TrimPrefix(name, "real/")
		var addrs []string
		for _, a := range strings.Split(cols[8], ",") {
			a = strings.TrimSpace(a)
			if p, err := netip.ParsePrefix(a); err == nil {
				addrs = append(addrs, p.Addr().String())
			}
		}
		out[name] = addrs
	}
	return out
}

// oracleEnv is the oracle box of the corpus: hostname hc-oracle, lo plus d0
// carrying addrs, oracle/hosts as /etc/hosts, DNS failing, and the
// generated authkey when withKey.
func oracleEnv(t *testing.T, addrs []string, withKey bool) Env {
	t.Helper()
	hosts, err := os.ReadFile(filepath.Join(corpusDir, "oracle/hosts"))
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	files := map[string]string{}
	if withKey {
		key, err := os.ReadFile(filepath.Join(corpusDir, "oracle/authkey"))
		if err != nil {
			t.Fatal(err)
		}
		files["/etc/corosync/authkey"] = string(key)
	}
	all := []string{"127.0.0.1"}
	var v6 []string
	for _, a := range addrs {
		if netip.MustParseAddr(a).Is4() {
			all = append(all, a)
		} else {
			v6 = append(v6, a)
		}
	}
	all = append(append(all, "::1"), v6...)
	return fakeEnv("hc-oracle", string(hosts), all, files)
}

var (
	tsRE     = regexp.MustCompile(`(?m)^(<[0-9]+>)?[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{3})? `)
	prefixRE = regexp.MustCompile(`(?m)^<TS> \[[0-9]+\] [^ ]+ corosync `)
	tagRE    = regexp.MustCompile(`corosync\[[0-9]+\]:`)
)

// normalize is oracle/normalize.sh.
func normalize(s string) string {
	s = tsRE.ReplaceAllString(s, "$1<TS> ")
	s = prefixRE.ReplaceAllString(s, "<TS> [<PID>] <HOST> corosync ")
	return tagRE.ReplaceAllString(s, "corosync[<PID>]:")
}

// expectedBlocks splits a .t-expected file into its exit line and blocks.
func expectedBlocks(s string) (exit string, blocks map[string]string) {
	blocks = map[string]string{}
	lines := strings.SplitAfter(s, "\n")
	cur := ""
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "exit: "):
			exit = strings.TrimSpace(l)
		case strings.HasPrefix(l, "--- "):
			cur = strings.TrimSpace(strings.TrimPrefix(l, "--- "))
			blocks[cur] += ""
		default:
			blocks[cur] += l
		}
	}
	return exit, blocks
}

// TestCorpus runs every corpus file as the oracle box did and compares exit
// status, stderr, log files and syslog with corosync's, and the cmap keys
// with the daemon's dumps.
func TestCorpus(t *testing.T) {
	addrs := corpusAddrs(t)
	confs, _ := filepath.Glob(filepath.Join(corpusDir, "real/*.conf"))
	if len(confs) == 0 {
		t.Skip("no corpus files")
	}
	for _, conf := range confs {
		base := filepath.Base(conf)
		src, err := os.ReadFile(conf)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []struct {
			suffix string
			key    bool
		}{{".t-expected", true}, {".t-nokey-expected", false}} {
			want, err := os.ReadFile(conf + v.suffix)
			if err != nil {
				continue
			}
			t.Run(base+v.suffix, func(t *testing.T) {
				res := LoadBytes("/etc/corosync/corosync.conf", src, oracleEnv(t, addrs[base], v.key))
				out := Render(res, fixedClock, 21, "hc-oracle")
				exit, blocks := expectedBlocks(string(want))
				if got := "exit: " + strconv.Itoa(res.Exit); got != exit {
					t.Errorf("%s, want %s", got, exit)
				}
				if got := normalize(out.Stderr); got != normalize(blocks["stderr"]) {
					t.Errorf("stderr:\n%s\nwant:\n%s", got, normalize(blocks["stderr"]))
				}
				for name, content := range blocks {
					path, ok := strings.CutPrefix(name, "logfile ")
					if !ok {
						continue
					}
					if got := normalize(out.Logfiles[path]); got != normalize(content) {
						t.Errorf("log file %s:\n%s\nwant:\n%s", path, got, normalize(content))
					}
				}
				if got := normalize(strings.Join(out.Syslog, "\n") + "\n"); got != normalize(blocks["syslog"]) && !(len(out.Syslog) == 0 && blocks["syslog"] == "") {
					t.Errorf("syslog:\n%s\nwant:\n%s", got, normalize(blocks["syslog"]))
				}
				if v.key && res.Exit == 0 {
					compareDumps(t, conf, res.Map)
				}
			})
		}
	}
}

// compareDumps checks the keys corosync -b dumped for the four prefixes.
func compareDumps(t *testing.T, conf string, m *cmap.Map) {
	t.Helper()
	for _, p := range []string{"totem", "nodelist", "quorum", "runtime.config.totem"} {
		want, err := os.ReadFile(conf + ".cmap-" + p + "-expected")
		if err != nil {
			continue
		}
		var got bytes.Buffer
		if _, err := cmap.Dump(&got, m, []string{p + "."}, cmap.PrintOptions{Binary: true}); err != nil {
			t.Fatal(err)
		}
		if got.String() != string(want) {
			t.Errorf("cmap %s.:\n%s\nwant:\n%s", p, got.String(), want)
		}
	}
}
