package systemd

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorosync/gorosync/crm/agent"
	"github.com/gorosync/gorosync/internal/netns"
)

func TestUnitName(t *testing.T) {
	for in, want := range map[string]string{"haproxy": "haproxy.service", "haproxy.service": "haproxy.service",
		"foo.socket": "foo.socket", "x.timer": "x.timer", "a.mount": "a.mount", "p.path": "p.path", "getty@tty1": "getty@tty1.service"} {
		if got := UnitName(in); got != want {
			t.Errorf("UnitName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDropIn(t *testing.T) {
	want := "# Written by gocrm while the cluster manages this unit; removed on stop.\n[Unit]\nDescription=Cluster Controlled haproxy\nBefore=gocrmd.service pacemaker.service pacemaker_remote.service\n\n[Service]\nRestart=no\n"
	if got := DropIn("haproxy.service", DefaultBefore); got != want {
		t.Errorf("got %q", got)
	}
	if got := DropIn("foo.socket", nil); strings.Contains(got, "[Service]") || strings.Contains(got, "Before=") {
		t.Errorf("socket drop-in %q", got)
	}
}

const haproxyCfg = `global
	pidfile /run/haproxy.pid
defaults
	mode http
	timeout connect 1s
	timeout client 5s
	timeout server 5s
frontend fe
	bind 127.0.0.1:8080
	default_backend be
backend be
	server s1 127.0.0.1:8081
`

// Debian's units, with the test's haproxy configuration; /dev/log (which
// haproxy's unit bind-mounts) does not exist in the box.
var debianUnits = map[string]string{
	"haproxy.service":             "@/lib/systemd/system/haproxy.service",
	"memcached.service":           "@/lib/systemd/system/memcached.service",
	"haproxy.service.d/test.conf": "[Service]\nEnvironment=CONFIG=/run/gocrm-test/haproxy.cfg\nBindReadOnlyPaths=\n",
	// Slow to start: stays activating (start-pre) until the test writes
	// to the fifo.
	"slow.service": "[Unit]\nDescription=gocrm slow test unit\n[Service]\n" +
		"ExecStartPre=/bin/sh -c 'read line < /run/gocrm-test/slow.fifo'\nExecStart=/bin/sleep infinity\n",
}

func requireUnits(t *testing.T) {
	t.Helper()
	for _, u := range []string{"/lib/systemd/system/haproxy.service", "/lib/systemd/system/memcached.service"} {
		if _, err := os.Stat(u); err != nil {
			netns.SkipOrFail(t, "haproxy and memcached packages needed: "+err.Error())
		}
	}
}

func op(b *box, u *Unit, action string, timeout time.Duration) agent.Result {
	return agent.Run(context.Background(), u, action, agent.Request{Instance: u.Name, Timeout: timeout})
}

func TestDebianServices(t *testing.T) {
	requireUnits(t)
	b := bootSystemd(t, debianUnits)
	if err := os.WriteFile(filepath.Join(b.dir, "haproxy.cfg"), []byte(haproxyCfg), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"haproxy", "memcached"} {
		u := b.mgr.Unit(name)
		if r := op(b, u, "monitor", 10*time.Second); r.Code != agent.NotRunning || !strings.HasPrefix(r.Reason, "inactive") {
			t.Fatalf("%s probe: %v", name, r)
		}
		if r := op(b, u, "start", 30*time.Second); !r.OK() {
			t.Fatalf("%s start: %v", name, r)
		}
		// The drop-in is in place and systemd has read it.
		if _, err := os.Stat(b.root("/run/systemd/system/" + u.Name + ".d/" + DropInName)); err != nil {
			t.Errorf("%s drop-in: %v", name, err)
		}
		c, _ := b.mgr.connect(t.Context())
		if p, err := c.GetUnitTypePropertyContext(t.Context(), u.Name, "Service", "Restart"); err != nil || p.Value.Value() != "no" {
			t.Errorf("%s Restart = %v, %v; want no", name, p, err)
		}
		if r := op(b, u, "monitor", 10*time.Second); !r.OK() {
			t.Fatalf("%s monitor: %v", name, r)
		}
		if r := op(b, u, "start", 30*time.Second); !r.OK() {
			t.Fatalf("%s second start: %v", name, r)
		}
		if r := op(b, u, "stop", 30*time.Second); !r.OK() {
			t.Fatalf("%s stop: %v", name, r)
		}
		if _, err := os.Stat(b.root("/run/systemd/system/" + u.Name + ".d/" + DropInName)); err == nil {
			t.Errorf("%s drop-in left after stop", name)
		}
		if r := op(b, u, "monitor", 10*time.Second); r.Code != agent.NotRunning {
			t.Fatalf("%s monitor after stop: %v", name, r)
		}
		if r := op(b, u, "stop", 30*time.Second); !r.OK() {
			t.Fatalf("%s second stop: %v", name, r)
		}
	}

	// A broken configuration: the start fails and says so.
	if err := os.WriteFile(filepath.Join(b.dir, "haproxy.cfg"), []byte("this is not haproxy\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	u := b.mgr.Unit("haproxy")
	r := op(b, u, "start", 30*time.Second)
	if r.Status != agent.ExecDone || r.Code != agent.ErrGeneric || !strings.Contains(r.Reason, "failed") {
		t.Fatalf("haproxy start with a broken config: %v", r)
	}
	if r := op(b, u, "monitor", 10*time.Second); r.Code != agent.NotRunning || !strings.HasPrefix(r.Reason, "failed") {
		t.Fatalf("monitor after the failed start: %v", r)
	}
	if r := op(b, u, "stop", 30*time.Second); !r.OK() {
		t.Fatalf("stop after the failed start: %v", r)
	}

	// Unknown units.
	nu := b.mgr.Unit("no-such-unit")
	if r := op(b, nu, "start", 10*time.Second); r.Code != agent.ErrInstalled {
		t.Errorf("start of an unknown unit: %v", r)
	}
	if r := op(b, nu, "stop", 10*time.Second); !r.OK() {
		t.Errorf("stop of an unknown unit: %v", r)
	}
	if r := op(b, nu, "monitor", 10*time.Second); r.Code != agent.NotRunning {
		t.Errorf("monitor of an unknown unit: %v", r)
	}
	if md, err := agent.ParseMetadata([]byte(op(b, u, "meta-data", 5*time.Second).Stdout)); err != nil || md.LongDesc == "" ||
		!strings.Contains(md.LongDesc, "HAProxy") {
		t.Errorf("meta-data: %+v %v", md, err)
	}
}

// TestSlowStart: a start is reported only once the unit is active; while
// it activates, monitor says pending; a start whose timeout expires first
// is a timeout, not a failure.
func TestSlowStart(t *testing.T) {
	b := bootSystemd(t, debianUnits)
	fifo := filepath.Join(b.dir, "slow.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	u := b.mgr.Unit("slow")

	done := make(chan agent.Result, 1)
	go func() { done <- op(b, u, "start", 60*time.Second) }()
	waitPending(t, b, u, done)
	select {
	case r := <-done:
		t.Fatalf("start returned while the unit was still activating: %v", r)
	default:
	}
	release(t, fifo)
	if r := <-done; !r.OK() {
		t.Fatalf("slow start: %v", r)
	}
	if r := op(b, u, "monitor", 10*time.Second); !r.OK() {
		t.Fatalf("monitor after the slow start: %v", r)
	}
	if r := op(b, u, "stop", 30*time.Second); !r.OK() {
		t.Fatalf("stop: %v", r)
	}

	// Now a start that cannot finish in time: a timeout, not a failure.
	// Its deadline is made to pass once systemd has begun the job (the
	// unit is activating), so a busy machine cannot cut the start before
	// the job exists.
	deadline := newDeadlineSwitch()
	done = make(chan agent.Result, 1)
	go func() {
		done <- agent.Run(deadline, u, "start", agent.Request{Instance: u.Name, Timeout: time.Minute})
	}()
	waitPending(t, b, u, done)
	deadline.expire()
	r := <-done
	if r.Status != agent.ExecTimeout || !strings.Contains(r.Reason, "timed out") {
		t.Fatalf("start cut by its timeout: %v", r)
	}
	// The job goes on: the unit stays activating (its ExecStartPre waits
	// on the fifo) and monitor says pending, not failed.
	if r := op(b, u, "monitor", 10*time.Second); r.Status != agent.ExecPending {
		t.Fatalf("monitor after the timed-out start: %v", r)
	}
	if r := op(b, u, "stop", 30*time.Second); !r.OK() {
		t.Fatalf("stop of an activating unit: %v", r)
	}
	if r := op(b, u, "monitor", 10*time.Second); r.Code != agent.NotRunning {
		t.Fatalf("monitor after stop: %v", r)
	}
}

// waitPending waits (bounded) until monitor reports the unit activating.
func waitPending(t *testing.T, b *box, u *Unit, done <-chan agent.Result) {
	t.Helper()
	var r agent.Result
	for i := 0; i < 600; i++ {
		r = op(b, u, "monitor", 10*time.Second)
		if r.Status == agent.ExecPending {
			return
		}
		if r.OK() {
			t.Fatalf("unit active before the fifo was written: %v", r)
		}
		select {
		case sr := <-done:
			t.Fatalf("start ended before the fifo was written: %v", sr)
		default:
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("unit never became activating; last monitor: %v", r)
}

// release writes a line to the fifo the unit's ExecStartPre reads.
func release(t *testing.T, fifo string) {
	t.Helper()
	// A blocking open for writing returns once the unit's shell has opened
	// the fifo for reading: "activating" only says ExecStartPre started,
	// not that its redirection is done yet.
	opened := make(chan *os.File, 1)
	failed := make(chan error, 1)
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			failed <- err
			return
		}
		opened <- f
	}()
	select {
	case f := <-opened:
		defer f.Close()
		if _, err := f.WriteString("go\n"); err != nil {
			t.Fatal(err)
		}
	case err := <-failed:
		t.Fatalf("opening the fifo: %v", err)
	case <-time.After(30 * time.Second):
		// Open it for reading ourselves so the blocked opener returns.
		if r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
			(<-opened).Close()
			r.Close()
		}
		t.Fatal("the unit never opened the fifo for reading within 30s")
	}
}

// deadlineSwitch is a context whose deadline passes when the test says so.
type deadlineSwitch struct {
	context.Context
	done chan struct{}
	once sync.Once
}

func newDeadlineSwitch() *deadlineSwitch {
	return &deadlineSwitch{Context: context.Background(), done: make(chan struct{})}
}

func (d *deadlineSwitch) expire()               { d.once.Do(func() { close(d.done) }) }
func (d *deadlineSwitch) Done() <-chan struct{} { return d.done }
func (d *deadlineSwitch) Err() error {
	select {
	case <-d.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}
