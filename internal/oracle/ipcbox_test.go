package oracle

import (
	"net/netip"
	"strings"
	"testing"
)

// IPCBox's file sets the socket IPC transport, the given address and the
// node name only when one is given. (That corosync runs on it is what the
// cmapipc and ipcsvc/ipctest box tests check.)
func TestIPCBoxConf(t *testing.T) {
	for _, name := range []string{"", "node1"} {
		b := IPCBox(netip.MustParsePrefix("10.231.46.1/24"), name)
		conf := string(b.Conf)
		if !strings.Contains(conf, "\tqb_ipc_type: socket\n") || !strings.Contains(conf, "\t\tring0_addr: 10.231.46.1\n\t\tnodeid: 1\n") ||
			strings.Contains(conf, "\t\tname: node1\n\t}") != (name != "") {
			t.Errorf("name %q: conf:\n%s", name, conf)
		}
		if len(b.Addrs) != 1 || b.Addrs[0].String() != "10.231.46.1/24" {
			t.Errorf("addrs %v", b.Addrs)
		}
	}
}
