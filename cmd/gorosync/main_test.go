package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/coroconf"
	"github.com/gorosync/gorosync/internal/oracle"
)

const confDir = "../../testdata/conf"

// runCmd runs the command in-process as argv and returns its exit status
// and outputs.
func runCmd(argv ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(argv, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// withBoxEnv makes the command see the oracle box of a manifest entry
// (hostname, addresses, hosts file, authkey) and keeps -t from writing log
// files and syslog on the test machine.
func withBoxEnv(t *testing.T, e oracle.Entry) {
	t.Helper()
	b, err := e.Box(confDir)
	if err != nil {
		t.Fatal(err)
	}
	host := b.Hostname
	if host == "" {
		host = oracle.DefaultHostname
	}
	hosts := b.Hosts
	if hosts == "" {
		hosts = oracle.DefaultHosts
	}
	files := map[string][]byte{}
	if b.Authkey != nil {
		files["/etc/corosync/authkey"] = b.Authkey
	}
	env := coroconf.FixedEnv(host, hosts, coroconf.BoxAddrs(b.Addrs), files)
	oldEnv, oldSE := hostEnv, sideEffects
	hostEnv = func() coroconf.Env { return env }
	sideEffects = false
	t.Cleanup(func() { hostEnv, sideEffects = oldEnv, oldSE })
}

// readExpected returns the "--- stderr" block and exit status of a
// recorded FILE.t-expected.
func readExpected(t *testing.T, path string) (int, string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	var exit int
	if _, err := fmt.Sscanf(s, "exit: %d", &exit); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	_, rest, ok := strings.Cut(s, "--- stderr\n")
	if !ok {
		t.Fatalf("%s: no stderr block", path)
	}
	if i := strings.Index(rest, "\n--- "); i >= 0 {
		rest = rest[:i+1]
	} else if strings.HasPrefix(rest, "--- ") {
		rest = ""
	}
	return exit, rest
}

// TestRecordedVerdicts replays every testdata config through `gorosync -t`
// in-process, in the environment of its box, and compares exit status and
// stderr with what the real corosync printed when it was recorded.
func TestRecordedVerdicts(t *testing.T) {
	entries, err := oracle.LoadManifest(confDir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		t.Run(e.File, func(t *testing.T) {
			withBoxEnv(t, e)
			path := filepath.Join(confDir, e.File)
			wantExit, wantErr := readExpected(t, path+".t-expected")
			code, stdout, stderr := runCmd("gorosync", "-t", "-c", path)
			// The box held the file as /etc/corosync/corosync.conf.
			stderr = strings.ReplaceAll(stderr, path, oracle.ConfPath)
			if code != wantExit {
				t.Errorf("exit %d, want %d", code, wantExit)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if got := oracle.Normalize(stderr); got != wantErr {
				t.Errorf("stderr:\n%s\nwant:\n%s", got, wantErr)
			}
		})
		n++
	}
	if n < 30 {
		t.Fatalf("only %d recorded configs", n)
	}
}

// TestRecordedDumps compares `gorosync cmapctl --from-config FILE -b P`
// with the real daemon's recorded dump, restricted to P, byte for byte.
func TestRecordedDumps(t *testing.T) {
	entries, err := oracle.LoadManifest(confDir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		path := filepath.Join(confDir, e.File)
		raw, err := os.ReadFile(path + ".cmap-expected")
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		t.Run(e.File, func(t *testing.T) {
			withBoxEnv(t, e)
			for _, p := range oracle.DumpPrefixes {
				var want strings.Builder
				for _, l := range strings.SplitAfter(string(raw), "\n") {
					if strings.HasPrefix(l, p) {
						want.WriteString(l)
					}
				}
				code, got, stderr := runCmd("corosync-cmapctl", "--from-config", path, "-b", p)
				wantCode := 0
				if want.Len() == 0 {
					wantCode = 1
				}
				if code != wantCode {
					t.Errorf("-b %s: exit %d, want %d (stderr %q)", p, code, wantCode, stderr)
				}
				if got != want.String() {
					t.Errorf("-b %s differs:\n%s", p, dumpDiff(want.String(), got))
				}
			}
		})
	}
	if n < 10 {
		t.Fatalf("only %d recorded dumps", n)
	}
}

func TestDispatch(t *testing.T) {
	tests := []struct {
		argv     []string
		code     int
		inStdout string
		inStderr string
	}{
		{[]string{"gorosync", "-v"}, 0, "version", ""},
		{[]string{"/usr/sbin/corosync", "-v"}, 0, "Corosync Cluster Engine 3.1.7", ""},
		{[]string{"gorosync", "-h"}, 1, "", "gorosync: invalid option -- 'h'\nusage:\n"},
		{[]string{"gorosync", "-c"}, 1, "", "option requires an argument -- 'c'"},
		{[]string{"corosync-quorumtool", "-s"}, 1, "", "Cannot initialize CMAP service\n"},
		{[]string{"gorosync", "quorumtool", "-s"}, 1, "", "Cannot initialize CMAP service\n"},
		{[]string{"corosync-cfgtool", "-s"}, 1, "", "Could not initialize corosync configuration API error 2\n"},
		{[]string{"corosync-cmapctl"}, 1, "", "Failed to initialize the cmap API. Error CS_ERR_LIBRARY\n"},
		{[]string{"gorosync", "cmapctl", "-g", "totem.version"}, 1, "", "Failed to initialize the cmap API. Error CS_ERR_LIBRARY\n"},
		{[]string{"gorosync", "cmapctl", "--from-config", filepath.Join(confDir, "two-node-udpu.conf"), "-s", "a.b", "u8", "1"}, 1, "", "read-only"},
		{[]string{"gorosync", "-t", "-c", "/nonexistent/corosync.conf"}, 8, "", "Can't read file /nonexistent/corosync.conf: No such file or directory\n"},
	}
	for _, tc := range tests {
		code, stdout, stderr := runCmd(tc.argv...)
		if code != tc.code || !strings.Contains(stdout, tc.inStdout) || !strings.Contains(stderr, tc.inStderr) {
			t.Errorf("%q: exit %d stdout %q stderr %q; want exit %d, stdout containing %q, stderr containing %q",
				tc.argv, code, stdout, stderr, tc.code, tc.inStdout, tc.inStderr)
		}
	}
}

// TestFromConfigGet covers -g and -q on a loaded config, and the verdict of
// a rejected one.
func TestFromConfigGet(t *testing.T) {
	entries, err := oracle.LoadManifest(confDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.File != "two-node-udpu.conf" {
			continue
		}
		withBoxEnv(t, e)
		path := filepath.Join(confDir, e.File)
		code, out, _ := runCmd("corosync-cmapctl", "--from-config", path, "-g", "quorum.two_node", "runtime.config.totem.token")
		if want := "quorum.two_node (u8) = 1\nruntime.config.totem.token (u32) = 3000\n"; code != 0 || out != want {
			t.Errorf("-g: exit %d out %q, want %q", code, out, want)
		}
		code, out, _ = runCmd("corosync-cmapctl", "--from-config", path, "-q", "-g", "totem.cluster_name")
		if code != 0 || out != "haproxy\n" {
			t.Errorf("-q -g: exit %d out %q", code, out)
		}
		code, out, errs := runCmd("corosync-cmapctl", "--from-config", path, "-g", "no.such.key", "totem.version")
		if code != 1 || out != "" || errs != "Can't get key no.such.key. Error CS_ERR_NOT_EXIST\n" {
			t.Errorf("-g missing: exit %d out %q err %q", code, out, errs)
		}
		code, out, _ = runCmd("corosync-cmapctl", "--from-config", path, "no.such.prefix.")
		if code != 1 || out != "" {
			t.Errorf("unmatched prefix: exit %d out %q", code, out)
		}
		return
	}
	t.Fatal("two-node-udpu.conf not in the manifest")
}
