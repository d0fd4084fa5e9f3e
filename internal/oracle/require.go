package oracle

import (
	"os/exec"
	"testing"

	"github.com/gorosync/gorosync/internal/netns"
)

// Require skips t unless boxes with the real corosync can run here: root,
// network namespaces, util-linux and coreutils, corosync and its
// corosync-cmapctl. Under netns.NoSkipEnv=1 it fails instead.
func Require(t testing.TB) {
	t.Helper()
	netns.SkipUnlessAvailable(t)
	for _, bin := range []string{"unshare", "timeout", "corosync", "corosync-cmapctl"} {
		if _, err := exec.LookPath(bin); err != nil {
			netns.SkipOrFail(t, bin+" is not installed")
		}
	}
}
