// Package oracle runs commands — the real corosync 3.1.7, or our own
// binaries — in a "box": a fresh network namespace carrying a config's
// addresses, inside private mount, UTS and pid namespaces in which
// /etc/corosync holds the config under test, /etc/hosts and /etc/resolv.conf
// are ours, and /run, /dev, /dev/shm, /var/log, /var/lib/corosync and /tmp
// writes stay private. The host's files (binaries included) stay visible.
//
// This mirrors the oracle method of ../shared/reference/confs (README
// "Oracle method"), so results can be compared with the recorded
// expectations there and in testdata/conf.
//
// The box's first process is the calling binary itself, re-executed with
// an environment variable (see init in boxinit.go); any binary importing
// this package, test binaries included, can therefore be boxed.
package oracle

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gorosync/gorosync/internal/netns"
)

// ConfPath is where the box holds the config under test.
const ConfPath = "/etc/corosync/corosync.conf"

// DefaultHostname is the box's hostname unless Box.Hostname says otherwise;
// it matches no node name, so local-node detection goes by address.
const DefaultHostname = "hc-oracle"

// DefaultHosts is the box's /etc/hosts unless Box.Hosts says otherwise.
const DefaultHosts = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"

// resolvConf points name lookups at a loopback address where nothing
// answers, so names not in /etc/hosts fail fast instead of leaking out.
const resolvConf = "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n"

// Box describes the environment the commands see.
type Box struct {
	Conf     []byte            // becomes /etc/corosync/corosync.conf
	Addrs    []netip.Prefix    // on d0 in the box's network namespace
	Hosts    string            // /etc/hosts content; "" means DefaultHosts
	Hostname string            // "" means DefaultHostname
	Authkey  []byte            // /etc/corosync/authkey (mode 0400); nil: none
	UidgidD  map[string][]byte // files of /etc/corosync/uidgid.d
	// Timeout bounds the whole box; 0 means the sum of the steps' bounds
	// plus a margin.
	Timeout time.Duration
}

// Until says how often a Step's command runs.
type Until int

const (
	// Once runs the command once.
	Once Until = iota
	// UntilOK repeats the command until it exits 0.
	UntilOK
	// UntilOutput repeats it until it exits 0 with some output.
	UntilOutput
	// UntilStable repeats it until it exits 0 with the same non-empty
	// output twice in a row.
	UntilStable
)

// PollInterval is the pause between two tries of a polling Step.
const PollInterval = 100 * time.Millisecond

// Step is one command run in the box, in order.
type Step struct {
	Argv []string
	// Background starts the command and goes on with the next step; it is
	// stopped when the steps are done: SIGTERM, then SIGKILL after StopGrace.
	Background bool
	StopGrace  time.Duration // default 5s
	// Until repeats a foreground command (every PollInterval) until its
	// condition holds. A poll that fails — timeout, or a background command
	// exited meanwhile — skips every later foreground step.
	Until Until
	// Timeout bounds a foreground step (all its tries); default 30s.
	Timeout time.Duration
}

// Result is what one Step did.
type Result struct {
	Argv   []string
	Exit   int // exit status, or 128+signal; 127 if it could not start
	Stdout string
	Stderr string
	// Syslog holds the syslog(3) datagrams the command sent (raw text,
	// one per entry).
	Syslog []string
	// Logs maps every file under /var/log and every file written under /tmp
	// in the box to its content, when the step ended.
	Logs     map[string]string
	Attempts int    `json:",omitempty"` // tries of a polling step
	TimedOut bool   `json:",omitempty"` // its Timeout (or a poll) ran out
	Killed   bool   `json:",omitempty"` // background: needed SIGKILL
	Skipped  bool   `json:",omitempty"` // not run: an earlier poll failed
	Err      string `json:",omitempty"` // could not run it at all
}

// Run runs steps in a fresh box and returns one Result per step. The error
// is about the box itself (set-up, timeout); a command's failure is in its
// Result. Boxes are independent: Run may be called concurrently.
func Run(ctx context.Context, b Box, steps ...Step) ([]Result, error) {
	if len(steps) == 0 {
		return nil, errors.New("oracle: no steps")
	}
	for i, s := range steps {
		if len(s.Argv) == 0 {
			return nil, fmt.Errorf("oracle: step %d has no command", i)
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("oracle: %w", err)
	}
	scratch, err := os.MkdirTemp("", "gorosync-box-")
	if err != nil {
		return nil, fmt.Errorf("oracle: %w", err)
	}
	defer os.RemoveAll(scratch)
	if err := writeScratch(scratch, b, steps); err != nil {
		return nil, err
	}
	limit := b.Timeout
	if limit <= 0 {
		limit = 30 * time.Second
		for _, s := range steps {
			limit += stepTimeout(s) + stopGrace(s)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, limit+10*time.Second)
	defer cancel()

	ns, err := netns.Create(ctx, b.Addrs)
	if err != nil {
		return nil, fmt.Errorf("oracle: %w", err)
	}
	defer ns.Close()
	r, err := ns.Exec(ctx, netns.Cmd{
		Argv: []string{
			"timeout", "-k", "5", strconv.Itoa(int(limit.Seconds()) + 1),
			"unshare", "--mount", "--uts", "--pid", "--fork", "--mount-proc",
			"--propagation", "private", "--kill-child", "--", exe,
		},
		Env: append(os.Environ(), envBox+"="+scratch),
	})
	if err != nil {
		return nil, fmt.Errorf("oracle: box: %w (stderr %q)", err, r.Stderr)
	}
	raw, rerr := os.ReadFile(filepath.Join(scratch, outFile))
	if r.Exit != 0 || rerr != nil {
		return nil, fmt.Errorf("oracle: box exited %d: %s%v", r.Exit, r.Stderr, rerr)
	}
	var out boxOutput
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("oracle: box output: %w", err)
	}
	if out.Err != "" {
		return nil, fmt.Errorf("oracle: box: %s", out.Err)
	}
	if len(out.Results) != len(steps) {
		return nil, fmt.Errorf("oracle: box returned %d results for %d steps", len(out.Results), len(steps))
	}
	return out.Results, nil
}

// Commands runs each argv once, in order, in one box.
func Commands(ctx context.Context, b Box, argvs ...[]string) ([]Result, error) {
	steps := make([]Step, len(argvs))
	for i, a := range argvs {
		steps[i] = Step{Argv: a}
	}
	return Run(ctx, b, steps...)
}

func stepTimeout(s Step) time.Duration {
	if s.Background {
		return 0
	}
	if s.Timeout > 0 {
		return s.Timeout
	}
	return 30 * time.Second
}

func stopGrace(s Step) time.Duration {
	if !s.Background {
		return 0
	}
	if s.StopGrace > 0 {
		return s.StopGrace
	}
	return 5 * time.Second
}

// Files in the scratch directory shared between Run and the box.
const (
	planFile  = "plan.json"
	outFile   = "out.json"
	etcDir    = "etc-corosync"
	varLibDir = "var-lib-corosync"
	hostsFile = "hosts"
	resolvFn  = "resolv.conf"
)

// plan is what Run tells the box.
type plan struct {
	Hostname string
	Steps    []Step
}

// boxOutput is what the box tells Run.
type boxOutput struct {
	Err        string `json:",omitempty"`
	PrivateTmp bool
	Results    []Result
}

func writeScratch(dir string, b Box, steps []Step) error {
	hostname := b.Hostname
	if hostname == "" {
		hostname = DefaultHostname
	}
	hosts := b.Hosts
	if hosts == "" {
		hosts = DefaultHosts
	}
	p, err := json.Marshal(plan{Hostname: hostname, Steps: steps})
	if err != nil {
		return err
	}
	files := map[string][]byte{
		planFile:                               p,
		hostsFile:                              []byte(hosts),
		resolvFn:                               []byte(resolvConf),
		filepath.Join(etcDir, "corosync.conf"): b.Conf,
	}
	for name, data := range b.UidgidD {
		if name == "" || filepath.Base(name) != name {
			return fmt.Errorf("oracle: bad uidgid.d file name %q", name)
		}
		files[filepath.Join(etcDir, "uidgid.d", name)] = data
	}
	for _, d := range []string{filepath.Join(etcDir, "uidgid.d"), varLibDir} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return err
		}
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	if b.Authkey != nil {
		if err := os.WriteFile(filepath.Join(dir, etcDir, "authkey"), b.Authkey, 0o400); err != nil {
			return err
		}
	}
	return nil
}
