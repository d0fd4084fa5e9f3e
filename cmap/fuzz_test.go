package cmap

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func FuzzDecode(f *testing.F) {
	for _, v := range []Value{I8(-1), U8(2), I16(-3), U16(4), I32(-5), U32(6), I64(-7), U64(8),
		Flt(1.5), Dbl(-2.5), Str("abc"), Str(""), Bin([]byte{0, 1, 2}), Bin(nil)} {
		f.Add(uint8(v.Type()), v.Encode())
	}
	f.Add(uint8(11), []byte("no nul"))
	f.Add(uint8(0), []byte{})
	f.Add(uint8(13), []byte{1})
	f.Add(uint8(6), []byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, typ uint8, b []byte) {
		v, err := Decode(Type(typ), b)
		if err != nil {
			if Type(typ).Valid() && Type(typ).Size() == len(b) {
				t.Fatalf("valid input rejected: %v", err)
			}
			return
		}
		if v.Type() != Type(typ) {
			t.Fatalf("type %v, want %d", v.Type(), typ)
		}
		enc := v.Encode()
		want := b
		if v.Type() == String && (len(b) == 0 || b[len(b)-1] != 0) {
			want = append(append([]byte{}, b...), 0)
		}
		if !bytes.Equal(enc, want) {
			t.Fatalf("Encode(Decode(%x)) = %x", b, enc)
		}
		v2, err := Decode(v.Type(), enc)
		if err != nil || v2 != v {
			t.Fatalf("re-decode: %v %v", v2, err)
		}
		_ = AppendKey(nil, "k.k", v, PrintOptions{Binary: true}) // must not panic
	})
}

func FuzzParseDumpLine(f *testing.F) {
	for _, name := range []string{"dump.txt", "dump-b.txt", "stats-dump.txt", "sample-n3-udpu-n1.txt"} {
		data, err := os.ReadFile(filepath.Join("testdata", "real317", name))
		if err != nil {
			f.Fatal(err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			if l != "" {
				f.Add(l)
			}
		}
	}
	for _, l := range []string{"a.b (bin) = \\xFFFFFF80\\\\", "a.b (flt) = -nan", "a.b (dbl) = 16777217.000000",
		"a.b (u8) = 01", "a.b (str) = x (u8) = 1", "a.b (bin)", "a.b (i8) = -0"} {
		f.Add(l)
	}
	f.Fuzz(func(t *testing.T, line string) {
		d, err := ParseDumpLine(line)
		if err != nil {
			return
		}
		got := string(AppendKey(nil, d.Key, d.Value, PrintOptions{Binary: d.HasValue}))
		if got != line+"\n" {
			t.Fatalf("print(parse(%q)) = %q", line, got)
		}
		if err := New().Set(d.Key, d.Value); err != nil {
			t.Fatalf("parsed line does not store: %v", err)
		}
	})
}

// loadLine writes op back as a load-file line.
func loadLine(op LoadOp) string {
	switch op.Kind {
	case LoadDelete:
		return "^" + op.Key
	case LoadDeletePrefix:
		return "^^" + op.Key
	}
	if op.BinFile != "" {
		return op.Key + " bin " + op.BinFile
	}
	v := op.Value
	var s string
	switch v.Type() {
	case Float:
		x := math.Float32frombits(uint32(v.u))
		s = cFloatToken(float64(x), uint32(v.u)>>31 != 0, 32)
	case Double:
		s = cFloatToken(math.Float64frombits(v.u), v.u>>63 != 0, 64)
	default:
		s = string(AppendValue(nil, v))
	}
	return op.Key + " " + v.Type().String() + " " + s
}

func cFloatToken(x float64, neg bool, bits int) string {
	switch {
	case math.IsNaN(x) && neg:
		return "-nan"
	case math.IsNaN(x):
		return "nan"
	}
	return strconv.FormatFloat(x, 'g', -1, bits) // "+Inf" is read back as inf too
}

func FuzzParseLoadFile(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "real317", "load8.txt"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(data))
	for _, s := range []string{
		"# comment\n   # indented\n\ntest.l1 u32 5\n  test.l2 str hello world\ntest.l3\tstr tabbed\n^test.l1\n^^test.l2\n",
		"test.m1 u32 1\ntest.m2 u32\n", "test.n1 u8 300\n", "test.o1 str x", "^\n^^\n^^^x\n",
		"test.r str x\r\n", "a.b dbl 0x.e1\na.c flt -nan(1)\na.d u64 -1\n", "a.b i8 \v-3\x00junk\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		ops, err := ParseLoadFile(strings.NewReader(in), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz:") {
				t.Fatalf("error without file:line: %v", err)
			}
			return
		}
		var b strings.Builder
		last := 0
		for _, op := range ops {
			if op.Line <= last {
				t.Fatalf("line numbers not increasing: %+v", ops)
			}
			last = op.Line
			if op.Kind == LoadSet {
				if CheckKeyName(op.Key) != nil {
					t.Fatalf("set of invalid key %q", op.Key)
				}
				if op.BinFile == "" {
					if err := New().Set(op.Key, op.Value); err != nil {
						t.Fatalf("value does not store: %v", err)
					}
				}
			}
			b.WriteString(loadLine(op) + "\n")
		}
		again, err := ParseLoadFile(strings.NewReader(b.String()), "again")
		if err != nil || len(again) != len(ops) {
			t.Fatalf("re-parse of %q: %v", b.String(), err)
		}
		for i := range ops {
			a, o := again[i], ops[i]
			a.Line, o.Line = 0, 0
			if a != o {
				t.Fatalf("op %d: %+v re-parses as %+v", i, o, a)
			}
		}
	})
}
