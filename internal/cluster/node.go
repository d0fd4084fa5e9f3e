package cluster

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gorosync/gorosync/internal/netns"
)

// Node is one host of the cluster: a network namespace on the LAN and a
// box (private mount+UTS namespace) whose daemon can be started, killed and
// restarted.
type Node struct {
	ID   int // 1-based position in Options.Addrs
	Name string
	Addr netip.Addr
	NS   *netns.NS
	// Dir is the node's state on the host: etc (/etc/corosync), lib
	// (/var/lib/corosync) and log (/var/log).
	Dir string

	c    *Cluster
	port string // the node's bridge port in the LAN's bridge namespace
	box  *netns.Proc

	mu      sync.Mutex
	daemon  *netns.Proc
	history strings.Builder // output of daemons that have ended
}

// boxScript makes the box's private filesystem view and then idles as the
// namespace holder that daemons and tools enter. $1 hostname, $2 state dir.
const boxScript = `set -e
hostname "$1"
mount -t tmpfs -o mode=0755,nosuid cl-run /run
mkdir -p /run/lock
mount -t tmpfs -o mode=1777,nosuid,nodev cl-shm /dev/shm
mount --bind "$2/etc" /etc/corosync
mount --bind "$2/lib" /var/lib/corosync
mount --bind "$2/log" /var/log
echo box-ready
exec sleep 2147483647
`

// boxReady bounds the wait for a box's mounts.
const boxReady = 15 * time.Second

func newNode(ctx context.Context, c *Cluster, i int) (*Node, error) {
	n := &Node{ID: i + 1, Addr: c.Opts.Addrs[i].Addr(), NS: c.lan.Members[i], c: c,
		port: fmt.Sprintf("p%d", i)}
	n.Name = "n" + strconv.Itoa(n.ID)
	if c.Opts.Names != nil {
		n.Name = c.Opts.Names[i]
	}
	n.Dir = filepath.Join(c.dir, n.Name)
	for _, d := range []string{"etc", "lib", "log/corosync", "log/cluster"} {
		if err := os.MkdirAll(filepath.Join(n.Dir, d), 0o755); err != nil {
			return nil, fmt.Errorf("cluster: %w", err)
		}
	}
	if err := os.WriteFile(filepath.Join(n.Dir, "etc", "corosync.conf"), c.Opts.Conf, 0o644); err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	// netns names each member's bridge port p<index>; check it is so,
	// since Partition relies on it.
	if r, err := c.lan.Bridge.Run(ctx, "ip", "link", "show", "dev", n.port); err != nil || r.Exit != 0 {
		return nil, fmt.Errorf("cluster: bridge port %s of %s not found: %v %s", n.port, n.Name, err, r.Stderr)
	}
	box, err := n.NS.Start(netns.Cmd{Argv: []string{"unshare", "--mount", "--uts", "--propagation", "private",
		"--", "sh", "-c", boxScript, "box", n.Name, n.Dir}})
	if err != nil {
		return nil, fmt.Errorf("cluster: %s: %w", n.Name, err)
	}
	n.box = box
	err = poll(ctx, boxReady, 10*time.Millisecond, func() (bool, error) {
		select {
		case <-box.Done():
			_, e := box.Output()
			return false, fmt.Errorf("box exited: %s", e)
		default:
		}
		out, _ := box.Output()
		return strings.Contains(out, "box-ready"), nil
	})
	if err != nil {
		return nil, fmt.Errorf("cluster: %s: %w", n.Name, err)
	}
	return n, nil
}

// enter prefixes argv so that it runs inside the node's box.
func (n *Node) enter(argv ...string) []string {
	return append([]string{"nsenter", "-t", strconv.Itoa(n.box.PID), "-m", "-u", "--"}, argv...)
}

// Flavour is the daemon this node runs (Options.FlavourOf).
func (n *Node) Flavour() Flavour { return n.c.Opts.FlavourOf(n.ID) }

// DaemonArgv is the command line of the node's daemon.
func (n *Node) DaemonArgv() []string {
	if n.Flavour() == Corosync {
		return []string{"corosync", "-f", "-c", ConfPath}
	}
	return []string{n.c.Opts.Binary, "-f", "-c", ConfPath}
}

// Start starts the node's daemon; it is an error if one is running.
// nsenter and `ip netns exec` both exec, so the tracked PID is the
// daemon's own.
func (n *Node) Start() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.daemon != nil {
		select {
		case <-n.daemon.Done():
			n.retire()
		default:
			return fmt.Errorf("cluster: %s: daemon already running (pid %d)", n.Name, n.daemon.PID)
		}
	}
	p, err := n.NS.Start(netns.Cmd{Argv: n.enter(n.DaemonArgv()...)})
	if err != nil {
		return fmt.Errorf("cluster: %s: %w", n.Name, err)
	}
	n.daemon = p
	return nil
}

// retire keeps the output of an ended daemon. n.mu is held.
func (n *Node) retire() {
	out, errOut := n.daemon.Output()
	fmt.Fprintf(&n.history, "--- daemon pid %d\n%s%s", n.daemon.PID, out, errOut)
	n.daemon = nil
}

// PID is the running daemon's process id, or 0.
func (n *Node) PID() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.daemon == nil {
		return 0
	}
	select {
	case <-n.daemon.Done():
		return 0
	default:
		return n.daemon.PID
	}
}

// Running reports whether the daemon is alive.
func (n *Node) Running() bool { return n.PID() != 0 }

// reapWait bounds the wait for a signalled daemon to be reaped.
const reapWait = 10 * time.Second

// Kill sends SIGKILL to the daemon (a crash: no LEAVE) and waits until it
// has been reaped. It returns the daemon's exit status.
func (n *Node) Kill() (netns.Result, error) {
	return n.signal(syscall.SIGKILL, reapWait)
}

// Stop sends SIGTERM (a clean leave) and waits up to grace for the daemon
// to exit, then SIGKILLs it.
func (n *Node) Stop(grace time.Duration) (netns.Result, error) {
	r, err := n.signal(syscall.SIGTERM, grace)
	if errors.Is(err, errNotExited) {
		return n.Kill()
	}
	return r, err
}

var errNotExited = errors.New("daemon did not exit in time")

func (n *Node) signal(sig syscall.Signal, bound time.Duration) (netns.Result, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	p := n.daemon
	if p == nil {
		return netns.Result{}, fmt.Errorf("cluster: %s: no daemon started", n.Name)
	}
	select {
	case <-p.Done():
	default:
		if err := syscall.Kill(p.PID, sig); err != nil && !errors.Is(err, syscall.ESRCH) {
			return netns.Result{}, fmt.Errorf("cluster: %s: kill %d: %w", n.Name, p.PID, err)
		}
		t := time.NewTimer(bound)
		defer t.Stop()
		select {
		case <-p.Done():
		case <-t.C:
			return netns.Result{}, fmt.Errorf("cluster: %s: pid %d after %v: %w", n.Name, p.PID, sig, errNotExited)
		}
	}
	r, err := p.Wait(context.Background())
	n.retire()
	return r, err
}

// Restart stops the daemon if it runs (SIGTERM, bounded) and starts it again.
func (n *Node) Restart() error {
	if n.Running() {
		if _, err := n.Stop(reapWait); err != nil {
			return err
		}
	}
	return n.Start()
}

// Partition cuts the node off the LAN by taking its bridge port down in the
// bridge namespace (the node's own d0 loses carrier). Heal undoes it.
func (n *Node) Partition(ctx context.Context) error { return n.setPort(ctx, "down") }

// Heal puts the node back on the LAN.
func (n *Node) Heal(ctx context.Context) error { return n.setPort(ctx, "up") }

func (n *Node) setPort(ctx context.Context, state string) error {
	r, err := n.c.lan.Bridge.Run(ctx, "ip", "link", "set", "dev", n.port, state)
	if err == nil && r.Exit != 0 {
		err = fmt.Errorf("exit %d: %s", r.Exit, strings.TrimSpace(r.Stderr))
	}
	if err != nil {
		return fmt.Errorf("cluster: %s: port %s %s: %w", n.Name, n.port, state, err)
	}
	return nil
}

// Exec runs argv inside the node's box (its network, mount and UTS
// namespaces) to completion; a non-zero exit is not an error.
func (n *Node) Exec(ctx context.Context, argv ...string) (netns.Result, error) {
	return n.NS.Exec(ctx, netns.Cmd{Argv: n.enter(argv...)})
}

// Tool runs a corosync tool ("quorumtool", "cmapctl", "cfgtool") in the
// node: Debian's corosync-<tool> for the Corosync flavour, `gorosync
// <tool>` for Gorosync (the node's own flavour in a mixed cluster).
func (n *Node) Tool(ctx context.Context, tool string, args ...string) (netns.Result, error) {
	if n.Flavour() == Corosync {
		return n.Debian(ctx, tool, args...)
	}
	return n.Gorosync(ctx, tool, args...)
}

// Debian runs Debian's corosync-<tool> in the node, whatever the flavour.
func (n *Node) Debian(ctx context.Context, tool string, args ...string) (netns.Result, error) {
	return n.Exec(ctx, append([]string{"corosync-" + tool}, args...)...)
}

// Gorosync runs `gorosync <tool>` in the node, whatever the flavour.
func (n *Node) Gorosync(ctx context.Context, tool string, args ...string) (netns.Result, error) {
	if n.c.Opts.Binary == "" {
		return netns.Result{}, errors.New("cluster: Options.Binary is not set")
	}
	return n.Exec(ctx, append([]string{n.c.Opts.Binary, tool}, args...)...)
}

// LogFile is the host path of the node's /var/log/corosync/corosync.log.
func (n *Node) LogFile() string { return filepath.Join(n.Dir, "log", "corosync", "corosync.log") }

// Output is everything the node's daemons wrote to stdout and stderr, then
// its corosync.log, for failure reports.
func (n *Node) Output() string {
	n.mu.Lock()
	var b strings.Builder
	b.WriteString(n.history.String())
	if n.daemon != nil {
		out, errOut := n.daemon.Output()
		fmt.Fprintf(&b, "--- daemon pid %d\n%s%s", n.daemon.PID, out, errOut)
	}
	n.mu.Unlock()
	if log, err := os.ReadFile(n.LogFile()); err == nil {
		fmt.Fprintf(&b, "--- %s\n%s", n.LogFile(), log)
	}
	return b.String()
}
