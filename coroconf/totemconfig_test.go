package coroconf

import (
	"fmt"
	"strings"
	"testing"
)

// nodes returns nodelist lines for n udpu nodes, the first one local
// (127.0.0.1), with explicit nodeids when ids is set.
func nodes(n int, ids bool) []string {
	var l []string
	for i := 0; i < n; i++ {
		addr := fmt.Sprintf("10.1.1.%d", i+1)
		if i == 0 {
			addr = "127.0.0.1"
		}
		l = append(l, fmt.Sprintf("nodelist.node.%d.ring0_addr str %s", i, addr))
		if ids {
			l = append(l, fmt.Sprintf("nodelist.node.%d.nodeid u32 %d", i, i+1))
		}
	}
	return l
}

func runtimeU32(t *testing.T, res *Result, key string) uint32 {
	t.Helper()
	v, ok := getU32(res.Map, "runtime.config.totem."+key)
	if !ok {
		t.Fatalf("runtime.config.totem.%s missing", key)
	}
	return v
}

// TestEffectiveTimeouts checks the computed totem values against corosync
// 3.1.7 (the 2/3/5-node rows of corosync.md 2.7 and the corpus dumps).
func TestEffectiveTimeouts(t *testing.T) {
	cases := []struct {
		name                                  string
		extra                                 []string
		nodes                                 int
		ids                                   bool
		token, retrans, hold, consensus, ping uint32
	}{
		{"2 nodes", nil, 2, true, 3000, 714, 561, 3600, 750},
		{"3 nodes", nil, 3, true, 3650, 869, 685, 4380, 912},
		{"5 nodes", nil, 5, true, 4950, 1178, 932, 5940, 1237},
		{"coefficient 0", []string{"totem.token_coefficient u32 0"}, 5, true, 3000, 714, 561, 3600, 750},
		{"explicit token 5 nodes", []string{"totem.token u32 10000"}, 5, true, 11950, 2845, 2266, 14340, 2987},
		{"explicit consensus", []string{"totem.consensus u32 9999"}, 2, true, 3000, 714, 561, 9999, 750},
		// Nodes whose only key is ring0_addr count twice on link 0 when
		// their nodeid is generated (icmap iterator quirk): 2 nodes -> 4.
		{"2 generated nodes", nil, 2, false, 4300, 1023, 808, 5160, 1075},
		// All 5 generated -> 10 members (r03 of the corpus, 3 of 5
		// generated, has 8 and token 6900).
		{"5 generated nodes", nil, 5, false, 8200, 1952, 1551, 9840, 2050},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lines := append([]string{"totem.version u32 2", "totem.transport str udpu"}, c.extra...)
			res := LoadMap(mapOf(t, append(lines, nodes(c.nodes, c.ids)...)...), boxEnv())
			if res.Fatal != nil {
				t.Fatalf("fatal: %s", res.Fatal.Text)
			}
			for k, want := range map[string]uint32{"token": c.token, "token_retransmit": c.retrans, "hold": c.hold, "consensus": c.consensus, "interface.0.knet_ping_interval": c.ping, "interface.0.knet_ping_timeout": 2 * c.ping} {
				if k == "interface.0.knet_ping_timeout" {
					want = c.token / 2
				}
				if got := runtimeU32(t, res, k); got != want {
					t.Errorf("%s = %d, want %d", k, got, want)
				}
			}
			for k, want := range map[string]uint32{"join": 50, "merge": 200, "downcheck": 1000, "window_size": 50, "max_messages": 17, "miss_count_const": 5, "fail_recv_const": 2500, "seqno_unchanged_const": 30, "token_warning": 75, "block_unlisted_ips": 1, "cancel_token_hold_on_retransmit": 0, "knet_pmtud_interval": 30} {
				if got := runtimeU32(t, res, k); got != want {
					t.Errorf("%s = %d, want %d", k, got, want)
				}
			}
			if res.Totem.NetMTU != 1500 {
				t.Errorf("netmtu %d", res.Totem.NetMTU)
			}
		})
	}
}

func TestKnetDefaultsAndMTU(t *testing.T) {
	res := LoadMap(mapOf(t, "totem.version u32 2", "nodelist.node.0.ring0_addr str 127.0.0.1", "nodelist.node.0.nodeid u32 1"), boxEnv())
	if res.Fatal != nil {
		t.Fatal(res.Fatal.Text)
	}
	tc := res.Totem
	if tc.Transport != TransportKnet || tc.NetMTU != 65536 || tc.Nodeid != 1 || tc.LinkMode != "passive" {
		t.Fatalf("got %v mtu %d nodeid %d mode %s", tc.Transport, tc.NetMTU, tc.Nodeid, tc.LinkMode)
	}
	l := tc.Links[0]
	if l.Port != 5405 || l.LocalIP != "127.0.0.1" || l.PingPrecision != 2048 || l.PongCount != 2 || l.KnetTransport != "udp" {
		t.Fatalf("link 0: %+v", l)
	}
	if b, _ := getStr(res.Map, "totem.interface.0.bindnetaddr"); b != "127.0.0.1" {
		t.Fatalf("bindnetaddr %q", b)
	}
	if p, ok := getU32(res.Map, "nodelist.local_node_pos"); !ok || p != 0 {
		t.Fatalf("local_node_pos %d %v", p, ok)
	}
}

func TestUDPMcastWrittenBack(t *testing.T) {
	res := LoadMap(mapOf(t, "totem.version u32 2", "totem.transport str udp", "totem.cluster_name str mycluster",
		"nodelist.node.0.ring0_addr str 127.0.0.1", "nodelist.node.0.nodeid u32 1"), boxEnv())
	if res.Fatal != nil {
		t.Fatal(res.Fatal.Text)
	}
	want := ClusterMcastAddr("mycluster", 0, false)
	if got, _ := getStr(res.Map, "totem.interface.0.mcastaddr"); got != want || !strings.HasPrefix(got, "239.192.") {
		t.Fatalf("mcastaddr %q, want %q", got, want)
	}
	if got, _ := getU16(res.Map, "totem.interface.0.mcastport"); got != 5405 {
		t.Fatalf("mcastport %d", got)
	}
}

func TestNoTransportOverrideIsKnet(t *testing.T) {
	res := LoadMap(mapOf(t, "totem.version u32 2", "nodelist.node.0.ring0_addr str 127.0.0.1"), boxEnv())
	if res.Fatal == nil || res.Fatal.Text != "Knet requires an explicit nodeid for the local node" || res.Fatal.Prefixed() || res.Fatal.At != "main.c:1417" {
		t.Fatalf("fatal %+v", res.Fatal)
	}
}
