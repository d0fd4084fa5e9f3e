package corotool

import (
	"os"
	"strings"
	"testing"
	"time"
)

// labStatus is node 2 of the 3-node lab cluster (lms3 in
// votequorum/testdata/lab: last_man_standing, subnet 10.214.0.0/24).
func labStatus() *QuorumStatus {
	st := &QuorumStatus{Provider: "corosync_votequorum", Votequorum: true, Quorate: true, NodeID: 2,
		RingRep: 1, RingSeq: 0xd,
		Info: VQInfo{NodeID: 2, Votes: 1, ExpectedVotes: 3, HighestExpected: 3, TotalVotes: 3, Quorum: 2,
			Flags: InfoQuorate | InfoLastManStanding}}
	for id := uint32(1); id <= 3; id++ {
		st.Members = append(st.Members, Member{NodeID: id, NodelistName: "n" + string(rune('0'+id)),
			Addrs: []string{"10.214.0." + string(rune('0'+id))}, Info: VQInfo{NodeID: id, Votes: 1}})
	}
	return st
}

func TestLabQuorumtoolOptions(t *testing.T) {
	now := time.Now()
	for _, c := range []struct {
		file string
		args []string
	}{
		{"optp", []string{"-s", "-p"}}, {"optH", []string{"-s", "-H"}}, {"opti", []string{"-s", "-i"}},
		{"opta", []string{"-s", "-a"}}, {"opton", []string{"-s", "-o", "n"}}, {"optoi", []string{"-s", "-oi"}},
		{"optlp", []string{"-s", "-l", "-p"}}, {"optlH", []string{"-s", "-lH"}},
	} {
		o, r := ParseQuorumArgs("corosync-quorumtool", c.args)
		if r != nil {
			t.Fatalf("%v: %+v", c.args, r)
		}
		var got Output
		if o.Command == CmdShowNodes {
			got = ShowNodes(labStatus(), o, nil)
		} else {
			got = ShowStatus(labStatus(), o, now, nil)
		}
		want, exit := readSample(t, "testdata/lab/"+c.file+".n2.txt")
		if g, w := dateLine.ReplaceAllString(got.Stdout, ""), dateLine.ReplaceAllString(want, ""); g != w || got.Exit != exit {
			t.Errorf("%v:\n got %q (exit %d)\nwant %q (exit %d)", c.args, g, got.Exit, w, exit)
		}
	}
}

func TestQdeviceColumn(t *testing.T) {
	st := labStatus()
	for i := range st.Members {
		st.Members[i].Info.Flags = InfoQdeviceRegistered | InfoQdeviceAlive
		st.Members[i].Info.QdeviceVotes = 2
		st.Members[i].Info.QdeviceName = "Qdevice"
	}
	st.Members[1].Info.Flags |= InfoQdeviceCastVote | InfoQdeviceMasterWins
	got := ShowNodes(st, QuorumOptions{}, nil).Stdout
	want := "\nMembership information\n----------------------\n" +
		"    Nodeid      Votes    Qdevice Name\n" +
		"         1          1   A,NV,NMW n1\n" +
		"         2          1     A,V,MW n2 (local)\n" +
		"         3          1   A,NV,NMW n3\n" +
		"         0          2            Qdevice\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	st.Members[1].Info.Flags &^= InfoQdeviceCastVote
	if got := ShowNodes(st, QuorumOptions{HexIDs: true}, nil).Stdout; !strings.HasSuffix(got, "0x00000000          0            Qdevice (votes 2)\n") {
		t.Errorf("not voting qdevice row: %q", got)
	}
}

func TestLabCfgtool(t *testing.T) {
	c := &CfgStatus{LocalNodeID: 2, Transport: "udpu"}
	for id := uint32(1); id <= 3; id++ {
		ns := NodeStatus{NodeID: id, Reachable: true}
		ns.Links[0] = LinkStatus{Enabled: true, Connected: id != 2, MTU: 1410, Src: "10.214.0." + string(rune('0'+id))}
		c.Nodes = append(c.Nodes, ns)
	}
	check := func(file string, got Output) {
		t.Helper()
		want, exit := readSample(t, "testdata/lab/"+file+".txt")
		var text string
		if got.Stdout != "" {
			text = got.Stdout
		}
		text += got.Stderr // the lab captured 2>&1
		if text != want || got.Exit != exit {
			t.Errorf("%s:\n got %q (exit %d)\nwant %q (exit %d)", file, text, got.Exit, want, exit)
		}
	}
	check("cfgsb.n2", LinkStatusText(c, true))
	check("cfgn.n2", NodeStatusText(c))
	check("cfga3.n2", NodeAddrsText(3, []string{"10.214.0.3"}, true))
	check("cfga9.n2", NodeAddrsText(9, nil, false))

	// node 1 after n3 was killed
	c.LocalNodeID = 1
	c.Nodes[0].Links[0].Connected = false
	c.Nodes[1].Links[0].Connected = true
	c.Nodes[2].Reachable = false
	c.Nodes[2].Links[0].Connected = false
	check("cfgsb-after.n1", LinkStatusText(c, true))
	check("cfgn-after.n1", NodeStatusText(c))
}

func TestUsageTexts(t *testing.T) {
	// Captured from Debian's corosync-quorumtool -h / corosync-cfgtool -h.
	want, _ := os.ReadFile("testdata/quorumtool-h.txt")
	_, r := ParseQuorumArgs("corosync-quorumtool", []string{"-h"})
	if r == nil || r.Stdout != string(want) || r.Exit != 0 {
		t.Errorf("quorumtool -h: %+v", r)
	}
	want, _ = os.ReadFile("testdata/cfgtool-h.txt")
	_, r = ParseCfgArgs("corosync-cfgtool", []string{"-h"})
	if r == nil || r.Stdout != string(want) || r.Exit != 0 {
		t.Errorf("cfgtool -h: %+v", r)
	}
}

func TestParseQuorumArgs(t *testing.T) {
	// Messages and exit codes checked against Debian's corosync-quorumtool.
	for _, c := range []struct {
		args   []string
		stderr string
		exit   int
		opts   QuorumOptions
	}{
		{args: nil, opts: QuorumOptions{}},
		{args: []string{"-x"}, stderr: "corosync-quorumtool: invalid option -- 'x'\n", exit: 1},
		{args: []string{"-e"}, stderr: "corosync-quorumtool: option requires an argument -- 'e'\n", exit: 1},
		{args: []string{"-e", "x"}, stderr: "New expected votes value was not valid, try a positive number\n", exit: 1},
		{args: []string{"-e0"}, stderr: "New expected votes value was not valid, try a positive number\n", exit: 1},
		{args: []string{"-v", ""}, stderr: "New votes value was not valid, try a positive number or zero\n", exit: 1},
		{args: []string{"-n", "0"}, stderr: "The nodeid was not valid, try a positive number\n", exit: 1},
		{args: []string{"-o", "x"}, stderr: "Invalid ordering option. valid orders are a(address), i(node ID) or n(name)\n", exit: 1},
		{args: []string{"-o", "ii"}, stderr: "Invalid ordering option. valid orders are a(address), i(node ID) or n(name)\n", exit: 1},
		{args: []string{"-v", "0", "-n", "3"}, opts: QuorumOptions{Command: CmdSetVotes, NodeID: 3, NodeIDSet: true}},
		{args: []string{"-e", "+5", "extra"}, opts: QuorumOptions{Command: CmdSetExpected, Votes: 5}},
		{args: []string{"-lHip", "-o", "n"}, opts: QuorumOptions{Command: CmdShowNodes, HexIDs: true, ShowIP: true, MachineParsable: true, Sort: SortName}},
		{args: []string{"-l", "-s", "-a"}, opts: QuorumOptions{Command: CmdShowStatus, AllAddrs: true}},
		{args: []string{"-m"}, opts: QuorumOptions{Command: CmdMonitor}},
		{args: []string{"-f"}, opts: QuorumOptions{Command: CmdUnregisterQdevice}},
	} {
		o, r := ParseQuorumArgs("corosync-quorumtool", c.args)
		if c.stderr != "" {
			if r == nil || r.Stderr != c.stderr || r.Exit != c.exit {
				t.Errorf("%q: %+v", c.args, r)
			}
			continue
		}
		if r != nil || o != c.opts {
			t.Errorf("%q: %+v %+v", c.args, o, r)
		}
	}
	if _, r := ParseQuorumArgs("q", []string{"-V"}); r == nil || r.Stdout != "corosync-quorumtool version: 3.1.7\n" {
		t.Errorf("-V: %+v", r)
	}
}

func TestParseCfgArgs(t *testing.T) {
	// Messages checked against Debian's corosync-cfgtool.
	for _, c := range []struct {
		args   []string
		stderr string
		opts   CfgOptions
		usage  bool
	}{
		{args: nil, usage: true},
		{args: []string{"-b"}, usage: true},
		{args: []string{"-x"}, stderr: "corosync-cfgtool: invalid option -- 'x'\n"},
		{args: []string{"-a"}, stderr: "corosync-cfgtool: option requires an argument -- 'a'\n"},
		{args: []string{"-k", "abc"}, stderr: "The nodeid was not valid, try a positive number\n"},
		{args: []string{"-k", "0"}, stderr: "The nodeid was not valid, try a positive number\n"},
		{args: []string{"--s"}, stderr: "corosync-cfgtool: option '--s' is ambiguous; possibilities: '--status' '--shutdown'\n"},
		{args: []string{"--foo"}, stderr: "corosync-cfgtool: unrecognized option '--foo'\n"},
		{args: []string{"--kill"}, stderr: "corosync-cfgtool: option '--kill' requires an argument\n"},
		{args: []string{"--force=1"}, stderr: "corosync-cfgtool: option '--force' doesn't allow an argument\n"},
		{args: []string{"--stat", "-b"}, opts: CfgOptions{Action: CfgLinkStatus, Brief: true}},
		{args: []string{"-sb", "-i", "10.0.0.1"}, opts: CfgOptions{Action: CfgLinkStatus, Brief: true, Interface: "10.0.0.1"}},
		{args: []string{"-H", "--force"}, opts: CfgOptions{Action: CfgShutdown, Force: true}},
		{args: []string{"--address=3"}, opts: CfgOptions{Action: CfgShowAddr, NodeID: 3}},
		{args: []string{"-R"}, opts: CfgOptions{Action: CfgReload}},
		{args: []string{"-n"}, opts: CfgOptions{Action: CfgNodeStatus}},
	} {
		o, r := ParseCfgArgs("corosync-cfgtool", c.args)
		switch {
		case c.usage:
			if r == nil || r.Stdout != CfgUsageText() || r.Exit != 0 {
				t.Errorf("%q: %+v", c.args, r)
			}
		case c.stderr != "":
			if r == nil || r.Stderr != c.stderr || r.Exit != 1 || r.Stdout != "" {
				t.Errorf("%q: %+v", c.args, r)
			}
		default:
			if r != nil || o != c.opts {
				t.Errorf("%q: %+v %+v", c.args, o, r)
			}
		}
	}
}

func FuzzParseArgs(f *testing.F) {
	f.Add("-s -p -o n")
	f.Add("--status --brief -i x")
	f.Add("-e 3 -v -1 --")
	f.Fuzz(func(t *testing.T, s string) {
		args := strings.Fields(s)
		if o, r := ParseQuorumArgs("q", args); r == nil && o.Command == CmdSetExpected && o.Votes == 0 {
			t.Errorf("%q: expected votes 0 accepted", s)
		}
		if o, r := ParseCfgArgs("c", args); r == nil && (o.Action == CfgKillNode || o.Action == CfgShowAddr) && o.NodeID == 0 {
			t.Errorf("%q: nodeid 0 accepted", s)
		}
	})
}
