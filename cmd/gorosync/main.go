// Command gorosync is the cluster engine daemon and its corosync-style tools.
//
// The same binary answers to several names, so existing habits keep working:
//
//	gorosync -f -c /etc/corosync/corosync.conf   the daemon (corosync)
//	gorosync -t -c FILE                           check a config (corosync -t)
//	gorosync cmapctl ...   or  corosync-cmapctl   the cmap tool
//	gorosync quorumtool ... or corosync-quorumtool
//	gorosync cfgtool ...   or  corosync-cfgtool
package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// tools maps a tool name (argv[0] base or first argument) to its entry point.
var tools = map[string]func(prog string, args []string, stdin io.Reader, stdout, stderr io.Writer) int{
	"cmapctl":    cmapctl,
	"quorumtool": quorumtool,
	"cfgtool":    cfgtool,
}

// run dispatches on argv[0] ("corosync-cmapctl" link) or on a subcommand
// ("gorosync cmapctl") and returns the exit status.
func run(argv []string, stdin io.Reader, stdout, stderr io.Writer) int {
	base := "gorosync"
	if len(argv) > 0 {
		base = filepath.Base(argv[0])
	}
	if name, ok := strings.CutPrefix(base, "corosync-"); ok {
		if tool, ok := tools[name]; ok {
			// getopt's messages name argv[0] as typed.
			return tool(argv[0], argv[1:], stdin, stdout, stderr)
		}
	}
	if len(argv) > 1 {
		if tool, ok := tools[argv[1]]; ok {
			return tool("corosync-"+argv[1], argv[2:], stdin, stdout, stderr)
		}
	}
	var args []string
	if len(argv) > 1 {
		args = argv[1:]
	}
	return corosyncMain(base, args, stdout, stderr)
}
