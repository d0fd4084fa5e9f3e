package cluster

import (
	"context"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestBoxes checks the harness itself, without a daemon: each node's box
// has its own hostname, /run and config; a partition takes the node's link
// down and Heal brings it back; Close leaves no namespace or directory.
func TestBoxes(t *testing.T) {
	Require(t, Gorosync)
	conf := []byte("# not started\n")
	c, err := Create(context.Background(), Options{Flavour: Gorosync, Binary: "/nonexistent/gorosync", Conf: conf,
		Addrs: []netip.Prefix{netip.MustParsePrefix("10.212.0.1/24"), netip.MustParsePrefix("10.212.0.2/24")}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	n1, n2 := c.Node(1), c.Node(2)
	for _, n := range c.Nodes {
		r, err := n.Exec(ctx, "sh", "-c", "hostname; cat "+ConfPath)
		if err != nil || r.Stdout != n.Name+"\n"+string(conf) {
			t.Errorf("%s: %q %v", n.Name, r.Stdout, err)
		}
	}
	if r, err := n1.Exec(ctx, "sh", "-c", "echo x >/run/mark && echo y >/var/lib/corosync/mark"); err != nil || r.Exit != 0 {
		t.Fatalf("%+v %v", r, err)
	}
	if r, _ := n2.Exec(ctx, "test", "-e", "/run/mark"); r.Exit == 0 {
		t.Error("n1's /run/mark is visible in n2")
	}
	if _, err := os.Stat("/run/mark"); err == nil {
		t.Error("n1's /run/mark is visible on the host")
	}
	if b, err := os.ReadFile(n1.Dir + "/lib/mark"); err != nil || string(b) != "y\n" {
		t.Errorf("n1's /var/lib/corosync is not its state dir: %q %v", b, err)
	}
	if err := n1.Start(); err != nil {
		t.Fatal(err)
	}
	if r, err := n1.Kill(); err == nil && r.Exit == 0 {
		t.Errorf("a missing binary ran: %+v", r)
	}
	link := func(n *Node, want string) Condition {
		return func(ctx context.Context) (bool, string, error) {
			r, err := n.Exec(ctx, "ip", "-br", "link", "show", "dev", "d0")
			return strings.Contains(r.Stdout, want), r.Stdout, err
		}
	}
	if err := n2.Partition(ctx); err != nil {
		t.Fatal(err)
	}
	if err := WaitFor(ctx, 10*time.Second, link(n2, "NO-CARRIER")); err != nil {
		t.Fatal(err)
	}
	if err := n2.Heal(ctx); err != nil {
		t.Fatal(err)
	}
	if err := WaitFor(ctx, 10*time.Second, link(n2, "LOWER_UP")); err != nil {
		t.Fatal(err)
	}
	names := []string{n1.NS.Name, n2.NS.Name}
	dir := c.Dir()
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command("ip", "netns", "list").Output()
	for _, name := range names {
		if strings.Contains(string(out), name) {
			t.Errorf("namespace %s left after Close", name)
		}
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("state dir %s left after Close: %v", dir, err)
	}
}
