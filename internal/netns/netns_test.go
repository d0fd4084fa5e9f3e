package netns

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func listNS(t *testing.T) string {
	out, err := exec.Command("ip", "netns", "list").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestCreateAddressesNoRoute(t *testing.T) {
	SkipUnlessAvailable(t)
	ctx := ctxT(t)
	v4 := netip.MustParsePrefix("10.231.250.1/24")
	v6 := netip.MustParsePrefix("fd00:231:250::1/64")
	ns, err := Create(ctx, []netip.Prefix{v4, v6})
	if err != nil {
		t.Fatal(err)
	}
	defer ns.Close()
	if !strings.Contains(listNS(t), ns.Name) {
		t.Fatalf("%s not in ip netns list", ns.Name)
	}
	r, err := ns.Run(ctx, "ip", "-br", "addr", "show", "dev", Iface)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"UP", v4.String(), v6.String()} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("d0 lacks %q: %q", want, r.Stdout)
		}
	}
	r, err = ns.Run(ctx, "ip", "-br", "addr", "show", "dev", "lo")
	if err != nil || !strings.Contains(r.Stdout, "127.0.0.1/8") {
		t.Errorf("lo not up: %q %v", r.Stdout, err)
	}
	for _, fam := range []string{"-4", "-6"} {
		r, err = ns.Run(ctx, "ip", fam, "route", "show", "default")
		if err != nil || r.Exit != 0 || strings.TrimSpace(r.Stdout) != "" {
			t.Errorf("default route %s: %q exit %d %v", fam, r.Stdout, r.Exit, err)
		}
	}
	if err := ns.Close(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(listNS(t), ns.Name) {
		t.Fatalf("%s still listed after Close", ns.Name)
	}
	if err := ns.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestExitStatusAndTimeout(t *testing.T) {
	ns := New(t)
	r, err := ns.Run(ctxT(t), "sh", "-c", "echo out; echo err >&2; exit 3")
	if err != nil || r.Exit != 3 || r.Stdout != "out\n" || r.Stderr != "err\n" {
		t.Fatalf("got %+v, %v", r, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	r, err = ns.Run(ctx, "sleep", "100")
	if !errors.Is(err, context.DeadlineExceeded) || r.Exit != 128+int(syscall.SIGKILL) {
		t.Fatalf("timeout: got %+v, %v", r, err)
	}
}

func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// field 3 is the state; a zombie is already dead.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	return len(f) > 0 && f[0] != "Z"
}

func TestCloseKillsEverything(t *testing.T) {
	SkipUnlessAvailable(t)
	ctx := ctxT(t)
	ns, err := Create(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ns.Start(Cmd{Argv: []string{"sleep", "1000"}})
	if err != nil {
		t.Fatal(err)
	}
	// A process that left our process group: found through `ip netns pids`.
	r, err := ns.Run(ctx, "sh", "-c", "setsid sleep 1000 </dev/null >/dev/null 2>&1 & echo $!")
	if err != nil {
		t.Fatal(err)
	}
	escaped, err := strconv.Atoi(strings.TrimSpace(r.Stdout))
	if err != nil {
		t.Fatal(err)
	}
	if !alive(p.PID) || !alive(escaped) {
		t.Fatalf("processes not running before Close")
	}
	if err := ns.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.Done():
	default:
		t.Fatal("started process not reaped by Close")
	}
	if alive(escaped) {
		t.Fatalf("escaped pid %d survived Close", escaped)
	}
	if strings.Contains(listNS(t), ns.Name) {
		t.Fatalf("%s still listed", ns.Name)
	}
}

func TestStopGraceful(t *testing.T) {
	ns := New(t)
	p, err := ns.Start(Cmd{Argv: []string{"sleep", "1000"}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := p.Stop(5 * time.Second)
	if err != nil || r.Exit != 128+int(syscall.SIGTERM) {
		t.Fatalf("got %+v, %v", r, err)
	}
}

func TestLAN(t *testing.T) {
	a := netip.MustParsePrefix("10.231.251.1/24")
	b := netip.MustParsePrefix("10.231.251.2/24")
	lan := NewLAN(t, []netip.Prefix{a}, []netip.Prefix{b})
	ctx := ctxT(t)
	// A datagram from member 0 reaches member 1 over the bridge.
	var rx net.PacketConn
	if err := lan.Members[1].Do(func() (err error) {
		rx, err = net.ListenPacket("udp4", b.Addr().String()+":5405")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer rx.Close()
	var tx net.Conn
	if err := lan.Members[0].Do(func() (err error) {
		tx, err = net.Dial("udp4", b.Addr().String()+":5405")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer tx.Close()
	buf := make([]byte, 64)
	var n int
	var from net.Addr
	var err error
	// Resend until received: the first datagram may be lost while ARP
	// resolves. At most 10 tries of one second each.
	for try := 0; try < 10; try++ {
		if _, err = tx.Write([]byte("hello")); err != nil {
			break
		}
		rx.SetReadDeadline(time.Now().Add(time.Second))
		n, from, err = rx.ReadFrom(buf)
		if ne, ok := err.(net.Error); !ok || !ne.Timeout() {
			break
		}
	}
	if err != nil || string(buf[:n]) != "hello" || !strings.HasPrefix(from.String(), a.Addr().String()+":") {
		t.Fatalf("got %q from %v: %v", buf[:n], from, err)
	}
	// The bridge namespace has no address and no namespace has a default route.
	for _, ns := range append([]*NS{lan.Bridge}, lan.Members...) {
		r, err := ns.Run(ctx, "ip", "route", "show", "default")
		if err != nil || strings.TrimSpace(r.Stdout) != "" {
			t.Errorf("%s: default route %q %v", ns.Name, r.Stdout, err)
		}
	}
	r, err := lan.Bridge.Run(ctx, "ip", "-br", "-4", "addr")
	if err != nil || strings.Contains(r.Stdout, "10.231") {
		t.Errorf("bridge namespace has addresses: %q %v", r.Stdout, err)
	}
	r, err = lan.Bridge.Run(ctx, "ip", "-br", "link", "show", "master", bridgeIface)
	if err != nil || !strings.Contains(r.Stdout, "p0") || !strings.Contains(r.Stdout, "p1") {
		t.Errorf("bridge ports: %q %v", r.Stdout, err)
	}
}

func TestStaleName(t *testing.T) {
	for name, want := range map[string]bool{
		newName(""): true, newName("b"): true, newName("m3"): true,
		"hc-o1": false, "gr12x": false, "gr1-2m": false,
	} {
		if got := staleName.MatchString(name); got != want {
			t.Errorf("%q: got %v want %v", name, got, want)
		}
	}
}

func TestSweepStale(t *testing.T) {
	SkipUnlessAvailable(t)
	// A pid that surely belonged to a process that has exited.
	c := exec.Command("true")
	if err := c.Run(); err != nil {
		t.Fatal(err)
	}
	name := namePrefix + strconv.Itoa(c.Process.Pid) + "-1"
	if err := ipRun(ctxT(t), nil, "netns", "add", name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ipRun(context.Background(), nil, "netns", "delete", name) })
	mine := New(t)
	sweepStale()
	list := listNS(t)
	if strings.Contains(list, name+" ") || strings.Contains(list, name+"\n") {
		t.Errorf("stale %s not swept: %q", name, list)
	}
	if !strings.Contains(list, mine.Name) {
		t.Errorf("live %s swept", mine.Name)
	}
}
