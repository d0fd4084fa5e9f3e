package corotool

import (
	"fmt"
	"strconv"
	"strings"
)

// opt is one option getopt returned: its letter (or long name) and
// argument.
type opt struct {
	c    byte   // short letter; 0 for a long option without one
	long string // long option name when given in long form
	arg  string
}

type longOpt struct {
	name   string
	hasArg bool
	short  byte // 0: no short equivalent
}

// getopt walks args like GNU getopt_long with permutation: options may
// follow operands, "--" ends options, short options cluster ("-sb"),
// arguments attach ("-e3") or follow ("-e 3"), long options may be
// abbreviated when unambiguous. It stops at the first error and returns
// the options seen before it plus the message GNU getopt would print.
func getopt(prog string, args []string, spec string, longs []longOpt) ([]opt, string) {
	opts, _, msg := getoptOperands(prog, args, spec, longs)
	return opts, msg
}

// getoptOperands is getopt that also returns the operands, in order (what
// GNU getopt leaves in argv[optind:] after permuting).
func getoptOperands(prog string, args []string, spec string, longs []longOpt) ([]opt, []string, string) {
	takes := func(c byte) (known, hasArg bool) {
		i := strings.IndexByte(spec, c)
		if i < 0 || c == ':' {
			return false, false
		}
		return true, i+1 < len(spec) && spec[i+1] == ':'
	}
	var out []opt
	var operands []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			operands = append(operands, args[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "--") && longs != nil {
			name, val, hasVal := strings.Cut(a[2:], "=")
			lo, msg := matchLong(prog, name, longs)
			if msg != "" {
				return out, operands, msg
			}
			switch {
			case !lo.hasArg && hasVal:
				return out, operands, fmt.Sprintf("%s: option '--%s' doesn't allow an argument\n", prog, lo.name)
			case lo.hasArg && !hasVal:
				if i+1 >= len(args) {
					return out, operands, fmt.Sprintf("%s: option '--%s' requires an argument\n", prog, lo.name)
				}
				i++
				val = args[i]
			}
			out = append(out, opt{c: lo.short, long: lo.name, arg: val})
			continue
		}
		if len(a) < 2 || a[0] != '-' {
			operands = append(operands, a) // permuted to the end
			continue
		}
		for j := 1; j < len(a); j++ {
			c := a[j]
			known, hasArg := takes(c)
			if !known {
				return out, operands, fmt.Sprintf("%s: invalid option -- '%c'\n", prog, c)
			}
			if !hasArg {
				out = append(out, opt{c: c})
				continue
			}
			val := a[j+1:]
			if val == "" {
				if i+1 >= len(args) {
					return out, operands, fmt.Sprintf("%s: option requires an argument -- '%c'\n", prog, c)
				}
				i++
				val = args[i]
			}
			out = append(out, opt{c: c, arg: val})
			break
		}
	}
	return out, operands, ""
}

func matchLong(prog, name string, longs []longOpt) (longOpt, string) {
	var hits []longOpt
	for _, l := range longs {
		if l.name == name {
			return l, ""
		}
		if strings.HasPrefix(l.name, name) {
			hits = append(hits, l)
		}
	}
	switch len(hits) {
	case 1:
		return hits[0], ""
	case 0:
		return longOpt{}, fmt.Sprintf("%s: unrecognized option '--%s'\n", prog, name)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: option '--%s' is ambiguous; possibilities:", prog, name)
	for _, h := range hits {
		fmt.Fprintf(&b, " '--%s'", h.name)
	}
	b.WriteString("\n")
	return longOpt{}, b.String()
}

// strtonum is corosync's util_strtonum: a whole base-10 number (strtoll
// syntax: leading space, sign) within [lo, hi]; empty is invalid.
func strtonum(s string, lo, hi int64) (int64, bool) {
	t := strings.TrimLeft(s, " \t\n\v\f\r")
	if t == "" {
		return 0, false
	}
	v, err := strconv.ParseInt(strings.TrimPrefix(t, "+"), 10, 64)
	if err != nil || strings.HasPrefix(t, "+-") || strings.HasPrefix(t, "+") && len(t) > 1 && t[1] == '+' {
		return 0, false
	}
	if v < lo || v > hi {
		return 0, false
	}
	return v, true
}

// Result is what a tool would do instead of its normal work: print and
// exit (help, version, usage errors).
type Result struct {
	Stdout, Stderr string
	Exit           int
}
