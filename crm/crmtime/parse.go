package crmtime

import (
	"fmt"
	"strings"
)

// scanInt reads what C's sscanf %d reads: optional white space, an
// optional sign and at least one digit (width > 0 limits the characters,
// sign included). It returns the value (clamped like strtol, then
// truncated to int) and the bytes consumed, or ok=false.
func scanInt(s string, width int) (v int32, n int, ok bool) {
	i := 0
	if width <= 0 {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
	} else {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
	}
	start := i
	limit := len(s)
	if width > 0 && start+width < limit {
		limit = start + width
	}
	neg := false
	if i < limit && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	digits := i
	var acc int64
	for i < limit && s[i] >= '0' && s[i] <= '9' {
		if acc < 1<<62 {
			acc = acc*10 + int64(s[i]-'0')
		}
		i++
	}
	if i == digits {
		return 0, 0, false
	}
	if neg {
		acc = -acc
	}
	return int32(acc), i, true
}

func isSpace(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') }

// scanf matches s against a format made of %d (optionally with a width,
// as "%2d") and literal characters, returning the values converted before
// the first mismatch, like sscanf's return count. eof reports sscanf's EOF
// (input exhausted before the first conversion).
func scanf(s, format string) (vals []int32, eof bool) {
	pos := 0
	for f := 0; f < len(format); f++ {
		if format[f] != '%' {
			if pos >= len(s) {
				return vals, len(vals) == 0
			}
			if s[pos] != format[f] {
				return vals, false
			}
			pos++
			continue
		}
		width := 0
		f++
		for format[f] >= '0' && format[f] <= '9' {
			width = width*10 + int(format[f]-'0')
			f++
		}
		rest := strings.TrimLeft(s[pos:], " \t\n\v\f\r")
		if rest == "" {
			return vals, len(vals) == 0
		}
		v, n, ok := scanInt(s[pos:], width)
		if !ok {
			return vals, false
		}
		vals = append(vals, v)
		pos += n
	}
	return vals, false
}

// parseSec is crm_time_parse_sec: "hh[:mm[:ss]]" or "hhmmss".
func parseSec(s string) (int32, error) {
	var h, m, sec int32
	vals, eof := scanf(s, "%d:%d:%d")
	if len(vals) == 1 {
		vals, eof = scanf(s, "%2d%2d%2d")
	}
	if len(vals) == 0 && !eof {
		return 0, fmt.Errorf("%q is not a valid ISO 8601 time specification", s)
	}
	for i, v := range vals {
		switch i {
		case 0:
			h = v
		case 1:
			m = v
		case 2:
			sec = v
		}
	}
	// The C variables are unsigned: negative values are huge.
	uh, um, us := uint32(h), uint32(m), uint32(sec)
	if !(uh == 24 && um == 0 && us == 0) && uh >= 24 {
		return 0, fmt.Errorf("%q is not a valid ISO 8601 time specification because %d is not a valid hour", s, h)
	}
	if um >= 60 {
		return 0, fmt.Errorf("%q is not a valid ISO 8601 time specification because %d is not a valid minute", s, m)
	}
	if us >= 60 {
		return 0, fmt.Errorf("%q is not a valid ISO 8601 time specification because %d is not a valid second", s, sec)
	}
	return int32(uh*hourSeconds + um*60 + us), nil
}

// parseOffset is crm_time_parse_offset; has=false means "the local
// offset".
func parseOffset(s string, has bool, local int32) (int32, error) {
	if !has {
		return local, nil
	}
	if s != "" && s[0] == 'Z' {
		return 0, nil
	}
	if s == "" || !(s[0] == '+' || s[0] == '-' || (s[0] >= '0' && s[0] <= '9')) {
		return 0, nil
	}
	neg := s[0] == '-'
	if s[0] == '+' || s[0] == '-' {
		s = s[1:]
	}
	off, err := parseSec(s)
	if err != nil {
		return 0, err
	}
	if neg {
		off = -off
	}
	return off, nil
}

// parseTimeOfDay is crm_time_parse: the part after the date.
func (t *Time) parseTimeOfDay(s string, local int32) error {
	sec, err := parseSec(s)
	if err != nil {
		return err
	}
	t.Seconds = sec
	off, has := "", false
	if i := strings.IndexByte(s, 'Z'); i >= 0 {
		off, has = s[i:], true
	} else if i := strings.IndexByte(s, ' '); i >= 0 {
		off, has = strings.TrimLeft(s[i:], " \t\n\v\f\r"), true
	}
	if t.Offset, err = parseOffset(off, has, local); err != nil {
		return err
	}
	if t.Seconds == daySeconds {
		t.Seconds = 0
		t.addDays(1)
	}
	return nil
}

// ParseDate is crm_time_new(s) (parse_date): "YYYY-MM-DD", "YYYYMMDD",
// "YYYY-DDD" or "YYYY-Www-D", optionally followed by " " or "T" and a time
// "hh:mm:ss" with "Z", " +hh:mm" or nothing (local); a time alone (taking
// now's date); or "epoch". local is the local UTC offset in seconds,
// now the current time (only used for a time without a date).
func ParseDate(s string, local int32, now Time) (Time, error) {
	invalid := func(why string) (Time, error) {
		if why == "" {
			return Time{}, fmt.Errorf("%q is not a valid ISO 8601 date/time specification", s)
		}
		return Time{}, fmt.Errorf("%q is not a valid ISO 8601 date/time specification because %s", s, why)
	}
	if s == "" {
		return Time{}, fmt.Errorf("no ISO 8601 date/time specification given")
	}
	var dt Time
	timeS, haveTime := "", false
	if s[0] == 'T' || (len(s) > 2 && s[2] == ':') {
		dt = now
		timeS, haveTime = s, true
		if s[0] == 'T' {
			timeS = s[1:]
		}
	} else {
		if len(s) >= 5 && strings.EqualFold(s[:5], "epoch") && (len(s) == 5 || s[5] == '/' || isSpace(s[5])) {
			return Time{Years: 1970, Days: 1}, nil
		}
		vals, _ := scanf(s, "%d-%d-%d")
		if len(vals) == 1 {
			vals, _ = scanf(s, "%4d%2d%2d")
		}
		switch {
		case len(vals) == 3:
			y, m, d := vals[0], vals[1], vals[2]
			if m > 12 {
				return invalid(fmt.Sprintf("'%d' is not a valid month", m))
			}
			if d > daysInMonth(m, y) {
				return invalid(fmt.Sprintf("'%d' is not a valid day of the month", d))
			}
			dt.Years = y
			dt.Days = ordinalDays(y, uint32(m), uint32(d))
		default:
			if v, _ := scanf(s, "%d-%d"); len(v) == 2 {
				if v[1] > yearDays(v[0]) {
					return invalid(fmt.Sprintf("'%d' is not a valid day of the year (max %d)", v[1], yearDays(v[0])))
				}
				dt.Years, dt.Days = v[0], v[1]
				break
			}
			v, _ := scanf(s, "%d-W%d-%d")
			if len(v) != 3 {
				return invalid("")
			}
			y, w, d := v[0], v[1], v[2]
			if w > weeksInYear(y) {
				return invalid(fmt.Sprintf("'%d' is not a valid week of the year (max %d)", w, weeksInYear(y)))
			}
			if d < 1 || d > 7 {
				return invalid(fmt.Sprintf("'%d' is not a valid day of the week", d))
			}
			jan1 := january1Weekday(y)
			dt.Years = y
			dt.addDays((w - 1) * 7)
			if jan1 <= 4 {
				dt.addDays(1 - jan1)
			} else {
				dt.addDays(8 - jan1)
			}
			dt.addDays(d)
		}
		rest := strings.TrimLeft(s, "0123456789-W")
		if rest != "" && (rest[0] == ' ' || rest[0] == 'T') {
			timeS, haveTime = rest[1:], true
		}
	}
	if haveTime {
		if err := dt.parseTimeOfDay(timeS, local); err != nil {
			return Time{}, fmt.Errorf("%q: %w", s, err)
		}
	}
	if !dt.Check() {
		return invalid("")
	}
	return dt, nil
}

// january1Weekday is crm_time_january1_weekday (Monday = 1).
func january1Weekday(y int32) int32 {
	yy := (y - 1) % 100
	c := (y - 1) - yy
	g := yy + yy/4
	return 1 + ((((c/100)%4)*5)+g)%7
}

func weeksInYear(y int32) int32 {
	if january1Weekday(y) == 4 || january1Weekday(y+1) == 5 {
		return 53
	}
	return 52
}

// ParseDuration is crm_time_parse_duration: "P" then numbers with units
// Y, M (months before "T", minutes after), W, D, H, S in any order; "T"
// only switches M to minutes. Y and M replace, the others add up. The
// string ends at the end, "/" or white space.
func ParseDuration(s string) (Time, error) {
	if s == "" {
		return Time{}, fmt.Errorf("no ISO 8601 time duration given")
	}
	if s[0] != 'P' {
		return Time{}, fmt.Errorf("%q is not a valid ISO 8601 time duration because it does not start with a 'P'", s)
	}
	if len(s) == 1 || isSpace(s[1]) {
		return Time{}, fmt.Errorf("%q is not a valid ISO 8601 time duration because nothing follows 'P'", s)
	}
	d := Time{Duration: true}
	isTime := false
	for i := 1; i < len(s) && s[i] != '/' && !isSpace(s[i]); i++ {
		if s[i] == 'T' {
			isTime = true
			continue
		}
		v, n := durationInt(s[i:])
		if n == 0 {
			return Time{}, fmt.Errorf("%q is not a valid ISO 8601 time duration because no integer at '%s'", s, s[i:])
		}
		i += n
		if i >= len(s) {
			return Time{}, fmt.Errorf("%q is not a valid ISO 8601 time duration because no units after %d", s, v)
		}
		switch s[i] {
		case 'Y':
			d.Years = v
		case 'M':
			if isTime {
				d.Seconds += v * 60
			} else {
				d.Months = v
			}
		case 'W':
			d.Days += v * 7
		case 'D':
			d.Days += v
		case 'H':
			d.Seconds += v * hourSeconds
		case 'S':
			d.Seconds += v
		default:
			return Time{}, fmt.Errorf("%q is not a valid ISO 8601 time duration because '%c' is not a valid time unit", s, s[i])
		}
	}
	return d, nil
}

// durationInt is the duration parser's parse_int: an optional sign ("-",
// "+" or ":"), up to 10 digits; a fraction (".5", ",5") is consumed but
// counts as 0. n = 0 means no number.
func durationInt(s string) (v int32, n int) {
	i := 0
	fraction, neg := false, false
	switch {
	case i < len(s) && (s[i] == '.' || s[i] == ','):
		fraction = true
		i++
	case i < len(s) && s[i] == '-':
		neg = true
		i++
	case i < len(s) && (s[i] == '+' || s[i] == ':'):
		i++
	}
	digits := 0
	for i < len(s) && (fraction || digits < 10) && s[i] >= '0' && s[i] <= '9' {
		if !fraction {
			v = v*10 + int32(s[i]-'0')
		}
		i++
		digits++
	}
	if fraction {
		v = 0
	}
	if neg {
		v = -v
	}
	if digits == 0 {
		return 0, 0
	}
	return v, i
}
