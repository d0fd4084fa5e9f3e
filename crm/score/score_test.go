package score

import "testing"

func TestAdd(t *testing.T) {
	cases := []struct{ a, b, want int }{
		{0, 0, 0},
		{1, 2, 3},
		{-5, 3, -2},
		{Infinity, -Infinity, -Infinity},
		{-Infinity, Infinity, -Infinity},
		{Infinity, Infinity, Infinity},
		{Infinity, -999999, Infinity},
		{-Infinity, 999999, -Infinity},
		{600000, 600000, Infinity},
		{-600000, -600000, -Infinity},
		{999999, 1, Infinity},
		{-999999, -1, -Infinity},
		{999999, -1, 999998},
		{2000000, -1, Infinity}, // out-of-range operands count as infinite
		{-2000000, 5, -Infinity},
	}
	for _, c := range cases {
		if got := Add(c.a, c.b); got != c.want {
			t.Errorf("Add(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestSum(t *testing.T) {
	if got := Sum(100, 100, 100); got != 300 {
		t.Errorf("Sum = %d", got)
	}
	if got := Sum(Infinity, 5, -Infinity, Infinity); got != -Infinity {
		t.Errorf("Sum with -INFINITY = %d", got)
	}
	if got := Sum(); got != 0 {
		t.Errorf("empty Sum = %d", got)
	}
}

func TestParse(t *testing.T) {
	cases := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"0", 0},
		{"100", 100},
		{"-100", -100},
		{"+7", 7},
		{"INFINITY", Infinity},
		{"+INFINITY", Infinity},
		{"-INFINITY", -Infinity},
		{"infinity", 0}, // case-sensitive, then no digits
		{"inf", 0},
		{"1000000", Infinity},
		{"1000001", Infinity},
		{"-1000001", -Infinity},
		{"99999999999999999999999", Infinity},
		{"-99999999999999999999999", -Infinity},
		{"12abc", 12},
		{"  42", 42},
		{"abc", 0},
		{"red", -Infinity},
		{"RED", -Infinity},
		{"yellow", 0},
		{"Green", 0},
	}
	for _, c := range cases {
		if got := Parse(c.in); got != c.want {
			t.Errorf("Parse(%q) = %d, want %d", c.in, got, c.want)
		}
	}
	if got := ParseHealth("yellow", Health{Yellow: -10}); got != -10 {
		t.Errorf("ParseHealth yellow = %d", got)
	}
}

func TestParseStrict(t *testing.T) {
	good := map[string]int{"0": 0, "-5": -5, "+5": 5, "INFINITY": Infinity, "+INFINITY": Infinity,
		"-INFINITY": -Infinity, "2000000": Infinity}
	for in, want := range good {
		got, err := ParseStrict(in)
		if err != nil || got != want {
			t.Errorf("ParseStrict(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "abc", "12abc", "inf", "Infinity", " 5", "5 ", "red", "-", "+"} {
		if _, err := ParseStrict(in); err == nil {
			t.Errorf("ParseStrict(%q) accepted", in)
		}
	}
}

func TestString(t *testing.T) {
	cases := map[int]string{0: "0", 5: "5", -5: "-5", Infinity: "INFINITY", -Infinity: "-INFINITY",
		Infinity + 1: "INFINITY", -Infinity - 7: "-INFINITY", 999999: "999999"}
	for in, want := range cases {
		if got := String(in); got != want {
			t.Errorf("String(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestClamp(t *testing.T) {
	if Clamp(1<<50) != Infinity || Clamp(-(1<<50)) != -Infinity || Clamp(12) != 12 {
		t.Error("Clamp")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "INFINITY", "-INFINITY", "+INFINITY", "12", "-3x", "red", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := Parse(s)
		if v > Infinity || v < -Infinity {
			t.Fatalf("Parse(%q) = %d out of range", s, v)
		}
		if sv, err := ParseStrict(s); err == nil {
			if sv != v {
				t.Fatalf("ParseStrict(%q)=%d but Parse=%d", s, sv, v)
			}
			if back := Parse(String(sv)); back != sv {
				t.Fatalf("round trip of %d gave %d", sv, back)
			}
		}
	})
}
