package enginesim

import (
	"fmt"
	"net/netip"
	"os"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/coroconf"
	"github.com/gorosync/gorosync/engine"
	"github.com/gorosync/gorosync/totem/sim"
)

const sampleDir = "../../../shared/reference/samples"

// clusterConf renders a udpu corosync.conf for nodes 1..n at 10.210.0.X
// (the shape of the shared samples) with extra lines in quorum {}.
func clusterConf(n int, quorum string) string {
	var b strings.Builder
	b.WriteString("totem {\n\tversion: 2\n\tcluster_name: rcbase\n\ttransport: udpu\n\tcrypto_cipher: none\n\tcrypto_hash: none\n\ttoken: 1000\n}\n\nnodelist {\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "\tnode {\n\t\tring0_addr: 10.210.0.%d\n\t\tname: n%d\n\t\tnodeid: %d\n\t}\n", i, i, i)
	}
	b.WriteString("}\n\nquorum {\n\tprovider: corosync_votequorum\n" + quorum + "}\n")
	return b.String()
}

// loadFor loads conf as node id (host n<id>, address 10.210.0.<id>) would.
func loadFor(t testing.TB, conf string, id uint32) (engine.Config, error) {
	addr := netip.MustParsePrefix(fmt.Sprintf("10.210.0.%d/24", id))
	env := coroconf.FixedEnv(fmt.Sprintf("n%d", id), "", coroconf.BoxAddrs([]netip.Prefix{addr}), nil)
	res := coroconf.LoadBytes("corosync.conf", []byte(conf), env)
	if res.Fatal != nil {
		return engine.Config{}, fmt.Errorf("node %d: %s", id, res.Fatal.Text)
	}
	return engine.ConfigFromLoad(res)
}

func newCluster(t *testing.T, n int, conf string, seed uint64) *Cluster {
	t.Helper()
	var ids []uint32
	for i := 1; i <= n; i++ {
		ids = append(ids, uint32(i))
	}
	return New(Options{
		IDs:    ids,
		Seed:   seed,
		Net:    sim.Net{MinDelay: 0, MaxDelay: 1},
		Engine: func(id uint32) (engine.Config, error) { return loadFor(t, conf, id) },
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// dumpKeys renders keys under prefix like corosync-cmapctl.
func dumpKeys(m *cmap.Map, prefix string) string {
	var b []byte
	for k, v := range m.All(prefix) {
		b = cmap.AppendKey(b, k, v, cmap.PrintOptions{})
	}
	return string(b)
}

func readSample(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(sampleDir + "/" + rel)
	if err != nil {
		t.Skipf("sample not available: %v", err)
	}
	return string(b)
}

func logText(n *Node) string {
	var b strings.Builder
	for _, l := range n.Logs {
		b.WriteString(l.String())
		b.WriteByte('\n')
	}
	return b.String()
}
