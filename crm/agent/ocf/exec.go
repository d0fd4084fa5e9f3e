package ocf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ExitReasonPrefix starts the stderr line carrying an agent's exit reason.
const ExitReasonPrefix = "ocf-exit-reason:"

// killGrace is how long after the first SIGKILL a second one is sent to
// the process group (Pacemaker does the same), and then how long Exec waits
// for the process to be reaped before giving up on it.
const killGrace = 5 * time.Second

// pipeGrace bounds the wait for stdout/stderr after the script exited:
// a background child (IPaddr2's send_arp) may keep the pipes open.
const pipeGrace = 500 * time.Millisecond

// Proc is the outcome of one script run.
type Proc struct {
	// Exit is the exit status; -1 when the process did not exit normally.
	Exit int
	// Signal is the signal that ended it, or 0.
	Signal syscall.Signal
	// TimedOut is set when ctx ended first and the group was killed.
	TimedOut bool
	Stdout   string
	Stderr   string
}

// Exec runs argv with env in a new process group. When ctx ends first the
// whole group gets SIGKILL, again after killGrace, and Exec returns with
// TimedOut set. An error means the script could not be started.
func Exec(ctx context.Context, argv []string, env []string) (Proc, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	cmd.Dir = "/"
	var stdout, stderr lockedBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = pipeGrace
	if err := cmd.Start(); err != nil {
		return Proc{}, err
	}
	pgid := cmd.Process.Pid
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	var p Proc
	var werr error
	select {
	case werr = <-done:
	case <-ctx.Done():
		p.TimedOut = true
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		t := time.NewTimer(killGrace)
		select {
		case werr = <-done:
			t.Stop()
		case <-t.C:
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			t.Reset(killGrace)
			select {
			case werr = <-done:
			case <-t.C:
				return p, fmt.Errorf("%s: process group %d survived SIGKILL for %v", argv[0], pgid, 2*killGrace)
			}
		}
	}
	p.Stdout, p.Stderr = stdout.String(), stderr.String()
	// Stragglers a finished script left in its group (a background
	// sender) are not its result and are left running.
	var ee *exec.ExitError
	if werr != nil && !errors.As(werr, &ee) && !errors.Is(werr, exec.ErrWaitDelay) {
		return p, werr
	}
	p.Exit = -1
	if st := cmd.ProcessState; st != nil {
		if ws, ok := st.Sys().(syscall.WaitStatus); ok {
			if ws.Signaled() {
				p.Signal = ws.Signal()
			} else {
				p.Exit = ws.ExitStatus()
			}
		}
	}
	return p, nil
}

// ExitReason returns the last exit reason an agent wrote to stderr and
// stderr without those lines.
func ExitReason(stderr string) (reason, rest string) {
	var kept []string
	for _, line := range strings.SplitAfter(stderr, "\n") {
		if i := strings.Index(line, ExitReasonPrefix); i >= 0 {
			reason = strings.TrimSpace(line[i+len(ExitReasonPrefix):])
			continue
		}
		kept = append(kept, line)
	}
	return reason, strings.Join(kept, "")
}

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
