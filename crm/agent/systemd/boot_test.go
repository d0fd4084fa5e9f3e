package systemd

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorosync/gorosync/internal/netns"
)

// bootScript runs inside fresh pid, mount, network, UTS and IPC
// namespaces and execs systemd as their PID 1. Everything systemd could
// write lands on tmpfs or nowhere:
//   - / is remounted read-only (a per-mount flag: the host is untouched),
//     so no unit can delete or change host files (Debian's
//     systemd-tmpfiles-setup would otherwise empty the host's /tmp);
//   - /run, /tmp, /var/tmp, /var/lib/systemd, /var/log get private tmpfs;
//   - SYSTEMD_UNIT_PATH replaces the unit search path by the runtime dir
//     and the test's unit dir, so only the units a test provides exist
//     (no sysinit.target pulling udev, sysctl, swap or tmpfiles);
//   - the network namespace has only lo (haproxy and memcached bind there);
//   - /dev/console is a file in the test directory, so systemd's console
//     log neither blocks on nor reaches the real console.
//
// $1 is the test directory, bind-mounted at /run/gocrm-test.
const bootScript = `set -eu
mount --make-rprivate /
mount -t tmpfs -o mode=0755 gocrm-run /run
mkdir -p /run/gocrm-test /run/systemd/system
mount --bind "$1" /run/gocrm-test
mount -o remount,bind,ro /
for d in /tmp /var/tmp /var/lib/systemd /var/log; do
	if [ -d "$d" ]; then mount -t tmpfs -o mode=1777 gocrm-tmp "$d"; fi
done
: > /run/gocrm-test/console.log
mount --bind /run/gocrm-test/console.log /dev/console
export container=gocrm-test
export SYSTEMD_UNIT_PATH=/run/systemd/system:/run/gocrm-test/units
exec /lib/systemd/systemd --system --unit=gocrm-test.target --log-target=console --log-level=notice \
	--default-standard-output=null --default-standard-error=null
`

// stubUnits exist so that units' default dependencies resolve to nothing.
var stubUnits = []string{"gocrm-test.target", "sysinit.target", "basic.target", "shutdown.target",
	"network.target", "network-online.target", "local-fs.target", "sockets.target", "paths.target",
	"timers.target", "slices.target", "rsyslog.service"}

// box is a systemd running as PID 1 of private namespaces.
type box struct {
	dir   string // host side of /run/gocrm-test
	pid   int    // systemd's pid in the root pid namespace
	outer *exec.Cmd
	mgr   *Manager
	last  string // the last boot check, for the failure message
}

// root is how the host reaches a path inside the box's mount namespace.
func (b *box) root(p string) string { return fmt.Sprintf("/proc/%d/root%s", b.pid, p) }

// bootSystemd starts the box with the given extra unit files (name ->
// content; a content starting with "@" is a symlink target) and returns
// once systemd answers on its private socket.
func bootSystemd(t *testing.T, units map[string]string) *box {
	t.Helper()
	if os.Geteuid() != 0 {
		netns.SkipOrFail(t, "systemd tests need root")
	}
	for _, bin := range []string{"/lib/systemd/systemd", "/usr/bin/unshare"} {
		if _, err := os.Stat(bin); err != nil {
			netns.SkipOrFail(t, bin+" missing: "+err.Error())
		}
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	udir := filepath.Join(dir, "units")
	if err := os.MkdirAll(udir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range stubUnits {
		if err := os.WriteFile(filepath.Join(udir, n), []byte("[Unit]\nDescription=gocrm test stub\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for n, content := range units {
		p := filepath.Join(udir, n)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if target, ok := strings.CutPrefix(content, "@"); ok {
			err = os.Symlink(target, p)
		} else {
			err = os.WriteFile(p, []byte(content), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	logf, err := os.Create(filepath.Join(dir, "systemd.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	cmd := exec.Command("unshare", "--pid", "--fork", "--mount", "--mount-proc", "--net", "--uts", "--ipc",
		"--kill-child", "sh", "-c", bootScript, "sh", dir)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	b := &box{dir: dir, outer: cmd}
	waited := make(chan struct{})
	go func() { cmd.Wait(); close(waited) }()
	t.Cleanup(func() { b.shutdown(t, waited) })

	// systemd is unshare's child (the sh it forked execs it).
	deadline := time.Now().Add(30 * time.Second)
	for b.pid == 0 {
		if kids, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", cmd.Process.Pid, cmd.Process.Pid)); err == nil {
			if f := strings.Fields(string(kids)); len(f) > 0 {
				if comm, _ := os.ReadFile("/proc/" + f[0] + "/comm"); strings.TrimSpace(string(comm)) == "systemd" {
					b.pid, _ = strconv.Atoi(f[0])
				}
			}
		}
		b.checkAlive(t, waited, deadline)
		time.Sleep(20 * time.Millisecond)
	}
	b.startRelay(t)
	b.mgr = NewManager(Config{Socket: filepath.Join(dir, "sd.sock"), DropInDir: b.root("/run/systemd/system")})
	t.Cleanup(func() { b.mgr.Close() })
	for {
		st, err := b.systemState()
		if err == nil && (st == "running" || st == "degraded") {
			return b
		}
		b.last = fmt.Sprintf("system state %q, %v", st, err)
		b.checkAlive(t, waited, deadline)
		time.Sleep(50 * time.Millisecond)
	}
}

// startRelay runs a copy of the test binary inside the box as the D-Bus
// relay (see relay_test.go); it dies with the box's pid namespace.
func (b *box) startRelay(t *testing.T) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, "relay.bin"), bin, 0o755); err != nil {
		t.Fatal(err)
	}
	logf, err := os.Create(filepath.Join(b.dir, "relay.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	cmd := exec.Command("nsenter", "-t", strconv.Itoa(b.pid), "-m", "-p", "-n", "--", "/run/gocrm-test/relay.bin")
	cmd.Env = append(os.Environ(), relayEnv+"=1")
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go cmd.Wait()
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
}

func (b *box) checkAlive(t *testing.T, waited chan struct{}, deadline time.Time) {
	t.Helper()
	select {
	case <-waited:
		t.Fatalf("the systemd box exited during boot: %s", b.logs())
	default:
	}
	if time.Now().After(deadline) {
		t.Fatalf("systemd did not come up within 30s: %s", b.logs())
	}
}

func (b *box) logs() string {
	l1, _ := os.ReadFile(filepath.Join(b.dir, "systemd.log"))
	l2, _ := os.ReadFile(filepath.Join(b.dir, "console.log"))
	return b.last + "\n" + string(l1) + string(l2)
}

func (b *box) systemState() (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := b.mgr.connect(ctx)
	if err != nil {
		return "", err
	}
	p, err := c.SystemStateContext(ctx)
	if err != nil {
		b.mgr.Close()
		return "", err
	}
	s, _ := p.Value.Value().(string)
	return s, nil
}

// shutdown kills systemd by its recorded pid, which ends every process of
// its pid namespace, then waits (bounded) for unshare. The empty cgroups
// systemd made (init.scope, system.slice) stay; the next box reuses them.
func (b *box) shutdown(t *testing.T, waited chan struct{}) {
	if b.pid != 0 {
		_ = syscall.Kill(b.pid, syscall.SIGKILL)
	}
	_ = syscall.Kill(-b.outer.Process.Pid, syscall.SIGKILL)
	select {
	case <-waited:
	case <-time.After(10 * time.Second):
		t.Errorf("systemd box (unshare pid %d) did not exit", b.outer.Process.Pid)
	}
}
