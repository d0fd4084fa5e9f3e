package oracle

import "testing"

// Require skips t unless boxes with the real corosync can run here: root,
// network namespaces, util-linux and coreutils, corosync and its
// corosync-cmapctl, plus any extra tools the test runs in the box. Under
// netns.NoSkipEnv=1 it fails instead.
func Require(t testing.TB, extra ...string) {
	t.Helper()
	RequireTools(t, append([]string{"unshare", "timeout", "corosync", "corosync-cmapctl"}, extra...)...)
}
