package corotool

import (
	"math"
)

// CfgAction is the cfgtool action (the last one given wins).
type CfgAction int

// Cfgtool actions.
const (
	CfgUsage      CfgAction = iota // nothing (or only -h/-b/-i) given
	CfgLinkStatus                  // -s
	CfgNodeStatus                  // -n
	CfgReload                      // -R
	CfgReopenLogs                  // -L
	CfgShutdown                    // -H
	CfgShowAddr                    // -a
	CfgKillNode                    // -k
)

// CfgOptions is a parsed corosync-cfgtool command line.
type CfgOptions struct {
	Action    CfgAction
	Brief     bool   // -b
	Interface string // -i (accepted, unused by 3.1.7)
	NodeID    uint32 // -a / -k
	Force     bool   // --force
}

// CfgUsageText is usage_do's text.
func CfgUsageText() string {
	return "corosync-cfgtool [[-i <interface ip>] [-b] -s] [-R] [-L] [-k nodeid] [-a nodeid] [-h] [-H]\n\n" +
		"A tool for displaying and configuring active parameters within corosync.\n" +
		"options:\n" +
		"\t-i\tFinds only information about the specified interface IP address or link id when used with -s..\n" +
		"\t-s\tDisplays the status of the current links on this node.\n" +
		"\t-n\tDisplays the status of the connected nodes and their links.\n" +
		"\t-b\tDisplays the brief status of the current links on this node when used with -s.\n" +
		"\t-R\tTell all instances of corosync in this cluster to reload corosync.conf.\n" +
		"\t-L\tTell corosync to reopen all logging files.\n" +
		"\t-k\tKill a node identified by node id.\n" +
		"\t-a\tDisplay the IP address(es) of a node\n" +
		"\t-h\tPrint basic usage.\n" +
		"\t-H\tShutdown corosync cleanly on this node.\n" +
		"\t\t--force will shut down corosync regardless of daemon vetos\n"
}

var cfgLongs = []longOpt{
	{"if", true, 'i'}, {"status", false, 's'}, {"nodes", false, 'n'}, {"brief", false, 'b'},
	{"reload", false, 'R'}, {"reopen", false, 'L'}, {"kill", true, 'k'}, {"address", true, 'a'},
	{"shutdown", false, 'H'}, {"force", false, 0},
}

// ParseCfgArgs parses args (without argv[0]) like corosync-cfgtool's
// getopt_long loop ("i:snbrRLk:a:hH" plus long names). A non-nil Result
// means print it and exit. An option error exits 1 without the usage
// text; no action prints the usage and exits 0.
func ParseCfgArgs(prog string, args []string) (CfgOptions, *Result) {
	var o CfgOptions
	opts, msg := getopt(prog, args, "i:snbrRLk:a:hH", cfgLongs)
	for _, op := range opts {
		switch op.c {
		case 0:
			if op.long == "force" {
				o.Force = true
			}
		case 'i':
			o.Interface = op.arg
			if len(o.Interface) > 127 {
				o.Interface = o.Interface[:127]
			}
		case 's':
			o.Action = CfgLinkStatus
		case 'n':
			o.Action = CfgNodeStatus
		case 'b':
			o.Brief = true
		case 'R':
			o.Action = CfgReload
		case 'L':
			o.Action = CfgReopenLogs
		case 'k', 'a':
			v, ok := strtonum(op.arg, 1, math.MaxUint32)
			if !ok {
				return o, &Result{Stderr: "The nodeid was not valid, try a positive number\n", Exit: 1}
			}
			o.NodeID = uint32(v)
			o.Action = CfgKillNode
			if op.c == 'a' {
				o.Action = CfgShowAddr
			}
		case 'H':
			o.Action = CfgShutdown
		}
	}
	if msg != "" {
		return o, &Result{Stderr: msg, Exit: 1}
	}
	if o.Action == CfgUsage {
		return o, &Result{Stdout: CfgUsageText()}
	}
	return o, nil
}
