// Command clusterdemo is `make demo`: a 3-node gorosync cluster in network
// namespaces on this machine. It prints `gorosync quorumtool -s` from every
// node, SIGKILLs one node, waits until the others have formed a new quorate
// ring, prints again and cleans everything up (also on Ctrl-C).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gorosync/gorosync/internal/cluster"
)

func main() {
	bin := flag.String("bin", "bin/gorosync", "the gorosync binary")
	flag.Parse()
	os.Exit(run(*bin))
}

// bound is how long any one wait of the demo may take.
const bound = 60 * time.Second

func run(bin string) int {
	if err := cluster.Available(); err != nil {
		fmt.Fprintf(os.Stderr, "demo: %v (run it as root: sudo make demo)\n", err)
		return 1
	}
	abs, err := absBinary(bin)
	if err != nil {
		fmt.Fprintf(os.Stderr, "demo: %v\n", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	addrs := cluster.Addrs(230, 3)
	conf := cluster.Conf(cluster.ConfOptions{ClusterName: "demo", Token: 1000}, addrs)
	c, err := cluster.Create(ctx, cluster.Options{Flavour: cluster.Gorosync, Binary: abs, Conf: conf, Addrs: addrs})
	if err != nil {
		fmt.Fprintf(os.Stderr, "demo: %v\n", err)
		return 1
	}
	defer func() {
		if err := c.Close(); err != nil {
			fmt.Fprintf(os.Stderr, "demo: cleanup: %v\n", err)
		} else {
			fmt.Println("\nCleaned up: daemons killed, namespaces and state deleted.")
		}
	}()
	if err := demo(ctx, c); err != nil {
		fmt.Fprintf(os.Stderr, "demo: %v\n", err)
		for _, n := range c.Nodes {
			fmt.Fprintf(os.Stderr, "=== %s\n%s\n", n.Name, n.Output())
		}
		return 1
	}
	return 0
}

func demo(ctx context.Context, c *cluster.Cluster) error {
	fmt.Printf("Three gorosync nodes, each in its own network namespace on one bridge\n"+
		"(udpu, token 1000): n1 %s, n2 %s, n3 %s. corosync.conf:\n\n%s\n",
		c.Node(1).Addr, c.Node(2).Addr, c.Node(3).Addr, c.Opts.Conf)
	t0 := time.Now()
	if err := c.StartAll(); err != nil {
		return err
	}
	if err := cluster.WaitFor(ctx, bound, cluster.EachQuorum(cluster.Ring(true, 1, 2, 3), c.Nodes...)); err != nil {
		return err
	}
	fmt.Printf("All three nodes see one quorate ring %v after start.\n", time.Since(t0).Round(time.Millisecond))
	if err := show(ctx, c.Nodes...); err != nil {
		return err
	}
	n3 := c.Node(3)
	fmt.Printf("\n### kill -KILL %d   (n3's gorosync: a crash, no goodbye)\n", n3.PID())
	t1 := time.Now()
	if _, err := n3.Kill(); err != nil {
		return err
	}
	if err := cluster.WaitFor(ctx, bound, cluster.EachQuorum(cluster.Ring(true, 1, 2), c.Node(1), c.Node(2))); err != nil {
		return err
	}
	fmt.Printf("n1 and n2 formed a new quorate ring %v after the kill (token timeout + consensus).\n",
		time.Since(t1).Round(time.Millisecond))
	return show(ctx, c.Node(1), c.Node(2))
}

// show prints `gorosync quorumtool -s` as run on each node.
func show(ctx context.Context, nodes ...*cluster.Node) error {
	for _, n := range nodes {
		r, err := n.Gorosync(ctx, "quorumtool", "-s")
		if err != nil {
			return err
		}
		fmt.Printf("\n### on %s: gorosync quorumtool -s   (exit %d)\n%s%s", n.Name, r.Exit, r.Stdout, r.Stderr)
	}
	return nil
}

func absBinary(bin string) (string, error) {
	st, err := os.Stat(bin)
	if err != nil {
		return "", fmt.Errorf("%v (build it first: make build)", err)
	}
	if st.IsDir() || st.Mode()&0o111 == 0 {
		return "", fmt.Errorf("%s is not an executable", bin)
	}
	if bin[0] == '/' {
		return bin, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	return wd + "/" + bin, nil
}
