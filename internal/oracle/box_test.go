package oracle

import (
	"errors"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestBoxView(t *testing.T) {
	requireBox(t)
	b := Box{
		Conf:     []byte("# just a file\n"),
		Addrs:    []netip.Prefix{netip.MustParsePrefix("10.231.0.1/24"), netip.MustParsePrefix("fd00:231::1/64")},
		Hosts:    "10.231.0.1 alpha\n",
		Hostname: "alpha",
		Authkey:  []byte("0123456789abcdef"),
		UidgidD:  map[string][]byte{"haproxy": []byte("uidgid { uid: haproxy }\n")},
	}
	const tmpName = "/tmp/gorosync-box-test-private"
	rs, err := Commands(testCtx(t), b,
		[]string{"hostname"},
		[]string{"cat", "/etc/hosts", "/etc/resolv.conf", ConfPath, "/etc/corosync/uidgid.d/haproxy"},
		[]string{"stat", "-c", "%a %s", "/etc/corosync/authkey"},
		[]string{"ip", "-br", "addr", "show", "dev", "d0"},
		[]string{"sh", "-c", "echo secret > " + tmpName + " && logger -t boxtest hello"},
		[]string{"ls", "/var/log", "/var/lib/corosync"},
	)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"alpha\n",
		"10.231.0.1 alpha\n" + resolvConf + "# just a file\nuidgid { uid: haproxy }\n",
		"400 16\n",
	}
	for i, w := range want {
		if rs[i].Exit != 0 || rs[i].Stdout != w {
			t.Errorf("%q: exit %d stdout %q, want %q (stderr %q)", rs[i].Argv, rs[i].Exit, rs[i].Stdout, w, rs[i].Stderr)
		}
	}
	for _, a := range []string{"10.231.0.1/24", "fd00:231::1/64"} {
		if !strings.Contains(rs[3].Stdout, a) {
			t.Errorf("d0 lacks %s: %q", a, rs[3].Stdout)
		}
	}
	if len(rs[4].Syslog) != 1 || !strings.HasSuffix(rs[4].Syslog[0], "boxtest: hello") {
		t.Errorf("syslog of the logger step: %q", rs[4].Syslog)
	}
	if rs[4].Logs[tmpName] != "secret\n" {
		t.Errorf("box /tmp write not reported: %q", rs[4].Logs)
	}
	if _, err := os.Stat(tmpName); err == nil {
		os.Remove(tmpName)
		t.Errorf("a write to /tmp in the box reached the host")
	}
	if rs[5].Stdout != "/var/lib/corosync:\n\n/var/log:\ncluster\ncorosync\n" {
		t.Errorf("fresh /var/log and /var/lib/corosync: %q", rs[5].Stdout)
	}
	for _, r := range rs {
		if len(r.Syslog) > 0 && r.Argv[0] != "sh" {
			t.Errorf("%q got syslog %q", r.Argv, r.Syslog)
		}
	}
	assertNoLeftovers(t)
}

func TestStepFailures(t *testing.T) {
	requireBox(t)
	start := time.Now()
	rs, err := Run(testCtx(t), Box{},
		Step{Argv: []string{"sh", "-c", "exit 5"}, Background: true},
		Step{Argv: []string{"false"}, Until: UntilOK, Timeout: time.Minute},
		Step{Argv: []string{"true"}},
	)
	if err != nil {
		t.Fatal(err)
	}
	// The poll gives up as soon as the background command is gone, not
	// after its minute.
	if rs[0].Exit != 5 || rs[1].Exit != 1 || rs[1].Attempts < 1 || !rs[2].Skipped {
		t.Errorf("got %+v", rs)
	}
	if time.Since(start) > 30*time.Second {
		t.Errorf("poll did not stop when the background command exited")
	}
	rs, err = Run(testCtx(t), Box{},
		Step{Argv: []string{"sleep", "100"}, Timeout: 200 * time.Millisecond},
		Step{Argv: []string{"/nonexistent/binary"}},
		Step{Argv: []string{"sleep", "100"}, Background: true, StopGrace: time.Second},
		// The shell says when its trap is set, so SIGTERM cannot win a race
		// against the trap and end it early.
		Step{Argv: []string{"sh", "-c", "trap '' TERM; touch /tmp/trap-set; sleep 100"}, Background: true, StopGrace: 200 * time.Millisecond},
		Step{Argv: []string{"test", "-e", "/tmp/trap-set"}, Until: UntilOK, Timeout: 20 * time.Second},
	)
	if err != nil {
		t.Fatal(err)
	}
	if !rs[0].TimedOut || rs[0].Exit != 128+int(syscall.SIGKILL) {
		t.Errorf("timeout: %+v", rs[0])
	}
	if rs[1].Exit != 127 || rs[1].Err == "" {
		t.Errorf("missing binary: %+v", rs[1])
	}
	if rs[2].Killed || rs[2].Exit != 128+int(syscall.SIGTERM) {
		t.Errorf("background stopped by SIGTERM: %+v", rs[2])
	}
	if rs[4].Exit != 0 {
		t.Fatalf("the trapping shell never got ready: %+v", rs[4])
	}
	if !rs[3].Killed || rs[3].Exit != 128+int(syscall.SIGKILL) {
		t.Errorf("background ignoring SIGTERM: %+v", rs[3])
	}
	assertNoLeftovers(t)
}

// The re-exec hook acts only as a box's PID 1.
func TestBoxHookRefusesOutsideBox(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envBox+"="+t.TempDir())
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(string(out), "refusing") {
		t.Fatalf("got %v: %s", err, out)
	}
}

func TestNormalize(t *testing.T) {
	in := "Nov 22 08:51:20.872 notice  [MAIN  ] x\n" +
		"Nov  2 08:51:24 [21] hc-oracle corosync notice  [MAIN  ] y\n" +
		"<28>Nov 22 08:54:17 corosync[21]:   [MAIN  ] z corosync[3]:\n" +
		"parser error: /etc/corosync/corosync.conf:3: Nov 22 08:51:20 stays\n"
	want := "<TS> notice  [MAIN  ] x\n" +
		"<TS> [<PID>] <HOST> corosync notice  [MAIN  ] y\n" +
		"<28><TS> corosync[<PID>]:   [MAIN  ] z corosync[3]:\n" +
		"parser error: /etc/corosync/corosync.conf:3: Nov 22 08:51:20 stays\n"
	if got := Normalize(in); got != want {
		t.Errorf("%s", diff(want, got))
	}
}

func TestFormatT(t *testing.T) {
	r := Result{
		Exit: 8, Stderr: "e\n",
		Logs: map[string]string{
			"/var/log/cluster/c.log": "C\n", "/var/log/corosync/b.log": "B\n",
			"/var/log/corosync/a.log": "A\n", "/tmp/x.log": "X\n",
		},
		Syslog: []string{"<29>s1", "<28>s2"},
	}
	want := "exit: 8\n--- stdout\n--- stderr\ne\n" +
		"--- logfile /var/log/corosync/a.log\nA\n--- logfile /var/log/corosync/b.log\nB\n" +
		"--- logfile /var/log/cluster/c.log\nC\n--- syslog\n<29>s1\n<28>s2\n"
	if got := FormatT(r); got != want {
		t.Errorf("%s", diff(want, got))
	}
}

func TestDeriveAddrs(t *testing.T) {
	hosts := ParseHosts("10.231.1.1 a\n10.231.1.9 a\n# x\n::1 localhost\nbogus line\n")
	for _, c := range []struct{ conf, want string }{
		{"nodelist {\n node {\n  ring1_addr: 10.231.2.1\n  ring0_addr: a\n }\n node {\n ring0_addr: 10.231.9.9\n }\n}\n",
			"[10.231.1.1/24 10.231.2.1/24]"},
		{"nodelist {\n node {\n name: a\n }\n}\n", "[10.231.1.1/24]"},
		{"nodelist {\n node {\n ring0_addr: localhost\n }\n}\n", "[]"},
		{"nodelist {\n node {\n ring0_addr: 127.0.0.1\n }\n}\n", "[]"},
		{"totem {\n interface {\n bindnetaddr: 10.231.3.0\n }\n interface {\n bindnetaddr: 10.231.4.7\n}\n}\n",
			"[10.231.3.1/24 10.231.4.7/24]"},
		{"totem {\n interface {\n bindnetaddr: 10.231.1.0\n }\n}\nnodelist {\n node {\n ring0_addr: a\n }\n}\n",
			"[10.231.1.1/24]"},
		{"nodelist {\n node {\n ring0_addr: fd00:231::5\n }\n}\n", "[fd00:231::5/64]"},
		{"nodelist {\n node {\n ring0_addr: unknown-name\n }\n}\n", "[]"},
	} {
		got, _ := DeriveAddrs([]byte(c.conf), hosts)
		if s := "[" + joinPrefixes(got) + "]"; s != c.want {
			t.Errorf("%q: got %s want %s", c.conf, s, c.want)
		}
	}
}

func joinPrefixes(ps []netip.Prefix) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.String())
	}
	return strings.Join(s, " ")
}

func FuzzDeriveAddrs(f *testing.F) {
	f.Add([]byte("nodelist {\n node {\n ring0_addr: 10.231.0.1\n }\n}\n"), "10.231.0.1 a\n")
	f.Add([]byte("totem { interface { bindnetaddr: 10.1.0.0 }\n}}}\n{{"), "::1 x y\n")
	f.Fuzz(func(t *testing.T, conf []byte, hosts string) {
		addrs, _ := DeriveAddrs(conf, ParseHosts(hosts))
		for _, a := range addrs {
			if want := prefixOf(a.Addr()); a != want || a.Addr().IsLoopback() {
				t.Fatalf("bad prefix %v", a)
			}
		}
	})
}

func TestManifestParse(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) {
		if err := os.WriteFile(dir+"/"+ManifestFile, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("# c\n\na.conf\t10.231.0.1/24,fd00::1/64\t-\nb.conf\t-\tnode1\tyes\n")
	es, err := LoadManifest(dir)
	if err != nil || len(es) != 2 || len(es[0].Addrs) != 2 || es[0].Hostname != "" || !es[1].Authkey ||
		es[1].Hostname != "node1" || es[1].Line != 4 {
		t.Fatalf("got %+v %v", es, err)
	}
	for bad, msg := range map[string]string{
		"a.conf\t10.0.0.1\t-\n":        ":1: address",
		"a.conf\t-\n":                  ":1: want 3 or 4",
		"a.conf\t-\t-\tmaybe\n":        ":1: authkey",
		"a.conf\t-\t-\na.conf\t-\t-\n": ":2: a.conf already listed on line 1",
		"../a.conf\t-\t-\n":            ":1: bad file name",
	} {
		write(bad)
		if _, err := LoadManifest(dir); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%q: got %v, want %q", bad, err, msg)
		}
	}
}
