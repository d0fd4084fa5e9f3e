package cluster

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/gorosync/gorosync/internal/netns"
)

// Flavour is which daemon the nodes run.
type Flavour string

const (
	// Gorosync runs Options.Binary (`gorosync -f -c CONF`).
	Gorosync Flavour = "gorosync"
	// Corosync runs Debian's corosync 3.1.7 (`corosync -f -c CONF`).
	Corosync Flavour = "corosync"
)

// ConfPath is where every node's daemon reads its config.
const ConfPath = "/etc/corosync/corosync.conf"

// LogDir is the node's private /var/log; corosync.conf files here log to
// LogDir/corosync/corosync.log.
const LogDir = "/var/log"

// Options describe a cluster.
type Options struct {
	Flavour Flavour
	// Binary is the gorosync executable (needed for the Gorosync flavour
	// and for Node.Gorosync tool runs; see Build).
	Binary string
	// Conf is every node's corosync.conf.
	Conf []byte
	// Addrs holds one address per node, on the node's d0 interface; node i
	// (1-based) gets Addrs[i-1]. Its length is the cluster's size.
	Addrs []netip.Prefix
	// Names are the nodes' hostnames; nil means n1, n2, ...
	Names []string
	// Dir holds the nodes' state on the host (nK/etc, nK/lib, nK/log);
	// "" means a temporary directory removed by Close.
	Dir string
	// Flavours, if not nil, gives each node its own daemon for mixed
	// rings: node i runs Flavours[i-1] and Flavour is not used. nil means
	// every node runs Flavour.
	Flavours []Flavour
}

// FlavourOf is the daemon node id (1-based) runs.
func (o *Options) FlavourOf(id int) Flavour {
	if o.Flavours != nil {
		return o.Flavours[id-1]
	}
	return o.Flavour
}

// uses says whether any node runs flavour f.
func (o *Options) uses(f Flavour) bool {
	if o.Flavours == nil {
		return o.Flavour == f
	}
	for _, g := range o.Flavours {
		if g == f {
			return true
		}
	}
	return false
}

// Cluster is a running set of node boxes on one LAN.
type Cluster struct {
	Opts  Options
	Nodes []*Node
	lan   *netns.LAN
	dir   string
	owned bool // dir is ours to remove
}

// setupTimeout bounds creating the LAN and the boxes.
const setupTimeout = 60 * time.Second

// Available reports why clusters cannot run here (root, namespaces,
// util-linux's unshare and nsenter), or nil.
func Available() error {
	if err := netns.Available(); err != nil {
		return err
	}
	for _, bin := range []string{"unshare", "nsenter", "mount", "sleep"} {
		if _, err := exec.LookPath(bin); err != nil {
			return fmt.Errorf("cluster: %s is not installed", bin)
		}
	}
	for _, d := range []string{"/etc/corosync", "/var/lib/corosync", "/var/log"} {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			return fmt.Errorf("cluster: %s missing on the host (mount point of the node boxes)", d)
		}
	}
	return nil
}

// Require skips t unless clusters of flavour f can run here; under
// GOROSYNC_NO_SKIP=1 it fails instead.
func Require(t testing.TB, f Flavour) {
	t.Helper()
	netns.SkipUnlessAvailable(t)
	if err := Available(); err != nil {
		netns.SkipOrFail(t, err.Error())
	}
	if f == Corosync {
		for _, bin := range []string{"corosync", "corosync-quorumtool", "corosync-cmapctl", "corosync-cfgtool"} {
			if _, err := exec.LookPath(bin); err != nil {
				netns.SkipOrFail(t, bin+" is not installed")
			}
		}
	}
}

// Create builds the LAN and one box per node (no daemon started yet). On
// error nothing is left behind.
func Create(ctx context.Context, o Options) (_ *Cluster, err error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	if err := Available(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, setupTimeout)
	defer cancel()
	c := &Cluster{Opts: o, dir: o.Dir}
	if c.dir == "" {
		if c.dir, err = os.MkdirTemp("", "gorosync-cluster-"); err != nil {
			return nil, fmt.Errorf("cluster: %w", err)
		}
		c.owned = true
	}
	defer func() {
		if err != nil {
			c.Close()
		}
	}()
	members := make([][]netip.Prefix, len(o.Addrs))
	for i, a := range o.Addrs {
		members[i] = []netip.Prefix{a}
	}
	if c.lan, err = netns.CreateLAN(ctx, members); err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	for i := range o.Addrs {
		n, err := newNode(ctx, c, i)
		if err != nil {
			return nil, err
		}
		c.Nodes = append(c.Nodes, n)
	}
	return c, nil
}

// New is Create for tests: skip (or fail under GOROSYNC_NO_SKIP=1) when
// clusters cannot run here, fail on error, Close in t.Cleanup (after
// logging every node's daemon output when the test failed).
func New(t testing.TB, o Options) *Cluster {
	t.Helper()
	Require(t, o.Flavour)
	if o.uses(Corosync) {
		Require(t, Corosync)
	}
	c, err := Create(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			for _, n := range c.Nodes {
				t.Logf("=== %s daemon output and log:\n%s", n.Name, n.Output())
			}
		}
		if err := c.Close(); err != nil {
			t.Error(err)
		}
	})
	return c
}

func (o *Options) check() error {
	fs := o.Flavours
	if fs == nil {
		fs = []Flavour{o.Flavour}
	} else if len(fs) != len(o.Addrs) {
		return fmt.Errorf("cluster: %d flavours for %d addresses", len(fs), len(o.Addrs))
	}
	for _, f := range fs {
		switch f {
		case Gorosync:
			if o.Binary == "" {
				return errors.New("cluster: the gorosync flavour needs Options.Binary")
			}
		case Corosync:
		default:
			return fmt.Errorf("cluster: unknown flavour %q", f)
		}
	}
	if len(o.Addrs) == 0 {
		return errors.New("cluster: Options.Addrs is empty")
	}
	if o.Names != nil && len(o.Names) != len(o.Addrs) {
		return fmt.Errorf("cluster: %d names for %d addresses", len(o.Names), len(o.Addrs))
	}
	if len(o.Conf) == 0 {
		return errors.New("cluster: Options.Conf is empty")
	}
	return nil
}

// Node returns node id (1-based, as in the nodelist of the usual configs).
func (c *Cluster) Node(id int) *Node { return c.Nodes[id-1] }

// StartAll starts every node's daemon, in order, without waiting.
func (c *Cluster) StartAll() error {
	for _, n := range c.Nodes {
		if err := n.Start(); err != nil {
			return err
		}
	}
	return nil
}

// Dir is where the nodes' state lives on the host.
func (c *Cluster) Dir() string { return c.dir }

// Close kills every daemon and box (by recorded process group), deletes the
// namespaces and, if Create made it, the state directory.
func (c *Cluster) Close() error {
	var errs []error
	if c.lan != nil {
		errs = append(errs, c.lan.Close())
		c.lan = nil
	}
	if c.owned && c.dir != "" {
		errs = append(errs, os.RemoveAll(c.dir))
		c.dir = ""
	}
	return errors.Join(errs...)
}

// Build compiles cmd/gorosync of the module containing the working
// directory into dir and returns the binary's path.
func Build(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "gorosync")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/gorosync/gorosync/cmd/gorosync")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("cluster: go build cmd/gorosync: %v\n%s", err, out)
	}
	return bin, nil
}
