package ipaddr2

import (
	"context"
	"net/netip"
	"os"
	"testing"
	"time"

	"github.com/mdlayher/arp"

	"github.com/gorosync/gorosync/crm/agent"
	"github.com/gorosync/gorosync/crm/agent/ocf"
	"github.com/gorosync/gorosync/internal/netns"
)

// shellIPaddr2 is resource-agents' own IPaddr2, skipping (or failing
// under GOROSYNC_NO_SKIP=1) when it is not installed.
func shellIPaddr2(t testing.TB) *ocf.Script {
	t.Helper()
	s, err := ocf.New("", "heartbeat", "IPaddr2")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.Path()); err != nil {
		netns.SkipOrFail(t, "resource-agents not installed: "+err.Error())
	}
	return s
}

func runOn(t testing.TB, ns *netns.NS, a agent.Agent, action string, params map[string]string) agent.Result {
	t.Helper()
	var r agent.Result
	if err := ns.Do(func() error {
		r = agent.Run(context.Background(), a, action, agent.Request{Instance: "vip", Params: params, Timeout: 20 * time.Second})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestShellAgentInterop: the shell agent and the native one agree on the
// same address: each sees what the other did (the native monitor finds
// the shell's address and vice versa), and the shell's send_arp moves the
// neighbour's entry too.
func TestShellAgentInterop(t *testing.T) {
	sh := shellIPaddr2(t)
	l := newLAN3(t)
	vip := mustAddr("10.9.0.110")
	p := map[string]string{"ip": vip.String(), "cidr_netmask": "24", "arp_count": "1"}
	seedNeighbour(t, l.n, vip, l.macB)
	native := New(nil)
	defer native.Close()

	if r := runOn(t, l.a, sh, "monitor", p); r.Code != agent.NotRunning {
		t.Fatalf("shell probe: %v %s", r, r.Stderr)
	}
	if r := runOn(t, l.a, sh, "start", p); !r.OK() {
		t.Fatalf("shell start: %v %s", r, r.Stderr)
	}
	// send_arp sends its requests one second apart; the first is enough.
	waitNeighbour(t, l.n, vip, l.macA, 5*time.Second)
	if r := runOn(t, l.a, native, "monitor", p); !r.OK() {
		t.Fatalf("native monitor of the shell's address: %v", r)
	}
	if r := runOn(t, l.a, sh, "stop", p); !r.OK() {
		t.Fatalf("shell stop: %v %s", r, r.Stderr)
	}
	if r := runOn(t, l.a, native, "monitor", p); r.Code != agent.NotRunning {
		t.Fatalf("native monitor after the shell's stop: %v", r)
	}
	if r := runOn(t, l.a, native, "start", p); !r.OK() {
		t.Fatalf("native start: %v", r)
	}
	if r := runOn(t, l.a, sh, "monitor", p); !r.OK() {
		t.Fatalf("shell monitor of the native address: %v %s", r, r.Stderr)
	}
	if r := runOn(t, l.a, native, "stop", p); !r.OK() {
		t.Fatalf("native stop: %v", r)
	}
	if r := runOn(t, l.a, sh, "monitor", p); r.Code != agent.NotRunning {
		t.Fatalf("shell monitor after the native stop: %v", r)
	}
}

// BenchmarkStartToFirstARP measures, per start, the time from calling
// start until the neighbour receives the first gratuitous ARP for the
// VIP: gocrm's native IPaddr2 versus resource-agents' shell IPaddr2 (whose
// send_arp runs in the background after the script's own checks).
// Reported as ms-to-first-arp; ns/op includes the stop between starts.
func BenchmarkStartToFirstARP(b *testing.B) {
	for _, impl := range []string{"native", "shell"} {
		b.Run(impl, func(b *testing.B) {
			l := newLAN3b(b)
			var a agent.Agent
			if impl == "native" {
				n := New(nil)
				defer n.Close()
				a = n
			} else {
				a = shellIPaddr2(b)
			}
			vip := mustAddr("10.9.0.120")
			p := map[string]string{"ip": vip.String(), "cidr_netmask": "24", "nic": netns.Iface, "arp_count": "1"}
			capt := captureARP(b, l.n)
			var total time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				drain(capt)
				t0 := time.Now()
				if r := runOn(b, l.a, a, "start", p); !r.OK() {
					b.Fatalf("start: %v %s", r, r.Stderr)
				}
				at := firstARP(b, capt, vip, 10*time.Second)
				total += at.Sub(t0)
				if r := runOn(b, l.a, a, "stop", p); !r.OK() {
					b.Fatalf("stop: %v %s", r, r.Stderr)
				}
			}
			b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms-to-first-arp")
		})
	}
}

func drain(c *capture) {
	for {
		select {
		case <-c.pkts:
		default:
			return
		}
	}
}

// firstARP returns when the first ARP from the VIP arrives at the neighbour.
func firstARP(tb testing.TB, c *capture, vip netip.Addr, bound time.Duration) time.Time {
	tb.Helper()
	timer := time.NewTimer(bound)
	defer timer.Stop()
	for {
		select {
		case p := <-c.pkts:
			if p.SenderIP == vip && (p.Operation == arp.OperationRequest || p.Operation == arp.OperationReply) {
				return time.Now()
			}
		case <-timer.C:
			tb.Fatalf("no ARP for %s within %v", vip, bound)
		}
	}
}
