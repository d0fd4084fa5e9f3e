package oracle

import (
	"context"
	"fmt"
	"net/netip"
	"os/exec"
	"testing"
	"time"

	"github.com/gorosync/gorosync/internal/netns"
)

// IPCBox is a box running a one-node ring (nodeid 1 at addr, named
// nodeName unless empty) whose IPC uses libqb's socket transport, the only
// one our IPC clients speak. Tests of the IPC packages against a real
// corosync share it.
func IPCBox(addr netip.Prefix, nodeName string) Box {
	name := ""
	if nodeName != "" {
		name = "\t\tname: " + nodeName + "\n"
	}
	conf := fmt.Sprintf(`totem {
	version: 2
	cluster_name: ipcbox
	transport: udpu
	crypto_cipher: none
	crypto_hash: none
}
nodelist {
	node {
		ring0_addr: %s
		nodeid: 1
%s	}
}
quorum {
	provider: corosync_votequorum
}
system {
	qb_ipc_type: socket
}
`, addr.Addr(), name)
	return Box{Conf: []byte(conf), Addrs: []netip.Prefix{addr}}
}

// RequireTools skips t unless network namespaces work and every one of
// bins is on PATH (under netns.NoSkipEnv=1 it fails instead).
func RequireTools(t testing.TB, bins ...string) {
	t.Helper()
	netns.SkipUnlessAvailable(t)
	for _, bin := range bins {
		if _, err := exec.LookPath(bin); err != nil {
			netns.SkipOrFail(t, bin+" is not installed")
		}
	}
}

// RunIn runs argv in ns, bounded by timeout, and fails t if it cannot be
// run at all (a non-zero exit is a result, not a failure).
func RunIn(t testing.TB, ns *netns.NS, timeout time.Duration, argv ...string) netns.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	r, err := ns.Run(ctx, argv...)
	if err != nil {
		t.Fatalf("%q: %v", argv, err)
	}
	return r
}
