package cmap

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// DumpLine is one parsed corosync-cmapctl output line.
type DumpLine struct {
	Key   string
	Value Value
	// HasValue is false for a bin line printed without -b ("key (bin)"):
	// Value is then an empty bin and the real content is unknown.
	HasValue bool
}

// ParseDumpLine parses one line of corosync-cmapctl output (no trailing
// newline) as printed by AppendKey without Quiet. It is strict: it accepts
// only text our printer (and the real tool) can produce, so that printing the
// result gives the line back byte for byte. The line may come from a dump
// with or without -b.
func ParseDumpLine(line string) (DumpLine, error) {
	var d DumpLine
	sp := strings.IndexByte(line, ' ')
	if sp < 0 {
		return d, errors.New("missing \" (type)\" after key")
	}
	d.Key = line[:sp]
	if err := CheckKeyName(d.Key); err != nil {
		return d, fmt.Errorf("key %q: %w", d.Key, err)
	}
	rest := line[sp:]
	if !strings.HasPrefix(rest, " (") {
		return d, errors.New("missing \" (type)\" after key")
	}
	rest = rest[2:]
	cl := strings.IndexByte(rest, ')')
	if cl < 0 {
		return d, errors.New("unterminated \"(type\"")
	}
	t, err := ParseType(rest[:cl])
	if err != nil {
		return d, err
	}
	rest = rest[cl+1:]
	if t == Binary && rest == "" {
		d.Value = Bin(nil)
		return d, nil
	}
	if !strings.HasPrefix(rest, " = ") {
		return d, fmt.Errorf("missing \" = \" after (%s)", t)
	}
	d.Value, err = ParseDumpValue(t, rest[3:])
	if err != nil {
		return d, err
	}
	d.HasValue = true
	return d, nil
}

// ParseDumpValue parses the text corosync-cmapctl prints for a value of type
// t (what follows " = ", or a whole -q line except for bin), strictly.
func ParseDumpValue(t Type, s string) (Value, error) {
	switch {
	case t.Integer():
		return parseDumpInt(t, s)
	case t == Float || t == Double:
		return parseDumpFloat(t, s)
	case t == String:
		if strings.ContainsAny(s, "\x00\n") {
			return Value{}, errors.New("str value contains NUL or newline")
		}
		if len(s) > MaxValueLen {
			return Value{}, ErrValueTooLong
		}
		return Str(s), nil
	case t == Binary:
		return parseDumpBinary(s)
	}
	return Value{}, fmt.Errorf("invalid value type %d", t)
}

// parseDumpInt accepts only canonical decimal: no sign on unsigned types,
// no '+', no leading zeros, no "-0", in range for t.
func parseDumpInt(t Type, s string) (Value, error) {
	digits := s
	if t.Signed() && strings.HasPrefix(s, "-") {
		digits = s[1:]
	}
	if digits == "" || (digits[0] == '0' && len(digits) > 1) || s == "-0" {
		return Value{}, fmt.Errorf("%q is not a canonical %s", s, t)
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return Value{}, fmt.Errorf("%q is not a canonical %s", s, t)
		}
	}
	bits := t.Size() * 8
	if t.Signed() {
		n, err := strconv.ParseInt(s, 10, bits)
		if err != nil {
			return Value{}, fmt.Errorf("%q is out of range for %s", s, t)
		}
		return Value{typ: t, u: uint64(n)}, nil
	}
	n, err := strconv.ParseUint(s, 10, bits)
	if err != nil {
		return Value{}, fmt.Errorf("%q is out of range for %s", s, t)
	}
	return Value{typ: t, u: n}, nil
}

// parseDumpFloat accepts "nan", "-nan", "inf", "-inf" and "%f" decimals that
// some flt/dbl value prints as exactly.
func parseDumpFloat(t Type, s string) (Value, error) {
	neg := strings.HasPrefix(s, "-")
	var f float64
	switch strings.TrimPrefix(s, "-") {
	case "nan":
		f = math.NaN()
	case "inf":
		f = math.Inf(1)
	default:
		// strconv would take "1e5", "0x1p3", "Inf", "1_0"...: require
		// digits '.' six digits first.
		dot := strings.IndexByte(s, '.')
		intPart := strings.TrimPrefix(s[:max(dot, 0)], "-")
		if dot < 0 || len(s)-dot != 7 || intPart == "" || !allDigits(intPart) || !allDigits(s[dot+1:]) {
			return Value{}, fmt.Errorf("%q is not a %%f-formatted %s", s, t)
		}
		bits := 64
		if t == Float {
			bits = 32
		}
		var err error
		f, err = strconv.ParseFloat(s, bits)
		if err != nil {
			return Value{}, fmt.Errorf("%q is not a representable %s", s, t)
		}
	}
	var v Value
	if t == Float {
		bits := math.Float32bits(float32(f))
		if neg {
			bits |= 1 << 31 // also for "-nan", which float negation may not mark
		}
		v = Value{typ: Float, u: uint64(bits)}
	} else {
		if neg {
			f = math.Copysign(f, -1)
		}
		v = Dbl(f)
	}
	if got := string(AppendValue(nil, v)); got != s {
		return Value{}, fmt.Errorf("%q is not how any %s prints (nearest prints as %q)", s, t, got)
	}
	return v, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseDumpBinary undoes appendBinary; it rejects escapes the printer would
// not produce (\x41 for 'A', \x80 without the sign extension, lower-case hex).
func parseDumpBinary(s string) (Value, error) {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' {
			if c < 0x20 || c >= 0x7f {
				return Value{}, fmt.Errorf("bin value: raw byte 0x%02x at %d", c, i)
			}
			out = append(out, c)
			i++
			continue
		}
		switch {
		case strings.HasPrefix(s[i:], `\\`):
			out = append(out, '\\')
			i += 2
		case strings.HasPrefix(s[i:], `\xFFFFFF`):
			b, ok := upperHexByte(s[i+8:])
			if !ok || b < 0x80 {
				return Value{}, fmt.Errorf("bin value: bad escape at %d", i)
			}
			out = append(out, b)
			i += 10
		case strings.HasPrefix(s[i:], `\x`):
			b, ok := upperHexByte(s[i+2:])
			if !ok || (b >= 0x20 && b != 0x7f) {
				return Value{}, fmt.Errorf("bin value: bad escape at %d", i)
			}
			out = append(out, b)
			i += 4
		default:
			return Value{}, fmt.Errorf("bin value: bad escape at %d", i)
		}
	}
	if len(out) > MaxValueLen {
		return Value{}, ErrValueTooLong
	}
	return Bin(out), nil
}

func upperHexByte(s string) (byte, bool) {
	if len(s) < 2 {
		return 0, false
	}
	var b byte
	for _, c := range []byte(s[:2]) {
		switch {
		case c >= '0' && c <= '9':
			b = b<<4 | (c - '0')
		case c >= 'A' && c <= 'F':
			b = b<<4 | (c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return b, true
}

// ParseDump parses a whole corosync-cmapctl dump (no -q). name is used in
// errors, which read "name:line: ...". Keys must be in strictly increasing
// order, as a dump without prefixes prints them.
func ParseDump(r io.Reader, name string) ([]DumpLine, error) {
	var out []DumpLine
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	n := 0
	for sc.Scan() {
		n++
		d, err := ParseDumpLine(sc.Text())
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		if len(out) > 0 && out[len(out)-1].Key >= d.Key {
			return nil, fmt.Errorf("%s:%d: key %q out of order after %q", name, n, d.Key, out[len(out)-1].Key)
		}
		out = append(out, d)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, n+1, err)
	}
	return out, nil
}

// DumpToMap loads parsed dump lines into a new Map (bin lines without a value
// become empty bins).
func DumpToMap(lines []DumpLine) (*Map, error) {
	m := New()
	for _, d := range lines {
		if err := m.Set(d.Key, d.Value); err != nil {
			return nil, fmt.Errorf("%s: %w", d.Key, err)
		}
	}
	return m, nil
}
