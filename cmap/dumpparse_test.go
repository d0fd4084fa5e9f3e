package cmap

import (
	"math"
	"strings"
	"testing"
)

func TestParseDumpLineValid(t *testing.T) {
	for _, c := range []struct {
		line     string
		key      string
		v        Value
		hasValue bool
	}{
		{"runtime.members.1.ip (str) = r(0) ip(10.213.0.1) ", "runtime.members.1.ip", Str("r(0) ip(10.213.0.1) "), true},
		{"a.b (str) = ", "a.b", Str(""), true},
		{"a.b (str) = x (u8) = 5", "a.b", Str("x (u8) = 5"), true},
		{"a.b (u8) = 0", "a.b", U8(0), true},
		{"a.b (i8) = -128", "a.b", I8(-128), true},
		{"a.b (u64) = 18446744073709551615", "a.b", U64(math.MaxUint64), true},
		{"a.b (i64) = -9223372036854775808", "a.b", I64(math.MinInt64), true},
		{"a.b (dbl) = 0.000000", "a.b", Dbl(0), true},
		{"a.b (dbl) = -0.000000", "a.b", Dbl(math.Copysign(0, -1)), true},
		{"a.b (flt) = 1.500000", "a.b", Flt(1.5), true},
		{"a.b (dbl) = inf", "a.b", Dbl(math.Inf(1)), true},
		{"a.b (dbl) = -inf", "a.b", Dbl(math.Inf(-1)), true},
		{"a.b (bin)", "a.b", Bin(nil), false},
		{"a.b (bin) = ", "a.b", Bin(nil), true},
		{`a.b (bin) = a\\b\x00\x7F\xFFFFFF80*empty*`, "a.b", Bin([]byte("a\\b\x00\x7f\x80*empty*")), true},
	} {
		d, err := ParseDumpLine(c.line)
		if err != nil {
			t.Errorf("%q: %v", c.line, err)
			continue
		}
		if d.Key != c.key || d.Value != c.v || d.HasValue != c.hasValue {
			t.Errorf("%q: got %+v", c.line, d)
		}
		opt := PrintOptions{Binary: d.HasValue}
		if got := string(AppendKey(nil, d.Key, d.Value, opt)); got != c.line+"\n" {
			t.Errorf("%q: reprints as %q", c.line, got)
		}
	}
	// NaN: compare by print, not ==
	for _, s := range []string{"a.b (dbl) = nan", "a.b (dbl) = -nan", "a.b (flt) = nan", "a.b (flt) = -nan"} {
		d, err := ParseDumpLine(s)
		if err != nil || string(AppendKey(nil, d.Key, d.Value, PrintOptions{})) != s+"\n" {
			t.Errorf("%q: %v %+v", s, err, d)
		}
	}
}

func TestParseDumpLineInvalid(t *testing.T) {
	for _, line := range []string{
		"",
		"a.b",
		"a.b (u8)",
		"a.b (u8) =",
		"a.b (u8) = ",
		"a.b (u8)= 5",
		"a.b  (u8) = 5",
		"a.b (u8) = 256",
		"a.b (u8) = -1",
		"a.b (u8) = +1",
		"a.b (u8) = 01",
		"a.b (i8) = -0",
		"a.b (i8) = 1 ",
		"a.b (u32) = 1e3",
		"a.b (x32) = 1",
		"a.b (U8) = 1",
		"a.b (u8 = 1",
		"ab (u8) = 1",
		"a b (u8) = 1",
		"a\tb (u8) = 1",
		"a.b (str) = a\x00b",
		"a.b (dbl) = 1.5",
		"a.b (dbl) = 1.5000000",
		"a.b (dbl) = .500000",
		"a.b (dbl) = +1.500000",
		"a.b (dbl) = 1e5",
		"a.b (dbl) = NaN",
		"a.b (dbl) = Inf",
		"a.b (dbl) = infinity",
		"a.b (dbl) = --1.000000",
		"a.b (dbl) = 1_0.000000",
		"a.b (dbl) = 0.1234567",
		// a decimal no double prints as (nearest double is 1e21 exactly)
		"a.b (dbl) = 1000000000000000000001.000000",
		"a.b (flt) = 16777217.000000",
		"a.b (flt) = 1000000000000000000000000000000000000000.000000",
		"a.b (bin) = \\x41",
		"a.b (bin) = \\x0a",
		"a.b (bin) = \\x80",
		"a.b (bin) = \\xFFFFFF7F",
		"a.b (bin) = \\xffffff80",
		"a.b (bin) = \\",
		"a.b (bin) = \\n",
		"a.b (bin) = \x01",
		"a.b (bin) = \x80",
		"a.b (bin) x",
	} {
		if d, err := ParseDumpLine(line); err == nil {
			t.Errorf("%q accepted: %+v", line, d)
		}
	}
}

func TestParseDump(t *testing.T) {
	good := "a.a (u8) = 1\na.b (str) = x\n"
	lines, err := ParseDump(strings.NewReader(good), "f")
	if err != nil || len(lines) != 2 {
		t.Fatalf("%v %v", lines, err)
	}
	for _, c := range []struct{ in, msg string }{
		{"a.a (u8) = 1\na.b (u8) = x\n", "f:2: "},
		{"a.b (u8) = 1\na.a (u8) = 1\n", "f:2: key \"a.a\" out of order"},
		{"a.a (u8) = 1\na.a (u8) = 1\n", "f:2: key \"a.a\" out of order"},
	} {
		_, err := ParseDump(strings.NewReader(c.in), "f")
		if err == nil || !strings.HasPrefix(err.Error(), c.msg) {
			t.Errorf("%q: %v", c.in, err)
		}
	}
}
