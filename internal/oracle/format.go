package oracle

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Run-dependent tokens of corosync's messages (see the corpus README:
// oracle/normalize.sh), each replaced at most once per line.
var (
	tsRe     = regexp.MustCompile(`^(<[0-9]+>)?[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{3})? `)
	prefixRe = regexp.MustCompile(`^<TS> \[[0-9]+\] [^ ]+ corosync `)
	tagRe    = regexp.MustCompile(`corosync\[[0-9]+\]:`)
)

// Normalize replaces, line by line, a leading timestamp (optionally after a
// syslog <PRI>) by <TS>, the log-file prefix "[PID] HOST corosync" by
// "[<PID>] <HOST> corosync", and the first "corosync[PID]:" by
// "corosync[<PID>]:".
func Normalize(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if m := tsRe.FindStringSubmatchIndex(l); m != nil {
			pri := ""
			if m[2] >= 0 {
				pri = l[m[2]:m[3]]
			}
			l = pri + "<TS> " + l[m[1]:]
		}
		if m := prefixRe.FindStringIndex(l); m != nil {
			l = "<TS> [<PID>] <HOST> corosync " + l[m[1]:]
		}
		if m := tagRe.FindStringIndex(l); m != nil {
			l = l[:m[0]] + "corosync[<PID>]:" + l[m[1]:]
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// LogDirs are the directories whose files FormatT lists, in this order.
var LogDirs = []string{"/var/log/corosync/", "/var/log/cluster/"}

// FormatT renders a check's result in the layout of the corpus's
// FILE.t-expected files (unnormalised):
//
//	exit: N
//	--- stdout
//	--- stderr
//	--- logfile /var/log/corosync/NAME   (one block per file in LogDirs)
//	--- syslog                           (one datagram per line)
func FormatT(r Result) string {
	var b strings.Builder
	b.WriteString("exit: " + strconv.Itoa(r.Exit) + "\n")
	b.WriteString("--- stdout\n" + r.Stdout)
	b.WriteString("--- stderr\n" + r.Stderr)
	for _, dir := range LogDirs {
		var names []string
		for p := range r.Logs {
			if strings.HasPrefix(p, dir) && !strings.Contains(p[len(dir):], "/") {
				names = append(names, p)
			}
		}
		sort.Strings(names)
		for _, p := range names {
			b.WriteString("--- logfile " + p + "\n" + r.Logs[p])
		}
	}
	b.WriteString("--- syslog\n")
	for _, m := range r.Syslog {
		b.WriteString(m + "\n")
	}
	return b.String()
}
