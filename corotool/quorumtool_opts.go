package corotool

import "math"

// QuorumCommand is the quorumtool action (the last one given wins).
type QuorumCommand int

// Quorumtool commands.
const (
	CmdShowStatus        QuorumCommand = iota // -s (default)
	CmdShowNodes                              // -l
	CmdSetVotes                               // -v
	CmdSetExpected                            // -e
	CmdMonitor                                // -m
	CmdUnregisterQdevice                      // -f
)

// SortOrder is -o.
type SortOrder int

// Orders of the membership table.
const (
	SortAddr   SortOrder = iota // a: as corosync sent it (default)
	SortNodeID                  // i
	SortName                    // n
)

// QuorumOptions is a parsed corosync-quorumtool command line.
type QuorumOptions struct {
	Command         QuorumCommand
	HexIDs          bool // -H
	ShowIP          bool // -i
	AllAddrs        bool // -a
	MachineParsable bool // -p
	Sort            SortOrder
	Votes           uint32 // -v or -e value
	NodeID          uint32 // -n
	NodeIDSet       bool
}

// QuorumtoolVersion is what -V prints.
const QuorumtoolVersion = "3.1.7"

// QuorumUsage is show_usage's text for program name prog.
func QuorumUsage(prog string) string {
	return "usage: \n" + prog + " <options>\n\n  options:\n\n" +
		"  -s             show quorum status\n" +
		"  -m             constantly monitor quorum status\n" +
		"  -l             list nodes\n" +
		"  -a             show all names or addresses for each node\n" +
		"  -p             when used with -s or -l, generates machine parsable output\n" +
		"  -v <votes>     change the number of votes for a node (*)\n" +
		"  -n <nodeid>    optional nodeid of node for -v\n" +
		"  -e <expected>  change expected votes for the cluster (*)\n" +
		"  -H             show nodeids in hexadecimal rather than decimal\n" +
		"  -i             show node IP addresses instead of the resolved name\n" +
		"  -o <a|n|i>     order by [a] IP address (default), [n] name, [i] nodeid\n" +
		"  -f             forcefully unregister a quorum device *DANGEROUS* (*)\n" +
		"  -h             show this help text\n" +
		"  -V             show version and exit\n" +
		"\n  (*) Starred items only work if votequorum is the quorum provider for corosync\n\n"
}

// ParseQuorumArgs parses args (without argv[0]) like corosync-quorumtool's
// getopt loop ("VHaslpmfe:v:hin:o:"). A non-nil Result means print it and
// exit without contacting corosync.
func ParseQuorumArgs(prog string, args []string) (QuorumOptions, *Result) {
	var o QuorumOptions
	opts, msg := getopt(prog, args, "VHaslpmfe:v:hin:o:", nil)
	for _, op := range opts {
		switch op.c {
		case 'f':
			o.Command = CmdUnregisterQdevice
		case 's':
			o.Command = CmdShowStatus
		case 'a':
			o.AllAddrs = true
		case 'm':
			o.Command = CmdMonitor
		case 'i':
			o.ShowIP = true
		case 'H':
			o.HexIDs = true
		case 'l':
			o.Command = CmdShowNodes
		case 'p':
			o.MachineParsable = true
		case 'e':
			v, ok := strtonum(op.arg, 1, math.MaxInt32)
			if !ok {
				return o, &Result{Stderr: "New expected votes value was not valid, try a positive number\n", Exit: 1}
			}
			o.Votes, o.Command = uint32(v), CmdSetExpected
		case 'n':
			v, ok := strtonum(op.arg, 1, math.MaxUint32)
			if !ok {
				return o, &Result{Stderr: "The nodeid was not valid, try a positive number\n", Exit: 1}
			}
			o.NodeID, o.NodeIDSet = uint32(v), true
		case 'v':
			v, ok := strtonum(op.arg, 0, math.MaxInt32)
			if !ok {
				return o, &Result{Stderr: "New votes value was not valid, try a positive number or zero\n", Exit: 1}
			}
			o.Votes, o.Command = uint32(v), CmdSetVotes
		case 'o':
			switch op.arg {
			case "a":
				o.Sort = SortAddr
			case "i":
				o.Sort = SortNodeID
			case "n":
				o.Sort = SortName
			default:
				return o, &Result{Stderr: "Invalid ordering option. valid orders are a(address), i(node ID) or n(name)\n", Exit: 1}
			}
		case 'V':
			return o, &Result{Stdout: "corosync-quorumtool version: " + QuorumtoolVersion + "\n"}
		case 'h':
			return o, &Result{Stdout: QuorumUsage(prog)}
		}
	}
	if msg != "" {
		return o, &Result{Stdout: QuorumUsage(prog), Stderr: msg, Exit: 1}
	}
	return o, nil
}
