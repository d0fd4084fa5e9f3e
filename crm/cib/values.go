package cib

import (
	"fmt"
	"strings"
)

// ParseBool reads a Pacemaker boolean (crm_is_true / crm_str_to_boolean):
// true/on/yes/y/1 and false/off/no/n/0, case-insensitive. ok is false for
// anything else.
func ParseBool(s string) (value, ok bool) {
	switch strings.ToLower(s) {
	case "true", "on", "yes", "y", "1":
		return true, true
	case "false", "off", "no", "n", "0":
		return false, true
	}
	return false, false
}

// ParseInterval reads an interval or timeout specification into
// milliseconds: an integer with optional unit ms/msec, us/usec, s/sec,
// m/min, h/hr (case-insensitive, bare = seconds), or an ISO 8601 duration
// starting with P (PT10S, P1DT2H).
func ParseInterval(s string) (int64, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("empty interval")
	}
	if t[0] == 'P' {
		return parseISODuration(t)
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, fmt.Errorf("invalid interval %q", s)
	}
	var n int64
	for _, c := range t[:i] {
		n = n*10 + int64(c-'0')
		if n > 1<<40 {
			return 0, fmt.Errorf("interval %q too large", s)
		}
	}
	unit := strings.ToLower(strings.TrimSpace(t[i:]))
	switch unit {
	case "", "s", "sec":
		return n * 1000, nil
	case "ms", "msec":
		return n, nil
	case "us", "usec":
		return n / 1000, nil
	case "m", "min":
		return n * 60000, nil
	case "h", "hr":
		return n * 3600000, nil
	}
	return 0, fmt.Errorf("invalid interval %q: unknown unit %q", s, unit)
}

// parseISODuration handles PnYnMnDTnHnMnS with integer fields (years as
// 365 days and months as 30 days, enough for operation intervals).
func parseISODuration(s string) (int64, error) {
	var total int64
	fields := 0
	inTime := false
	num := int64(-1)
	for _, c := range s[1:] {
		switch {
		case c >= '0' && c <= '9':
			if num < 0 {
				num = 0
			}
			num = num*10 + int64(c-'0')
			if num > 1<<40 {
				return 0, fmt.Errorf("interval %q too large", s)
			}
			continue
		case c == 'T':
			if inTime || num >= 0 {
				return 0, fmt.Errorf("invalid ISO 8601 duration %q", s)
			}
			inTime = true
			continue
		}
		if num < 0 {
			return 0, fmt.Errorf("invalid ISO 8601 duration %q", s)
		}
		var unit int64
		switch {
		case c == 'Y' && !inTime:
			unit = 365 * 86400000
		case c == 'M' && !inTime:
			unit = 30 * 86400000
		case c == 'W' && !inTime:
			unit = 7 * 86400000
		case c == 'D' && !inTime:
			unit = 86400000
		case c == 'H' && inTime:
			unit = 3600000
		case c == 'M' && inTime:
			unit = 60000
		case c == 'S' && inTime:
			unit = 1000
		default:
			return 0, fmt.Errorf("invalid ISO 8601 duration %q", s)
		}
		total += num * unit
		fields++
		num = -1
	}
	if num >= 0 || fields == 0 {
		return 0, fmt.Errorf("invalid ISO 8601 duration %q", s)
	}
	return total, nil
}
