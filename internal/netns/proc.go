package netns

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// DefaultRunTimeout bounds Run and Exec when the context has no deadline.
const DefaultRunTimeout = 2 * time.Minute

// killWait bounds the wait for a killed process group to be reaped.
const killWait = 5 * time.Second

// Cmd is a command to run inside a namespace.
type Cmd struct {
	Argv  []string
	Env   []string // nil: inherit the test's environment
	Stdin []byte
	Dir   string
}

// Result is how a command ended.
type Result struct {
	// Exit is the exit status, or 128+signal if a signal ended it.
	Exit   int
	Stdout string
	Stderr string
}

// Proc is a process started in a namespace; it is killed (with its process
// group) when the namespace is closed.
type Proc struct {
	// PID is the process id (also its process group id) in the root pid
	// namespace.
	PID int

	cmd    *exec.Cmd
	stdout lockedBuffer
	stderr lockedBuffer
	done   chan struct{}
	err    error // from cmd.Wait, valid after done
}

// Run runs argv inside the namespace to completion.
func (ns *NS) Run(ctx context.Context, argv ...string) (Result, error) {
	return ns.Exec(ctx, Cmd{Argv: argv})
}

// Exec runs c inside the namespace to completion. A non-zero exit is not an
// error; failing to start, or the context ending first, is (the process group
// is killed then).
func (ns *NS) Exec(ctx context.Context, c Cmd) (Result, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultRunTimeout)
		defer cancel()
	}
	p, err := ns.Start(c)
	if err != nil {
		return Result{}, err
	}
	defer ns.forget(p)
	return p.Wait(ctx)
}

// Start starts c inside the namespace (`ip netns exec NAME argv...`) in a new
// process group and returns at once.
func (ns *NS) Start(c Cmd) (*Proc, error) {
	if len(c.Argv) == 0 {
		return nil, errors.New("netns: empty command")
	}
	args := append([]string{"netns", "exec", ns.Name}, c.Argv...)
	cmd := exec.Command("ip", args...)
	cmd.Env = c.Env
	cmd.Dir = c.Dir
	if c.Stdin != nil {
		cmd.Stdin = bytes.NewReader(c.Stdin)
	}
	// Own process group, so the whole tree can be killed by its id; and
	// killed by the kernel if this test process dies first.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	p := &Proc{cmd: cmd, done: make(chan struct{})}
	cmd.Stdout = &p.stdout
	cmd.Stderr = &p.stderr

	ns.mu.Lock()
	defer ns.mu.Unlock()
	if ns.closed {
		return nil, fmt.Errorf("netns %s: already closed", ns.Name)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("netns %s: start %q: %w", ns.Name, c.Argv, err)
	}
	p.PID = cmd.Process.Pid
	ns.procs = append(ns.procs, p)
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// forget drops a finished process from the namespace's list.
func (ns *NS) forget(p *Proc) {
	ns.mu.Lock()
	defer ns.mu.Unlock()
	for i, q := range ns.procs {
		if q == p {
			ns.procs = append(ns.procs[:i], ns.procs[i+1:]...)
			return
		}
	}
}

// Done is closed when the process has exited.
func (p *Proc) Done() <-chan struct{} { return p.done }

// Output returns what the process has written so far.
func (p *Proc) Output() (stdout, stderr string) {
	return p.stdout.String(), p.stderr.String()
}

// Wait waits for the process to exit; when ctx ends first the process group
// is killed and ctx's error returned with the output so far.
func (p *Proc) Wait(ctx context.Context) (Result, error) {
	select {
	case <-p.done:
		return p.result()
	case <-ctx.Done():
		p.kill()
		if err := p.waitBounded(killWait); err != nil {
			return Result{}, err
		}
		r, _ := p.result()
		return r, fmt.Errorf("netns: %q: %w", p.cmd.Args[3:], ctx.Err())
	}
}

// Stop sends SIGTERM to the process group, then SIGKILL if it is still alive
// after grace; it returns how the process ended.
func (p *Proc) Stop(grace time.Duration) (Result, error) {
	select {
	case <-p.done:
		return p.result()
	default:
	}
	_ = syscall.Kill(-p.PID, syscall.SIGTERM)
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-p.done:
	case <-t.C:
		p.kill()
		if err := p.waitBounded(killWait); err != nil {
			return Result{}, err
		}
	}
	return p.result()
}

func (p *Proc) kill() { _ = syscall.Kill(-p.PID, syscall.SIGKILL) }

func (p *Proc) waitBounded(d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-p.done:
		return nil
	case <-t.C:
		return fmt.Errorf("netns: pid %d did not exit within %v of SIGKILL", p.PID, d)
	}
}

func (p *Proc) result() (Result, error) {
	r := Result{Stdout: p.stdout.String(), Stderr: p.stderr.String()}
	st := p.cmd.ProcessState
	if st == nil {
		return r, p.err
	}
	r.Exit = ExitStatus(st)
	var ee *exec.ExitError
	if p.err != nil && !errors.As(p.err, &ee) {
		return r, p.err // e.g. WaitDelay expired on an inherited pipe
	}
	return r, nil
}

// ExitStatus is the shell's view of how a process ended: its exit code, or
// 128+signal.
func ExitStatus(st interface{ Sys() any }) int {
	ws, ok := st.Sys().(syscall.WaitStatus)
	if !ok {
		return -1
	}
	if ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ws.ExitStatus()
}

// killLeftovers SIGKILLs any process still inside the namespace (descendants
// that left our process groups) and waits, bounded, until none is left.
func killLeftovers(name string) error {
	deadline := time.Now().Add(killWait)
	for {
		pids, err := nsPIDs(name)
		if err != nil || len(pids) == 0 {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("netns %s: processes %v still alive after SIGKILL", name, pids)
		}
		for _, pid := range pids {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
		time.Sleep(20 * time.Millisecond) // bounded poll for the kernel to reap them
	}
}

// nsPIDs lists the processes inside namespace name.
func nsPIDs(name string) ([]int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, "ip", "netns", "pids", name).Output()
	if err != nil {
		return nil, fmt.Errorf("netns: ip netns pids %s: %w", name, err)
	}
	var pids []int
	for _, f := range strings.Fields(string(out)) {
		if pid, err := strconv.Atoi(f); err == nil {
			pids = append(pids, pid)
		}
	}
	return pids, nil
}

// lockedBuffer is a bytes.Buffer safe to read while a process writes it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
