package vipcheck

import (
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorosync/gorosync/crm/agent"
	"github.com/gorosync/gorosync/crm/agent/ipaddr2"
	"github.com/gorosync/gorosync/internal/netns"
)

func TestParse(t *testing.T) {
	c, err := parse(agent.Request{Instance: "chk", Params: map[string]string{"target_ip": "10.0.0.1, fd00::1%d0"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.targets) != 2 || c.targets[1].iface != "d0" || c.count != 1 || c.wait != 10*time.Second ||
		c.state != "/run/resource-agents/VIPcheck-chk.state" {
		t.Errorf("%+v", c)
	}
	for p, want := range map[string]string{"": "mandatory", "10.0.0.x": "not an IP", "10.0.0.1,": "not an IP"} {
		if _, err := parse(agent.Request{Params: map[string]string{"target_ip": p}}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v", p, err)
		}
	}
	if _, err := parse(agent.Request{Params: map[string]string{"target_ip": "10.0.0.1", "count": "0"}}); err == nil {
		t.Error("count 0 accepted")
	}
}

func do(t *testing.T, ns *netns.NS, a agent.Agent, action string, p map[string]string) agent.Result {
	t.Helper()
	var r agent.Result
	if err := ns.Do(func() error {
		r = agent.Run(context.Background(), a, action, agent.Request{Instance: "chk", Params: p, Timeout: 30 * time.Second})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestRefusesWhileHeld: B's VIPcheck refuses while A holds the VIP (added
// by the native IPaddr2) and succeeds once A has stopped it.
func TestRefusesWhileHeld(t *testing.T) {
	for _, vip := range []string{"10.7.0.100", "fd07::100"} {
		t.Run(vip, func(t *testing.T) {
			lan := netns.NewLAN(t,
				[]netip.Prefix{netip.MustParsePrefix("10.7.0.1/24"), netip.MustParsePrefix("fd07::1/64")},
				[]netip.Prefix{netip.MustParsePrefix("10.7.0.2/24"), netip.MustParsePrefix("fd07::2/64")})
			a, b := lan.Members[0], lan.Members[1]
			ip := ipaddr2.New(nil)
			defer ip.Close()
			ipp := map[string]string{"ip": vip, "arp_count": "1"}
			if strings.Contains(vip, ":") {
				ipp["cidr_netmask"], ipp["nodad"] = "64", "true"
			}
			if r := do(t, a, ip, "start", ipp); !r.OK() {
				t.Fatalf("IPaddr2 start on A: %v", r)
			}
			if strings.Contains(vip, ":") {
				// B's own link-local address must finish DAD before it
				// can solicit.
				waitLinkLocal(t, b)
			}
			state := filepath.Join(t.TempDir(), "chk.state")
			p := map[string]string{"target_ip": vip, "state": state, "count": "2", "wait": "5"}
			vc := New()
			r := do(t, b, vc, "start", p)
			if r.Status != agent.ExecDone || r.Code != agent.ErrGeneric || !strings.Contains(r.Reason, "already in use") {
				t.Fatalf("VIPcheck start on B while A holds %s: %v", vip, r)
			}
			if r := do(t, b, vc, "monitor", p); r.Code != agent.NotRunning {
				t.Fatalf("monitor after refused start: %v", r)
			}
			if r := do(t, a, ip, "stop", ipp); !r.OK() {
				t.Fatalf("IPaddr2 stop on A: %v", r)
			}
			if r := do(t, b, vc, "start", p); !r.OK() {
				t.Fatalf("VIPcheck start on B after A stopped: %v", r)
			}
			if _, err := os.Stat(state); err != nil {
				t.Fatal("no state file after start")
			}
			if r := do(t, b, vc, "monitor", p); !r.OK() {
				t.Fatalf("monitor after start: %v", r)
			}
			if r := do(t, b, vc, "stop", p); !r.OK() {
				t.Fatalf("stop: %v", r)
			}
			if r := do(t, b, vc, "monitor", p); r.Code != agent.NotRunning {
				t.Fatalf("monitor after stop: %v", r)
			}
		})
	}
}

func waitLinkLocal(t *testing.T, ns *netns.NS) {
	t.Helper()
	for i := 0; i < 500; i++ {
		r, err := ns.Run(t.Context(), "ip", "-6", "addr", "show", "dev", netns.Iface, "scope", "link", "-tentative")
		if err == nil && strings.Contains(r.Stdout, "fe80::") {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("link-local address never left DAD")
}

func TestGatewayTargetRefused(t *testing.T) {
	ns := netns.New(t, netip.MustParsePrefix("10.6.0.1/24"))
	if _, err := ns.Run(t.Context(), "ip", "route", "add", "default", "via", "10.6.0.254"); err != nil {
		t.Fatal(err)
	}
	r := do(t, ns, New(), "validate-all", map[string]string{"target_ip": "192.0.2.1"})
	if r.Code != agent.ErrConfigured || !strings.Contains(r.Reason, "gateway") {
		t.Errorf("validate-all for an off-link target: %v", r)
	}
}

func FuzzAnswer(f *testing.F) {
	f.Add([]byte{0, 1, 8, 0, 6, 4, 0, 2, 2, 0, 0, 0, 0, 0xa, 10, 7, 0, 100, 2, 0, 0, 0, 0, 0xb, 0, 0, 0, 0})
	f.Add([]byte{0, 1})
	own := []byte{2, 0, 0, 0, 0, 0xb}
	ip := netip.MustParseAddr("10.7.0.100")
	f.Fuzz(func(t *testing.T, b []byte) {
		if hw := answer(b, ip, own); hw != nil && string(hw) == string(own) {
			t.Fatal("own packet taken as an answer")
		}
	})
}
