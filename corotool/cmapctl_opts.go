package corotool

import (
	_ "embed"
)

// CmapctlAction is what corosync-cmapctl does (the last action option wins).
type CmapctlAction int

// corosync-cmapctl actions.
const (
	CmapPrintAll     CmapctlAction = iota // no key given
	CmapPrintPrefix                       // operands are prefixes
	CmapGet                               // -g
	CmapSet                               // -s key type value
	CmapDelete                            // -d
	CmapDeletePrefix                      // -D
	CmapLoad                              // -p file
	CmapTrack                             // -t (key) / -T (prefix)
	CmapClear                             // -C what
)

// CmapctlOptions is a parsed corosync-cmapctl command line.
type CmapctlOptions struct {
	Action      CmapctlAction
	Binary      bool   // -b
	Quiet       bool   // -q
	Map         string // "icmap" (also for -m default) or "stats"
	TrackPrefix bool   // -T rather than -t
	LoadFile    string // -p
	Clear       string // -C: knet, totem, ipc, schedmiss or all
	Params      []string
}

//go:embed testdata/cmapctl/help.txt
var cmapctlHelp string

// CmapctlUsageText is corosync-cmapctl -h, byte for byte as 3.1.7 prints
// it (captured from Debian's binary into testdata/cmapctl/help.txt).
func CmapctlUsageText() string { return cmapctlHelp }

// ParseCmapctlArgs parses args (without argv[0]) as corosync-cmapctl 3.1.7
// does (getopt "m:hgsdDtTbp:qC:"); prog is argv[0] for getopt's messages.
// A non-nil Result means print it and exit. Behaviour measured on the
// real tool: -h prints the help and exits 0 as soon as getopt reaches it;
// a bad -m or -C argument is refused at once; without operands every
// action but printing, loading and clearing says "Expected key after
// options"; printing with no operand prints everything.
func ParseCmapctlArgs(prog string, args []string) (CmapctlOptions, *Result) {
	o := CmapctlOptions{Action: CmapPrintPrefix, Map: "icmap", TrackPrefix: true}
	opts, operands, msg := getoptOperands(prog, args, "m:hgsdDtTbp:qC:", nil)
	for _, op := range opts {
		switch op.c {
		case 'h':
			return o, &Result{Stdout: CmapctlUsageText()}
		case 'b':
			o.Binary = true
		case 'q':
			o.Quiet = true
		case 'g':
			o.Action = CmapGet
		case 's':
			o.Action = CmapSet
		case 'd':
			o.Action = CmapDelete
		case 'D':
			o.Action = CmapDeletePrefix
		case 'p':
			o.Action, o.LoadFile = CmapLoad, op.arg
		case 't':
			o.Action, o.TrackPrefix = CmapTrack, false
		case 'T':
			o.Action, o.TrackPrefix = CmapTrack, true
		case 'm':
			switch op.arg {
			case "default", "icmap":
				o.Map = "icmap"
			case "stats":
				o.Map = "stats"
			default:
				return o, &Result{Stderr: "invalid map name, must be 'default', 'icmap' or 'stats'\n", Exit: 1}
			}
		case 'C':
			switch op.arg {
			case "knet", "totem", "ipc", "schedmiss", "all":
				o.Action, o.Clear, o.Map = CmapClear, op.arg, "stats"
			default:
				return o, &Result{Stderr: "argument to -C should be 'knet', 'totem', 'ipc', 'schedmiss' or 'all'\n", Exit: 1}
			}
		}
	}
	if msg != "" {
		return o, &Result{Stderr: msg, Exit: 1}
	}
	o.Params = operands
	if len(o.Params) == 0 {
		switch o.Action {
		case CmapPrintPrefix:
			o.Action = CmapPrintAll
		case CmapLoad, CmapClear:
		default:
			return o, &Result{Stderr: "Expected key after options\n", Exit: 1}
		}
	}
	return o, nil
}
