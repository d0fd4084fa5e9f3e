// Package netns gives tests private network namespaces: uniquely named,
// with lo up and a veth pair carrying the addresses a test asks for, or
// several of them joined by a bridge that lives in a namespace of its own.
// No namespace gets a default route, and the root namespace is never touched.
//
// It drives iproute2 (`ip netns ...`), so it needs root. Every process it
// starts runs in its own process group and is killed by that recorded group
// id when the namespace is closed; every wait is bounded.
package netns

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// Interface names used inside the namespaces (at most 15 bytes each).
const (
	// Iface is the interface that carries a namespace's addresses.
	Iface = "d0"
	// peerIface is the other end of Iface's veth pair in a standalone namespace.
	peerIface = "d0peer"
	// bridgeIface is the bridge inside a LAN's bridge namespace.
	bridgeIface = "br0"
)

// setupTimeout bounds each `ip` invocation used to build or remove namespaces.
const setupTimeout = 15 * time.Second

// namePrefix starts the name of every namespace this package creates; the
// creating process id follows, so stale namespaces of a dead test binary can
// be recognised and removed (see sweepStale).
const namePrefix = "gr"

var seq atomic.Uint64

func newName(tag string) string {
	return fmt.Sprintf("%s%d-%d%s", namePrefix, os.Getpid(), seq.Add(1), tag)
}

var (
	availOnce sync.Once
	availErr  error
)

// Available reports why namespaces cannot be used here, or nil if they can.
func Available() error {
	availOnce.Do(func() {
		if os.Geteuid() != 0 {
			availErr = errors.New("netns: needs root")
			return
		}
		if _, err := exec.LookPath("ip"); err != nil {
			availErr = fmt.Errorf("netns: iproute2 missing: %w", err)
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
		defer cancel()
		if out, err := exec.CommandContext(ctx, "ip", "netns", "list").CombinedOutput(); err != nil {
			availErr = fmt.Errorf("netns: `ip netns list` failed: %v: %s", err, strings.TrimSpace(string(out)))
			return
		}
		sweepStale()
	})
	return availErr
}

// SkipUnlessAvailable skips the test when namespaces cannot be used.
func SkipUnlessAvailable(t testing.TB) {
	t.Helper()
	if err := Available(); err != nil {
		SkipOrFail(t, err.Error())
	}
}

// NoSkipEnv, set to 1 (CI does), turns a missing system part (root,
// namespaces, the real corosync) into a failure instead of a skip, so a
// broken CI machine cannot pass by skipping.
const NoSkipEnv = "GOROSYNC_NO_SKIP"

// SkipOrFail skips the test for reason, or fails it under NoSkipEnv=1.
func SkipOrFail(t testing.TB, reason string) {
	t.Helper()
	if os.Getenv(NoSkipEnv) == "1" {
		t.Fatalf("%s (and %s=1 forbids skipping)", reason, NoSkipEnv)
	}
	t.Skip(reason)
}

// NS is one network namespace created by this package.
type NS struct {
	// Name is the namespace's name as `ip netns` knows it.
	Name string
	// Addrs are the addresses on Iface.
	Addrs []netip.Prefix

	mu     sync.Mutex
	procs  []*Proc
	closed bool
}

// Create makes a standalone namespace: lo up and a veth pair d0/d0peer whose
// both ends stay inside it, d0 carrying addrs (this kernel has no dummy link
// type). The caller must Close it. On error nothing is left behind.
func Create(ctx context.Context, addrs []netip.Prefix) (*NS, error) {
	if err := Available(); err != nil {
		return nil, err
	}
	ns := &NS{Name: newName(""), Addrs: append([]netip.Prefix(nil), addrs...)}
	if err := ipRun(ctx, nil, "netns", "add", ns.Name); err != nil {
		return nil, err
	}
	script := []string{
		"link set lo up",
		"link add " + Iface + " type veth peer name " + peerIface,
	}
	script = append(script, addrLines(addrs)...)
	script = append(script, "link set "+Iface+" up", "link set "+peerIface+" up")
	if err := ipBatch(ctx, ns.Name, script); err != nil {
		ns.deleteNS()
		return nil, err
	}
	return ns, nil
}

// New is Create for tests: it skips when namespaces are unavailable, fails
// the test on error and closes the namespace in t.Cleanup.
func New(t testing.TB, addrs ...netip.Prefix) *NS {
	t.Helper()
	SkipUnlessAvailable(t)
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	ns, err := Create(ctx, addrs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ns.Close(); err != nil {
			t.Error(err)
		}
	})
	return ns
}

// addrLines are `ip -batch` lines putting addrs on Iface (IPv6 without DAD so
// the address is usable at once).
func addrLines(addrs []netip.Prefix) []string {
	var lines []string
	for _, a := range addrs {
		l := "addr add " + a.String() + " dev " + Iface
		if a.Addr().Is6() {
			l += " nodad"
		}
		lines = append(lines, l)
	}
	return lines
}

// Close kills every process started in the namespace (by recorded process
// group), then any process still inside it, and deletes the namespace.
// It is idempotent.
func (ns *NS) Close() error {
	ns.mu.Lock()
	if ns.closed {
		ns.mu.Unlock()
		return nil
	}
	ns.closed = true
	procs := ns.procs
	ns.procs = nil
	ns.mu.Unlock()

	var errs []error
	for _, p := range procs {
		p.kill()
	}
	for _, p := range procs {
		if err := p.waitBounded(killWait); err != nil {
			errs = append(errs, err)
		}
	}
	if err := killLeftovers(ns.Name); err != nil {
		errs = append(errs, err)
	}
	if err := ns.deleteNS(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func (ns *NS) deleteNS() error {
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	return ipRun(ctx, nil, "netns", "delete", ns.Name)
}

// ipRun runs `ip args...` with stdin and returns an error carrying its output.
func ipRun(ctx context.Context, stdin []byte, args ...string) error {
	ctx, cancel := context.WithTimeout(ctx, setupTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ip", args...)
	if stdin != nil {
		cmd.Stdin = strings.NewReader(string(stdin))
	}
	cmd.WaitDelay = time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("netns: ip %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}

// ipBatch runs lines as one `ip -n name -batch -` (one process, not many).
func ipBatch(ctx context.Context, name string, lines []string) error {
	return ipRun(ctx, []byte(strings.Join(lines, "\n")+"\n"), "-n", name, "-batch", "-")
}

// Do runs fn on an OS thread switched into the namespace, so sockets fn
// opens belong to it (they stay there after Do returns). The thread is
// switched back afterwards; if that fails it is left locked and so retired
// by the Go runtime rather than reused in the wrong namespace.
func (ns *NS) Do(fn func() error) error {
	target, err := os.Open("/run/netns/" + ns.Name)
	if err != nil {
		return fmt.Errorf("netns: %w", err)
	}
	defer target.Close()
	runtime.LockOSThread()
	self, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("netns: %w", err)
	}
	defer self.Close()
	if err := setns(target); err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("netns %s: setns: %w", ns.Name, err)
	}
	ferr := fn()
	if err := setns(self); err != nil {
		return errors.Join(ferr, fmt.Errorf("netns: switching back: %w", err))
	}
	runtime.UnlockOSThread()
	return ferr
}

func setns(f *os.File) error {
	_, _, errno := syscall.Syscall(sysSetns, f.Fd(), syscall.CLONE_NEWNET, 0)
	if errno != 0 {
		return errno
	}
	return nil
}
