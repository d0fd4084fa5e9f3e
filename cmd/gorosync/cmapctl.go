package main

import (
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/coroconf"
)

// cmapctl is corosync-cmapctl. With --from-config FILE it works on the keys
// the daemon would load from FILE instead of a running daemon, so users can
// debug a config before deploying it.
func cmapctl(prog string, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet(prog, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SetInterspersed(true)
	var (
		showBin    = fs.BoolP("binary", "b", false, "show binary values")
		get        = fs.BoolP("get", "g", false, "get keys")
		quiet      = fs.BoolP("quiet", "q", false, "print only values")
		mapName    = fs.StringP("map", "m", "icmap", "map to use (icmap or stats)")
		fromConfig = fs.String("from-config", "", "load keys from this corosync.conf instead of a running daemon")
		help       = fs.BoolP("help", "h", false, "show help")
		// Mutating and tracking actions need a running daemon.
		set     = fs.BoolP("set", "s", false, "set key")
		del     = fs.BoolP("delete", "d", false, "delete keys")
		delPfx  = fs.BoolP("delete-prefix", "D", false, "delete keys with prefix")
		track   = fs.BoolP("track", "t", false, "track a key")
		trackP  = fs.BoolP("track-prefix", "T", false, "track a prefix")
		load    = fs.StringP("load", "p", "", "load settings from a file")
		clearSt = fs.StringP("clear", "C", "", "clear stats")
	)
	if err := fs.Parse(args); err != nil {
		return 1
	}
	if *help {
		fmt.Fprintf(stdout, "usage:  %s [-b] [-DdghsqTCt] [-p filename] [-m map] [--from-config file] [params...]\n", prog)
		return 0
	}
	params := fs.Args()
	if *fromConfig == "" {
		// The IPC client arrives with the daemon; until then say what corosync-cmapctl
		// says when no daemon answers.
		fmt.Fprintln(stderr, "Failed to initialize the cmap API. Error CS_ERR_LIBRARY")
		return 1
	}
	if *set || *del || *delPfx || *track || *trackP || *load != "" || *clearSt != "" {
		fmt.Fprintf(stderr, "%s: --from-config is read-only: only printing (-g, prefixes) is possible\n", prog)
		return 1
	}
	if *mapName != "icmap" && *mapName != "default" {
		fmt.Fprintf(stderr, "%s: --from-config has only the icmap map\n", prog)
		return 1
	}
	if !*get && len(params) == 0 && *quiet {
		fmt.Fprintln(stderr, "Expected key after options")
		return 1
	}

	res := coroconf.Load(*fromConfig, hostEnv())
	if res.Fatal != nil {
		// The same verdict corosync -t gives, on stderr, and its status.
		fmt.Fprintln(stderr, res.Fatal.Text)
		return res.Exit
	}
	m := res.Map
	opt := cmap.PrintOptions{Binary: *showBin, Quiet: *quiet}

	if *get {
		if len(params) == 0 {
			fmt.Fprintln(stderr, "Expected key after options")
			return 1
		}
		// Like 3.1.7, stop at the first key that cannot be read.
		for _, key := range params {
			v, ok := m.Get(key)
			if !ok {
				fmt.Fprintf(stderr, "Can't get key %s. Error CS_ERR_NOT_EXIST\n", key)
				return 1
			}
			cmap.PrintKey(stdout, key, v, opt)
		}
		return 0
	}
	n, err := cmap.Dump(stdout, m, params, opt)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if n == 0 && len(params) > 0 {
		return 1
	}
	return 0
}
