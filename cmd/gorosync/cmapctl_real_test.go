package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gorosync/gorosync/internal/oracle"
)

// socketIPCConf is a one-node cluster whose IPC uses libqb's socket
// transport, the one our client speaks.
const socketIPCConf = `totem {
    version: 2
    cluster_name: ipctest
    transport: udpu
}
nodelist {
    node {
        ring0_addr: 10.231.40.1
        name: ipc1
        nodeid: 1
    }
}
quorum {
    provider: corosync_votequorum
}
system {
    qb_ipc_type: socket
}
`

// TestCmapctlAgainstRealCorosync runs Debian's corosync-cmapctl and ours
// against the same running corosync 3.1.7, invocation after invocation,
// and requires the same stdout, stderr and exit status; changes made by one
// tool must be seen by the other.
func TestCmapctlAgainstRealCorosync(t *testing.T) {
	oracle.Require(t)
	bin := gorosyncBin(t)
	ours := func(args ...string) []string { return append([]string{bin, "cmapctl"}, args...) }
	real := func(args ...string) []string { return append([]string{"corosync-cmapctl"}, args...) }

	load := t.TempDir() + "/load.txt"
	if err := os.WriteFile(load, []byte("# settings\ntest.load.a u16 7\ntest.load.b str loaded\n^test.k2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Pairs of (real, ours) with the same arguments; "then" steps mutate
	// with one tool and read back with the other.
	type pair struct {
		name    string
		a, b    []string
		valueOK func(string) string // optional normaliser of stdout
	}
	same := func(name string, args ...string) pair { return pair{name: name, a: real(args...), b: ours(args...)} }
	keysOnly := func(s string) string {
		var b strings.Builder
		for _, l := range strings.Split(s, "\n") {
			if k, _, ok := strings.Cut(l, " = "); ok {
				b.WriteString(k + "\n")
			}
		}
		return b.String()
	}
	pairs := []pair{
		same("all"),
		same("all binary", "-b"),
		same("prefixes", "totem.", "nodelist.", "quorum.", "runtime.config.totem."),
		same("members", "-b", "runtime.members."),
		same("get", "-g", "totem.version", "runtime.config.totem.token", "nodelist.local_node_pos"),
		same("get quiet", "-q", "-g", "totem.cluster_name"),
		same("get missing", "-g", "totem.version", "no.such.key", "totem.transport"),
		same("no match", "no.such.prefix."),
		same("set read-only", "-s", "totem.transport", "str", "udp"),
		same("set bad value", "-s", "test.x", "u8", "300"),
		same("set bad type", "-s", "test.x", "u9", "3"),
		same("set too few", "-s", "test.x", "u8"),
		same("delete read-only", "-d", "totem.version"),
		same("delete missing", "-d", "test.none"),
		{name: "stats keys", a: real("-m", "stats", "stats.srp."), b: ours("-m", "stats", "stats.srp."), valueOK: keysOnly},
		{name: "ours sets, real reads", a: ours("-s", "test.k1", "u32", "5"), b: real("-s", "test.k2", "str", "hello world")},
		same("read back", "-b", "test."),
		{name: "ours deletes k1", a: real("-g", "test.k1"), b: ours("-d", "test.k1")},
		same("after delete", "test."),
		{name: "load", a: real("-g", "test.k2"), b: ours("-p", load)},
		same("after load", "test."),
		{name: "delete prefix", a: real("-g", "test.load.a"), b: ours("-D", "test.")},
		same("after delete prefix", "test."),
		same("clear stats", "-C", "all"),
	}
	conf := socketIPCConf
	box := oracle.Box{Conf: []byte(conf), Addrs: []netip.Prefix{netip.MustParsePrefix("10.231.40.1/24")}}
	steps := []oracle.Step{
		{Argv: oracle.DaemonArgv, Background: true, StopGrace: 5 * time.Second},
		{Argv: real("runtime.members."), Until: oracle.UntilOutput, Timeout: 20 * time.Second},
		{Argv: real(), Until: oracle.UntilStable, Timeout: 10 * time.Second},
		// The tracking driver is this test binary, run inside the box.
		{Argv: []string{"env", trackDriverEnv + "=" + bin, os.Args[0], "-test.run=^TestCmapctlTrackDriver$", "-test.v"}, Timeout: 30 * time.Second},
	}
	for _, p := range pairs {
		steps = append(steps, oracle.Step{Argv: p.a}, oracle.Step{Argv: p.b})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	rs, err := oracle.Run(ctx, box, steps...)
	if err != nil {
		t.Fatal(err)
	}
	if rs[1].Exit != 0 || rs[1].TimedOut {
		t.Fatalf("corosync did not come up: %+v\n%s", rs[1], rs[0].Stderr)
	}
	if d := rs[3]; d.Exit != 0 || !strings.Contains(d.Stdout, "--- PASS: TestCmapctlTrackDriver") {
		t.Errorf("tracking driver failed (exit %d):\n%s%s", d.Exit, d.Stdout, d.Stderr)
	}
	for i, p := range pairs {
		a, b := rs[4+2*i], rs[5+2*i]
		if a.Skipped || b.Skipped {
			t.Fatalf("%s: not run", p.name)
		}
		if p.name == "ours sets, real reads" || strings.HasPrefix(p.name, "ours deletes") || p.name == "load" || p.name == "delete prefix" {
			// a and b did different things; both must have succeeded.
			if a.Exit != 0 || b.Exit != 0 {
				t.Errorf("%s: exits %d (%q) and %d (%q)", p.name, a.Exit, a.Stderr, b.Exit, b.Stderr)
			}
			continue
		}
		if p.name == "all" && (len(a.Stdout) < 1000 || a.Exit != 0) {
			t.Errorf("the full dump is suspiciously small (%d bytes, exit %d)", len(a.Stdout), a.Exit)
		}
		as, bs := a.Stdout, b.Stdout
		if p.valueOK != nil {
			as, bs = p.valueOK(as), p.valueOK(bs)
		}
		if a.Exit != b.Exit || as != bs || a.Stderr != b.Stderr {
			t.Errorf("%s: corosync-cmapctl and ours differ\n--- real (exit %d)\n%s%s--- ours (exit %d)\n%s%s",
				p.name, a.Exit, as, a.Stderr, b.Exit, bs, b.Stderr)
		}
	}
}

const trackDriverEnv = "GOROSYNC_TRACK_DRIVER"

// TestCmapctlTrackDriver runs only inside the box of the test above: it
// starts our `cmapctl -T test.track.`, waits for its banner, makes changes
// with Debian's tool, waits for each to be reported, then types "q".
func TestCmapctlTrackDriver(t *testing.T) {
	bin := os.Getenv(trackDriverEnv)
	if bin == "" {
		t.Skip("runs inside the box of TestCmapctlAgainstRealCorosync")
	}
	cmd := exec.Command(bin, "cmapctl", "-T", "test.track.")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	expect := func(want string) {
		t.Helper()
		select {
		case l, ok := <-lines:
			if !ok || l != want {
				t.Fatalf("got %q (open %v), want %q", l, ok, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no line %q within 10s", want)
		}
	}
	set := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("corosync-cmapctl", args...).CombinedOutput(); err != nil {
			t.Fatalf("corosync-cmapctl %q: %v %s", args, err, out)
		}
	}
	expect(`Type "q" to finish`)
	set("-s", "test.track.a", "u8", "1")
	expect("create> test.track.a (u8) = 1")
	set("-s", "test.track.a", "u8", "2")
	expect("modify> test.track.a (u8) = 2")
	set("-s", "test.untracked", "u8", "2")
	set("-d", "test.track.a")
	expect("delete> test.track.a (u8) = 2")
	io.WriteString(in, "q\n")
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("tracker exit: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("tracker did not stop on q")
	}
	fmt.Println("tracker stopped on q")
}
