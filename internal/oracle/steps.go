package oracle

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gorosync/gorosync/internal/netns"
)

// proc is one started step command inside the box.
type proc struct {
	cmd    *exec.Cmd
	stdout syncBuf
	stderr syncBuf
	done   chan struct{}
	err    error
}

func startProc(argv []string) (*proc, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = boxEnv()
	cmd.Dir = "/"
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = 2 * time.Second // a leftover holding our pipes
	p := &proc{cmd: cmd, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = &p.stdout, &p.stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// boxEnv is the environment of the box's commands: ours without envBox.
func boxEnv() []string {
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, envBox+"=") {
			env = append(env, e)
		}
	}
	return env
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// waitFor waits at most d; on expiry the process group is killed.
func (p *proc) waitFor(d time.Duration) (timedOut bool) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-p.done:
		return false
	case <-t.C:
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.done // SIGKILL of a child of ours: it will be reaped
		return true
	}
}

func (p *proc) fill(r *Result) {
	r.Stdout, r.Stderr = p.stdout.String(), p.stderr.String()
	if p.cmd.ProcessState != nil {
		r.Exit = netns.ExitStatus(p.cmd.ProcessState)
	}
}

// runSteps runs the plan in order and returns one Result per step.
func runSteps(steps []Step, cat *catcher) []Result {
	res := make([]Result, len(steps))
	bg := map[int32]int{} // pid of a background step -> its index
	procs := make([]*proc, len(steps))
	failed := false
	// route gives the datagrams received so far to their senders' steps;
	// the rest go to step cur.
	route := func(cur int) {
		for _, m := range cat.take() {
			i, ok := bg[m.pid]
			if !ok {
				i = cur
			}
			res[i].Syslog = append(res[i].Syslog, m.text)
		}
	}
	for i, s := range steps {
		res[i].Argv = s.Argv
		if failed && !s.Background {
			res[i].Skipped = true
			continue
		}
		if s.Background {
			p, err := startProc(s.Argv)
			if err != nil {
				res[i].Exit, res[i].Err = 127, err.Error()
				continue
			}
			procs[i] = p
			bg[int32(p.cmd.Process.Pid)] = i
			continue
		}
		ok := runForeground(s, &res[i], procs, func() { route(i) })
		res[i].Logs = snapshotLogs()
		if !ok && s.Until != Once {
			failed = true
		}
	}
	// Stop the background commands, last started first.
	for i := len(steps) - 1; i >= 0; i-- {
		p := procs[i]
		if p == nil {
			continue
		}
		if !p.exited() {
			_ = p.cmd.Process.Signal(syscall.SIGTERM)
			res[i].Killed = p.waitFor(stopGrace(steps[i]))
		}
		p.fill(&res[i])
		route(i)
		res[i].Logs = snapshotLogs()
	}
	return res
}

// runForeground runs one foreground step, polling as s.Until says; it
// reports whether the step's condition was met.
func runForeground(s Step, r *Result, procs []*proc, route func()) bool {
	deadline := time.Now().Add(stepTimeout(s))
	prev := ""
	for {
		r.Attempts++
		p, err := startProc(s.Argv)
		if err != nil {
			r.Exit, r.Err = 127, err.Error()
			return false
		}
		r.TimedOut = p.waitFor(time.Until(deadline))
		p.fill(r)
		route()
		if r.TimedOut {
			return false
		}
		switch s.Until {
		case Once:
			return true
		case UntilOK:
			if r.Exit == 0 {
				return true
			}
		case UntilOutput:
			if r.Exit == 0 && r.Stdout != "" {
				return true
			}
		case UntilStable:
			if r.Exit == 0 && r.Stdout != "" && r.Stdout == prev {
				return true
			}
			if r.Exit == 0 {
				prev = r.Stdout
			}
		}
		for _, bp := range procs {
			if bp != nil && bp.exited() {
				return false // the daemon being waited for is gone
			}
		}
		if time.Until(deadline) < PollInterval {
			r.TimedOut = true
			return false
		}
		time.Sleep(PollInterval) // bounded by deadline
	}
}

// snapshotLogs reads every file under /var/log and every file the box
// wrote under /tmp.
func snapshotLogs() map[string]string {
	logs := map[string]string{}
	add := func(root, as string) {
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return nil
			}
			if b, err := os.ReadFile(path); err == nil {
				rel, _ := filepath.Rel(root, path)
				logs[filepath.Join(as, rel)] = string(b)
			}
			return nil
		})
	}
	add("/var/log", "/var/log")
	add(tmpUpper, "/tmp")
	if len(logs) == 0 {
		return nil
	}
	return logs
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
