package cmapipc

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/internal/netns"
	"github.com/gorosync/gorosync/internal/oracle"
	"github.com/gorosync/gorosync/qbipc"
)

// ourServerInNS serves s as "cmap" inside a fresh namespace.
func ourServerInNS(t *testing.T, s *Service, onTrack chan<- *qbipc.ServerConn) *netns.NS {
	t.Helper()
	ns := netns.New(t)
	if err := ns.Do(func() error {
		serve(t, ServiceName, s, onTrack)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return ns
}

func cmapctl(t *testing.T, ns *netns.NS, args ...string) netns.Result {
	t.Helper()
	return oracle.RunIn(t, ns, 20*time.Second, append([]string{"corosync-cmapctl"}, args...)...)
}

// Debian's corosync-cmapctl (a real libqb client) against our server: every
// output equals what cmap.Dump prints for the same map, and changes land in
// the map.
func TestRealCmapctlAgainstOurServer(t *testing.T) {
	oracle.RequireTools(t, "corosync-cmapctl")
	m, stats := testMaps(t)
	ns := ourServerInNS(t, NewService(m, stats), nil)

	same := func(what string, got netns.Result, want string, exit int) {
		t.Helper()
		if got.Stdout != want || got.Exit != exit {
			t.Errorf("%s: exit %d (want %d), stderr %q, stdout:\n%s\nwant:\n%s", what, got.Exit, exit, got.Stderr, got.Stdout, want)
		}
	}
	same("full dump", cmapctl(t, ns), dump(t, m, cmap.PrintOptions{}), 0)
	same("-b", cmapctl(t, ns, "-b"), dump(t, m, cmap.PrintOptions{Binary: true}), 0)
	same("prefixes", cmapctl(t, ns, "totem.", "runtime.members."), dump(t, m, cmap.PrintOptions{}, "totem.", "runtime.members."), 0)
	same("-q -b prefix", cmapctl(t, ns, "-q", "-b", "test.v."), dump(t, m, cmap.PrintOptions{Binary: true, Quiet: true}, "test.v."), 0)
	same("no match", cmapctl(t, ns, "no.such."), "", 1)
	same("-m stats", cmapctl(t, ns, "-m", "stats"), dump(t, stats, cmap.PrintOptions{}), 0)

	g := cmapctl(t, ns, "-g", "totem.cluster_name", "test.v.u5", "no.such.key", "test.v.mix")
	v1, _ := m.Get("totem.cluster_name")
	v2, _ := m.Get("test.v.u5")
	v3, _ := m.Get("test.v.mix")
	// 3.1.7 stops at the first key it cannot get, with exit 1.
	want := string(cmap.AppendKey(nil, "totem.cluster_name", v1, cmap.PrintOptions{})) +
		string(cmap.AppendKey(nil, "test.v.u5", v2, cmap.PrintOptions{}))
	same("-g", g, want, 1)
	same("-g bin", cmapctl(t, ns, "-g", "test.v.mix"), string(cmap.AppendKey(nil, "test.v.mix", v3, cmap.PrintOptions{})), 0)
	if g.Stderr != "Can't get key no.such.key. Error CS_ERR_NOT_EXIST\n" {
		t.Errorf("-g missing key: stderr %q", g.Stderr)
	}
	same("-q -g", cmapctl(t, ns, "-q", "-g", "test.v.u5"), string(cmap.AppendKey(nil, "", v2, cmap.PrintOptions{Quiet: true})), 0)

	// Mutations.
	if r := cmapctl(t, ns, "-s", "test.new", "u32", "5"); r.Exit != 0 {
		t.Errorf("-s: %+v", r)
	}
	if v, _ := m.Get("test.new"); v != cmap.U32(5) {
		t.Errorf("after -s: %v", v)
	}
	if r := cmapctl(t, ns, "-s", "test.s", "str", "hello world"); r.Exit != 0 {
		t.Errorf("-s str: %+v", r)
	}
	if v, _ := m.Get("test.s"); v != cmap.Str("hello world") {
		t.Errorf("after -s str: %v", v)
	}
	r := cmapctl(t, ns, "-s", "totem.cluster_name", "str", "x")
	if r.Exit != 1 || r.Stderr != "Failed to set key totem.cluster_name. Error CS_ERR_ACCESS\n" {
		t.Errorf("-s read-only: %+v", r)
	}
	binFile := filepath.Join(t.TempDir(), "bin")
	os.WriteFile(binFile, []byte("a\x00\xffz"), 0o644)
	if r := cmapctl(t, ns, "-s", "test.bin", "bin", binFile); r.Exit != 0 {
		t.Errorf("-s bin: %+v", r)
	}
	if v, _ := m.Get("test.bin"); v != cmap.Bin([]byte("a\x00\xffz")) {
		t.Errorf("after -s bin: %v", v)
	}
	if r := cmapctl(t, ns, "-d", "test.new", "no.such.key"); r.Exit != 1 || r.Stderr != "Can't delete key no.such.key. Error CS_ERR_NOT_EXIST\n" {
		t.Errorf("-d: %+v", r)
	}
	if _, ok := m.Get("test.new"); ok {
		t.Error("-d left the key")
	}
	n := len(m.Keys("test.v."))
	if r := cmapctl(t, ns, "-D", "test.v."); r.Exit != 0 || n == 0 || len(m.Keys("test.v.")) != 0 {
		t.Errorf("-D: %+v, %d keys left", r, len(m.Keys("test.v.")))
	}
	r = cmapctl(t, ns, "-D", "nodelist.")
	if len(m.Keys("nodelist.")) == 0 || !strings.Contains(r.Stderr, "Error CS_ERR_ACCESS") {
		t.Errorf("-D read-only: %+v", r)
	}
	load := filepath.Join(t.TempDir(), "load")
	os.WriteFile(load, []byte("# comment\ntest.p1 u8 7\n^test.s\ntest.p2 str abc\n"), 0o644)
	if r := cmapctl(t, ns, "-p", load); r.Exit != 0 {
		t.Errorf("-p: %+v", r)
	}
	v4, _ := m.Get("test.p1")
	v5, _ := m.Get("test.p2")
	_, sOK := m.Get("test.s")
	if v4 != cmap.U8(7) || v5 != cmap.Str("abc") || sOK {
		t.Errorf("after -p: %v %v test.s present %v", v4, v5, sOK)
	}
	// The whole map still dumps identically after all that.
	same("final dump", cmapctl(t, ns, "-b"), dump(t, m, cmap.PrintOptions{Binary: true}), 0)
}

// corosync-cmapctl -t / -T print the changes our server notifies.
func TestRealCmapctlTracking(t *testing.T) {
	oracle.RequireTools(t, "corosync-cmapctl")
	m, stats := testMaps(t)
	tracked := make(chan *qbipc.ServerConn, 4)
	ns := ourServerInNS(t, NewService(m, stats), tracked)

	for _, tc := range []struct {
		flag, key string
		change    func()
		want      string
	}{
		{"-t", "test.k", func() {
			m.Set("test.k", cmap.U32(1))
			m.Set("test.kk", cmap.U32(1)) // not the tracked key
			m.Set("test.k", cmap.U32(2))
			m.Delete("test.k")
		}, "Type \"q\" to finish\ncreate> test.k (u32) = 1\nmodify> test.k (u32) = 2\ndelete> test.k (u32) = 2\n"},
		{"-T", "runtime.members.", func() {
			m.Set("runtime.members.2.status", cmap.Str("left"))
			m.Set("runtime.members.9.ip", cmap.Str("r(0) ip(10.0.0.9) "))
		}, "Type \"q\" to finish\nmodify> runtime.members.2.status (str) = left\ncreate> runtime.members.9.ip (str) = r(0) ip(10.0.0.9) \n"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		cmd := exec.CommandContext(ctx, "ip", "netns", "exec", ns.Name, "corosync-cmapctl", tc.flag, tc.key)
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		stdin, _ := cmd.StdinPipe()
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var sc *qbipc.ServerConn
		select {
		case sc = <-tracked:
		case <-ctx.Done():
			cmd.Process.Kill()
			t.Fatalf("%s %s never registered its tracker", tc.flag, tc.key)
		}
		tc.change()
		waitNoEvents(t, sc) // events are in the tool's socket before "q"
		io.WriteString(stdin, "q\n")
		err := cmd.Wait()
		cancel()
		if err != nil || out.String() != tc.want {
			t.Errorf("%s %s: %v, output:\n%s\nwant:\n%s", tc.flag, tc.key, err, out.String(), tc.want)
		}
	}
}
