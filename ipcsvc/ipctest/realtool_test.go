package ipctest

import (
	"strings"
	"testing"
	"time"

	"github.com/gorosync/gorosync/cmap/cmapipc"
	"github.com/gorosync/gorosync/corotool"
	"github.com/gorosync/gorosync/internal/netns"
	"github.com/gorosync/gorosync/internal/oracle"
	"github.com/gorosync/gorosync/ipcsvc/cfgipc"
	"github.com/gorosync/gorosync/ipcsvc/quorumipc"
	"github.com/gorosync/gorosync/ipcsvc/votequorumipc"
	"github.com/gorosync/gorosync/qbipc"
)

// serveFake runs the four services over f inside a fresh namespace.
func serveFake(t *testing.T, f *fake) *netns.NS {
	t.Helper()
	ns := netns.New(t)
	err := ns.Do(func() error {
		var srvs []*qbipc.Server
		add := func(s *qbipc.Server, err error) error {
			if err != nil {
				return err
			}
			srvs = append(srvs, s)
			return nil
		}
		if err := add(cmapipc.Listen(cmapipc.NewService(f.cmapMap(), nil), qbipc.Options{})); err != nil {
			return err
		}
		if err := add(quorumipc.Listen(quorumipc.NewService(f), qbipc.Options{})); err != nil {
			return err
		}
		if err := add(votequorumipc.Listen(votequorumipc.NewService(f), qbipc.Options{})); err != nil {
			return err
		}
		if err := add(cfgipc.Listen(cfgipc.NewService(f), qbipc.Options{})); err != nil {
			return err
		}
		t.Cleanup(func() {
			for _, s := range srvs {
				s.Close()
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

func runIn(t *testing.T, ns *netns.NS, argv ...string) netns.Result {
	t.Helper()
	return oracle.RunIn(t, ns, 30*time.Second, argv...)
}

// withoutDate drops quorumtool -s's Date line, the one part that moves.
func withoutDate(s string) string {
	var out []string
	for _, l := range strings.SplitAfter(s, "\n") {
		if !strings.HasPrefix(l, "Date:") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "")
}

// Debian's corosync-quorumtool and corosync-cfgtool (real libquorum,
// libvotequorum, libcfg, libcmap) against our services: they print what
// corotool renders for the same data, and their requests reach the backend.
// (3.1.7 exits 1, not with the cs_error, when -e or -v is refused.)
func TestRealToolsAgainstOurServices(t *testing.T) {
	oracle.RequireTools(t, "corosync-quorumtool", "corosync-cfgtool")
	f := newFake()
	ns := serveFake(t, f)
	st := f.quorumStatus()
	cs := f.cfgStatus()

	for _, args := range [][]string{{"-s"}, {"-s", "-p"}, {"-s", "-H"}, {"-s", "-i"}, {"-l"}, {"-l", "-p"}, {"-l", "-i", "-a"}, {"-l", "-o", "n"}, {"-l", "-o", "i", "-H"}} {
		o, res := corotool.ParseQuorumArgs("corosync-quorumtool", args)
		if res != nil {
			t.Fatalf("%q: %+v", args, res)
		}
		var want corotool.Output
		if o.Command == corotool.CmdShowNodes {
			want = corotool.ShowNodes(st, o, func(a string) string { return a })
		} else {
			want = corotool.ShowStatus(st, o, time.Now(), func(a string) string { return a })
		}
		got := runIn(t, ns, append([]string{"corosync-quorumtool"}, args...)...)
		if withoutDate(got.Stdout) != withoutDate(want.Stdout) || got.Stderr != want.Stderr || got.Exit != want.Exit {
			t.Errorf("quorumtool %q: exit %d stderr %q stdout:\n%s\nwant exit %d stderr %q stdout:\n%s",
				args, got.Exit, got.Stderr, got.Stdout, want.Exit, want.Stderr, want.Stdout)
		}
	}

	for _, args := range [][]string{{"-s"}, {"-s", "-b"}, {"-n"}} {
		var want corotool.Output
		switch args[0] {
		case "-n":
			want = corotool.NodeStatusText(cs)
		default:
			want = corotool.LinkStatusText(cs, len(args) > 1)
		}
		got := runIn(t, ns, append([]string{"corosync-cfgtool"}, args...)...)
		if got.Stdout != want.Stdout || got.Stderr != want.Stderr || got.Exit != want.Exit {
			t.Errorf("cfgtool %q: exit %d stderr %q stdout:\n%s\nwant exit %d stderr %q stdout:\n%s",
				args, got.Exit, got.Stderr, got.Stdout, want.Exit, want.Stderr, want.Stdout)
		}
	}
	if got, want := runIn(t, ns, "corosync-cfgtool", "-a", "1"), corotool.NodeAddrsText(1, []string{"10.77.0.1", "10.78.0.1"}, true); got.Stdout != want.Stdout || got.Exit != 0 {
		t.Errorf("cfgtool -a 1: %+v", got)
	}
	if got, want := runIn(t, ns, "corosync-cfgtool", "-a", "9"), corotool.NodeAddrsText(9, nil, false); got.Stderr != want.Stderr || got.Exit != want.Exit {
		t.Errorf("cfgtool -a 9: %+v, want %+v", got, want)
	}
	if got := runIn(t, ns, "corosync-cfgtool", "-R"); got.Stdout != "Reloading corosync.conf...\nDone\n" || got.Exit != 0 {
		t.Errorf("cfgtool -R: %+v", got)
	}
	if got := runIn(t, ns, "corosync-cfgtool", "-k", "3"); got.Stderr != "Could not kill node (error = CS_ERR_NOT_EXIST)\n" || got.Exit != 1 {
		t.Errorf("cfgtool -k 3 (down): %+v", got)
	}
	if got := runIn(t, ns, "corosync-cfgtool", "-k", "1"); got.Stdout != "Killing node 1\n" || got.Exit != 0 {
		t.Errorf("cfgtool -k 1: %+v", got)
	}
	if got := runIn(t, ns, "corosync-cfgtool", "-H"); got.Stdout != "Shutting down corosync\n" || got.Stderr != "" || got.Exit != 0 {
		t.Errorf("cfgtool -H: %+v", got)
	}
	if got := runIn(t, ns, "corosync-quorumtool", "-e", "5"); got.Exit != 0 || got.Stderr != "" {
		t.Errorf("quorumtool -e 5: %+v", got)
	}
	if got := runIn(t, ns, "corosync-quorumtool", "-e", "1"); got.Exit != 1 || got.Stderr != "Unable to set expected votes: CS_ERR_INVALID_PARAM\n" {
		t.Errorf("quorumtool -e 1: %+v", got)
	}
	if got := runIn(t, ns, "corosync-quorumtool", "-v", "2"); got.Exit != 0 {
		t.Errorf("quorumtool -v 2: %+v", got)
	}
	if got := runIn(t, ns, "corosync-quorumtool", "-v", "2", "-n", "7"); got.Exit != 1 || got.Stderr != "Unable to set votes 2 for nodeid: 7: CS_ERR_NAME_NOT_FOUND\n" {
		t.Errorf("quorumtool -v 2 -n 7: %+v", got)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.setExpected) != 1 || f.setExpected[0] != 5 || len(f.setVotes) != 1 || f.setVotes[0] != [2]uint32{2, 2} ||
		f.reloads != 1 || len(f.killed) != 1 || f.killed[0] != 1 || f.shutdowns != 1 {
		t.Errorf("backend saw expected %v votes %v reloads %d killed %v shutdowns %d",
			f.setExpected, f.setVotes, f.reloads, f.killed, f.shutdowns)
	}
}
