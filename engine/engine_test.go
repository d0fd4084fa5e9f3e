package engine_test

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/coroconf"
	"github.com/gorosync/gorosync/engine"
	"github.com/gorosync/gorosync/engine/enginesim"
	"github.com/gorosync/gorosync/totem"
	"github.com/gorosync/gorosync/totem/sim"
	"github.com/gorosync/gorosync/totem/svcmsg"
	"github.com/gorosync/gorosync/totem/totempg"
	"github.com/gorosync/gorosync/totem/wire"
)

func conf(n int, totemExtra string) string {
	var b strings.Builder
	b.WriteString("totem {\n\tversion: 2\n\tcluster_name: t\n\ttransport: udpu\n\ttoken: 1000\n" + totemExtra + "}\nnodelist {\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "\tnode {\n\t\tring0_addr: 10.1.0.%d\n\t\tnodeid: %d\n\t}\n", i, i)
	}
	b.WriteString("}\nquorum {\n\tprovider: corosync_votequorum\n}\n")
	return b.String()
}

func load(t testing.TB, src string, id uint32) (engine.Config, error) {
	addr := netip.MustParsePrefix(fmt.Sprintf("10.1.0.%d/24", id))
	env := coroconf.FixedEnv(fmt.Sprintf("h%d", id), "", coroconf.BoxAddrs([]netip.Prefix{addr}), nil)
	res := coroconf.LoadBytes("corosync.conf", []byte(src), env)
	if res.Fatal != nil {
		return engine.Config{}, fmt.Errorf("%s", res.Fatal.Text)
	}
	return engine.ConfigFromLoad(res)
}

func started(t *testing.T) *engine.Engine {
	t.Helper()
	cfg, err := load(t, conf(3, ""), 1)
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Step(engine.Start{}); err != nil {
		t.Fatal(err)
	}
	rd := e.Ready()
	// votequorum's first NODEINFO, alone in its packet, as corosync sends it.
	if len(rd.Packets) != 1 {
		t.Fatalf("start sent %d packets", len(rd.Packets))
	}
	return e
}

// packet wraps one group "a" message in a totempg packet.
func packet(body []byte) []byte {
	p := totempg.NewPacker(totempg.DefaultNetMTU)
	p.Add(totempg.GroupIovecs(totempg.GroupA, body)...)
	return p.Flush()
}

func deliver(t *testing.T, e *engine.Engine, from uint32, body []byte) engine.Ready {
	t.Helper()
	u := totem.Upcall{Kind: totem.UpcallMessage, Message: totem.Message{Sender: from, Ring: wire.RingID{Rep: 1, Seq: 4}, Payload: packet(body)}}
	if err := e.Step(engine.Upcalls{List: []totem.Upcall{u}}); err != nil {
		t.Fatal(err)
	}
	return e.Ready()
}

func counter(e *engine.Engine, key string) uint64 { v, _ := e.Map().Get(key); return v.Uint() }

func TestUnknownFunctionIsDiscarded(t *testing.T) {
	e := started(t)
	msg := svcmsg.Encode(&svcmsg.VQNodeInfo{NodeID: 2, Votes: 1, ExpectedVotes: 3})
	msg[0] = 9 // votequorum fn 9
	rd := deliver(t, e, 2, msg)
	want := engine.Log{Subsys: "MAIN", Level: engine.LevelWarning, Text: "discarded unknown message 9 for service 5 (max id 4)"}
	if len(rd.Logs) != 1 || rd.Logs[0] != want {
		t.Errorf("logs %v, want %v", rd.Logs, want)
	}
	if n := counter(e, "runtime.services.votequorum.0.rx"); n != 0 {
		t.Errorf("rx counted a discarded message: %d", n)
	}
	// A known one is counted and reaches votequorum.
	deliver(t, e, 2, svcmsg.Encode(&svcmsg.VQNodeInfo{NodeID: 2, Votes: 1, ExpectedVotes: 3}))
	if n := counter(e, "runtime.services.votequorum.0.rx"); n != 1 {
		t.Errorf("votequorum.0.rx = %d, want 1", n)
	}
	if n := counter(e, "runtime.services.votequorum.0.tx"); n != 1 {
		t.Errorf("votequorum.0.tx = %d, want 1 (the NODEINFO at start)", n)
	}
	if _, err := e.Votequorum().GetInfo(2); err != nil {
		t.Errorf("node 2 not in votequorum's table: %v", err)
	}
	// Services that do not exist here are dropped without a word.
	msg[2] = 9 // service 9
	if rd := deliver(t, e, 2, msg); len(rd.Logs) != 0 {
		t.Errorf("service 9: %v", rd.Logs)
	}
}

func TestStepErrors(t *testing.T) {
	if _, err := engine.New(engine.Config{Map: cmap.New()}); err == nil {
		t.Error("nodeid 0 accepted")
	}
	cfg, err := load(t, conf(3, ""), 1)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := engine.New(cfg)
	if err := e.Step(engine.Poll{}); err != engine.ErrNotStarted {
		t.Errorf("poll before start: %v", err)
	}
	must(t, e.Step(engine.Start{Now: 10}))
	if err := e.Step(engine.Start{}); err != engine.ErrAlreadyStarted {
		t.Errorf("second start: %v", err)
	}
	if err := e.Step(engine.Tick{Now: 5}); err == nil {
		t.Error("time went backwards")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func cluster(t *testing.T, n int, src func(id uint32) string) *enginesim.Cluster {
	var ids []uint32
	for i := 1; i <= n; i++ {
		ids = append(ids, uint32(i))
	}
	return enginesim.New(enginesim.Options{IDs: ids, Seed: 9, Net: sim.Net{MaxDelay: 1},
		Engine: func(id uint32) (engine.Config, error) { return load(t, src(id), id) }})
}

func synced(c *enginesim.Cluster, ids ...uint32) bool {
	for _, id := range ids {
		n := c.Node(id)
		if n == nil || !n.Up || n.E.SyncInProgress() || len(n.E.Members()) != len(ids) {
			return false
		}
	}
	return true
}

func runUntil(t *testing.T, c *enginesim.Cluster, what string, cond func() bool) {
	t.Helper()
	for i := 0; !cond(); i++ {
		if i > 200 {
			t.Fatalf("%s never happened", what)
		}
		must(t, c.RunFor(100))
	}
}

func notices[T engine.Notice](n *enginesim.Node) []T {
	var out []T
	for _, x := range n.Notices {
		if v, ok := x.(T); ok {
			out = append(out, v)
		}
	}
	return out
}

// A node whose config_version differs from the cluster's exits at its
// first multi-node sync; the cluster's node does not.
func TestConfigVersionMismatchShutsDown(t *testing.T) {
	c := cluster(t, 2, func(id uint32) string {
		return conf(2, fmt.Sprintf("\tconfig_version: %d\n", 4-id)) // node 1: 3, node 2: 2
	})
	must(t, c.Start(1))
	must(t, c.RunFor(3000))
	must(t, c.Start(2))
	runUntil(t, c, "2-node sync", func() bool { return synced(c, 1, 2) })
	if got := notices[engine.ShutdownRequested](c.Node(2)); len(got) != 1 {
		t.Errorf("node 2 shutdown notices %v", got)
	}
	if !strings.Contains(fmt.Sprint(c.Node(2).Logs), "Received config version (3) is different than my config version (2)! Exiting") {
		t.Errorf("node 2 did not log the mismatch")
	}
	if got := notices[engine.ShutdownRequested](c.Node(1)); len(got) != 0 {
		t.Errorf("node 1 shutdown notices %v", got)
	}
	for _, id := range []uint32{1, 2} {
		v, _ := c.Node(id).E.Map().Get("runtime.members.2.config_version")
		if v.Uint() != 2 {
			t.Errorf("node %d: runtime.members.2.config_version = %d, want 2", id, v.Uint())
		}
	}
}

// Changing totem.config_version at run time multicasts it
// (NEW_CONFIG_VERSION); every node records it for the sender.
func TestNewConfigVersionIsAnnounced(t *testing.T) {
	c := cluster(t, 2, func(uint32) string { return conf(2, "") })
	must(t, c.Start(1))
	must(t, c.Start(2))
	runUntil(t, c, "2-node sync", func() bool { return synced(c, 1, 2) })
	e1 := c.Node(1).E
	must(t, e1.Map().Set("totem.config_version", cmap.U64(7)))
	if !e1.HasReady() {
		t.Fatal("a tracked change left no pending work")
	}
	must(t, e1.Step(engine.Poll{}))
	rd := e1.Ready()
	if len(rd.Packets) != 1 {
		t.Fatalf("poll sent %d packets", len(rd.Packets))
	}
	must(t, c.S.Node(1).Step(totem.AppSend{Payload: rd.Packets[0]}))
	runUntil(t, c, "node 2 learns version 7", func() bool {
		v, _ := c.Node(2).E.Map().Get("runtime.members.1.config_version")
		return v.Uint() == 7
	})
}

// cfgtool -R on node 2: every node is asked to reload, node 2 answers
// its client.
func TestReloadReachesEveryNode(t *testing.T) {
	c := cluster(t, 3, func(uint32) string { return conf(3, "") })
	for _, id := range []uint32{1, 2, 3} {
		must(t, c.Start(id))
	}
	runUntil(t, c, "3-node sync", func() bool { return synced(c, 1, 2, 3) })
	e2 := c.Node(2).E
	e2.CfgReload(0x1234)
	rd := e2.Ready()
	if len(rd.Packets) != 1 {
		t.Fatalf("reload sent %d packets", len(rd.Packets))
	}
	must(t, c.S.Node(2).Step(totem.AppSend{Payload: rd.Packets[0]}))
	runUntil(t, c, "reload delivered everywhere", func() bool {
		for _, id := range []uint32{1, 2, 3} {
			if len(notices[engine.ReloadRequested](c.Node(id))) == 0 {
				return false
			}
		}
		return true
	})
	for _, id := range []uint32{1, 2, 3} {
		got := notices[engine.ReloadRequested](c.Node(id))[0]
		want := engine.ReloadRequested{ByNode: 2, Local: id == 2, Conn: 0x1234}
		if got != want {
			t.Errorf("node %d: %+v, want %+v", id, got, want)
		}
		if !strings.Contains(fmt.Sprint(c.Node(id).Logs), "Config reload requested by node 2") {
			t.Errorf("node %d: no reload log", id)
		}
	}
	if n := counter(c.Node(1).E, "runtime.services.cfg.3.rx"); n != 1 {
		t.Errorf("cfg.3.rx = %d", n)
	}
}

// FuzzDeliver: no totem message, however broken, panics the engine.
func FuzzDeliver(f *testing.F) {
	f.Add(packet(svcmsg.Encode(&svcmsg.VQNodeInfo{NodeID: 2, Votes: 1})), uint32(2))
	f.Add(packet(svcmsg.Encode(&svcmsg.CmapMcast{Items: []svcmsg.CmapItem{{Key: "totem.config_version"}}})), uint32(3))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 1, 0, 4, 0, 1, 0, 1, 0, 'a'}, uint32(2))
	f.Fuzz(func(t *testing.T, payload []byte, from uint32) {
		cfg, err := load(t, conf(3, ""), 1)
		if err != nil {
			t.Skip()
		}
		e, _ := engine.New(cfg)
		must(t, e.Step(engine.Start{}))
		u := totem.Upcall{Kind: totem.UpcallMessage, Message: totem.Message{Sender: from, Payload: payload}}
		must(t, e.Step(engine.Upcalls{List: []totem.Upcall{u}}))
		e.Ready()
	})
}
