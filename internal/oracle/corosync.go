package oracle

import (
	"context"
	"fmt"
	"time"
)

// CheckTArgv is Oracle 1: corosync's own config check.
var CheckTArgv = []string{"corosync", "-t", "-c", ConfPath}

// DaemonArgv is Oracle 2's daemon, in the foreground.
var DaemonArgv = []string{"corosync", "-f", "-c", ConfPath}

// CmapctlArgv dumps the whole default cmap map of the running daemon.
var CmapctlArgv = []string{"corosync-cmapctl"}

// DumpPrefixes are the prefixes RunDaemon dumps with `corosync-cmapctl -b`.
var DumpPrefixes = []string{"totem.", "nodelist.", "quorum.", "logging.", "uidgid.", "runtime.config.totem."}

// CheckT runs argv (nil: CheckTArgv) once in a box.
func CheckT(ctx context.Context, b Box, argv []string) (Result, error) {
	if argv == nil {
		argv = CheckTArgv
	}
	rs, err := Run(ctx, b, Step{Argv: argv})
	if err != nil {
		return Result{}, err
	}
	return rs[0], nil
}

// Dump is what RunDaemon saw.
type Dump struct {
	// Ready: the daemon answered with runtime.members. before its bound.
	Ready bool
	// Daemon is how the daemon ended after SIGTERM (its Exit, Stderr,
	// Syslog, Logs; Killed if SIGKILL was needed).
	Daemon Result
	// Full is `corosync-cmapctl` once two dumps in a row were identical.
	Full string
	// ByPrefix maps each of DumpPrefixes to the output of
	// `corosync-cmapctl -b PREFIX`, and PrefixExit to its exit status
	// (corosync-cmapctl exits 1 with no output when no key matches).
	ByPrefix   map[string]string
	PrefixExit map[string]int
	// Elapsed is the wall time of the whole box.
	Elapsed time.Duration
}

// RunDaemon is Oracle 2 for the real corosync.
func RunDaemon(ctx context.Context, b Box) (Dump, error) {
	return RunDaemonWith(ctx, b, DaemonArgv, CmapctlArgv)
}

// RunDaemonWith starts daemon in a box, waits (at most 20 s, polling
// cmapctl+"runtime.members.") until the local node is a member, waits for
// two identical full dumps in a row (at most 10 s), dumps cmapctl+"-b P"
// for every P in DumpPrefixes, then stops the daemon (SIGTERM, SIGKILL after
// 5 s). The daemon's failure to come up is reported in Dump (Ready false),
// not as an error.
func RunDaemonWith(ctx context.Context, b Box, daemon, cmapctl []string) (Dump, error) {
	with := func(extra ...string) []string {
		return append(append([]string(nil), cmapctl...), extra...)
	}
	steps := []Step{
		{Argv: daemon, Background: true, StopGrace: 5 * time.Second},
		{Argv: with("runtime.members."), Until: UntilOutput, Timeout: 20 * time.Second},
		{Argv: with(), Until: UntilStable, Timeout: 10 * time.Second},
	}
	for _, p := range DumpPrefixes {
		steps = append(steps, Step{Argv: with("-b", p)})
	}
	start := time.Now()
	rs, err := Run(ctx, b, steps...)
	if err != nil {
		return Dump{}, err
	}
	d := Dump{Daemon: rs[0], Elapsed: time.Since(start)}
	if rs[1].Exit != 0 || rs[1].TimedOut || rs[1].Skipped || rs[2].Exit != 0 || rs[2].TimedOut {
		return d, nil
	}
	d.Ready = true
	d.Full = rs[2].Stdout
	d.ByPrefix, d.PrefixExit = map[string]string{}, map[string]int{}
	for i, p := range DumpPrefixes {
		r := rs[3+i]
		if r.Skipped || r.TimedOut || r.Err != "" {
			return d, fmt.Errorf("oracle: %q did not run: %s%s", r.Argv, r.Err, r.Stderr)
		}
		d.ByPrefix[p], d.PrefixExit[p] = r.Stdout, r.Exit
	}
	return d, nil
}
