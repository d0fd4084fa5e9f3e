package ipctest

import (
	"context"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorosync/gorosync/internal/netns"
	"github.com/gorosync/gorosync/internal/oracle"
)

// buildGorosync compiles cmd/gorosync into a temporary directory.
func buildGorosync(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		netns.SkipOrFail(t, "go toolchain not found")
	}
	bin := filepath.Join(t.TempDir(), "gorosync")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/gorosync/gorosync/cmd/gorosync")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building gorosync: %v\n%s", err, out)
	}
	return bin
}

// gorosync's quorumtool and cfgtool against a real corosync 3.1.7: each
// command prints exactly what Debian's tool prints in the same box, run
// right before it (quorumtool -s without its Date line).
func TestOurToolsAgainstRealCorosync(t *testing.T) {
	oracle.Require(t, "corosync-quorumtool", "corosync-cfgtool")
	bin := buildGorosync(t)
	cmds := [][]string{
		{"quorumtool", "-s"}, {"quorumtool", "-l"}, {"quorumtool", "-p"}, {"quorumtool", "-i"},
		{"quorumtool", "-H"}, {"quorumtool", "-o", "i"}, {"quorumtool", "-l", "-a", "-i"},
		{"quorumtool", "-e", "5"}, {"quorumtool", "-v", "0", "-n", "9"}, {"quorumtool", "-v", "1"},
		{"cfgtool", "-s"}, {"cfgtool", "-b"}, {"cfgtool", "-s", "-b"}, {"cfgtool", "-n"},
		{"cfgtool", "-a", "1"}, {"cfgtool", "-a", "4"}, {"cfgtool", "-k", "7"}, {"cfgtool", "-R"},
		{"cfgtool", "-L"},
	}
	steps := []oracle.Step{
		{Argv: []string{"corosync", "-f"}, Background: true},
		{Argv: []string{"corosync-quorumtool", "-s"}, Until: oracle.UntilOK, Timeout: 20 * time.Second},
	}
	for _, c := range cmds {
		steps = append(steps,
			oracle.Step{Argv: append([]string{"corosync-" + c[0]}, c[1:]...), Timeout: 20 * time.Second},
			oracle.Step{Argv: append([]string{bin}, c...), Timeout: 20 * time.Second})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	rs, err := oracle.Run(ctx, oracle.IPCBox(netip.MustParsePrefix("10.231.46.1/24"), "node1"), steps...)
	if err != nil {
		t.Fatal(err)
	}
	if r := rs[1]; r.Exit != 0 || r.TimedOut || r.Skipped {
		t.Fatalf("corosync did not come up: %+v\ndaemon stderr:\n%s", r, rs[0].Stderr)
	}
	if !strings.Contains(rs[2].Stdout, "node1 (local)") {
		t.Fatalf("unexpected quorumtool -s output:\n%s", rs[2].Stdout)
	}
	for i, c := range cmds {
		real, ours := rs[2+2*i], rs[3+2*i]
		if real.Err != "" || ours.Err != "" || real.TimedOut || ours.TimedOut {
			t.Fatalf("%q: real %+v ours %+v", c, real, ours)
		}
		if withoutDate(ours.Stdout) != withoutDate(real.Stdout) || ours.Stderr != real.Stderr || ours.Exit != real.Exit {
			t.Errorf("%q differs:\nours: exit %d stderr %q stdout:\n%s\nreal: exit %d stderr %q stdout:\n%s",
				c, ours.Exit, ours.Stderr, ours.Stdout, real.Exit, real.Stderr, real.Stdout)
		}
	}
	if os.Getenv("IPCTEST_SHOW") != "" {
		for i, c := range cmds {
			t.Logf("%q exit %d:\n%s%s", c, rs[3+2*i].Exit, rs[3+2*i].Stdout, rs[3+2*i].Stderr)
		}
	}
}
