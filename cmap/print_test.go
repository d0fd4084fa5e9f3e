package cmap

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestPrintKey(t *testing.T) {
	negNaN32 := Value{typ: Float, u: uint64(math.Float32bits(float32(math.NaN())) | 1<<31)}
	for _, c := range []struct {
		v           Value
		plain, bin  string // without and with -b
		quiet, binq string // -q and -b -q
	}{
		{I8(-128), "k.k (i8) = -128", "", "-128", ""},
		{U8(255), "k.k (u8) = 255", "", "255", ""},
		{I16(-32768), "k.k (i16) = -32768", "", "-32768", ""},
		{U16(65535), "k.k (u16) = 65535", "", "65535", ""},
		{I32(math.MinInt32), "k.k (i32) = -2147483648", "", "-2147483648", ""},
		{U32(4294967295), "k.k (u32) = 4294967295", "", "4294967295", ""},
		{I64(math.MinInt64), "k.k (i64) = -9223372036854775808", "", "-9223372036854775808", ""},
		{U64(math.MaxUint64), "k.k (u64) = 18446744073709551615", "", "18446744073709551615", ""},
		// %f outputs below are what 3.1.7's cmapctl printed for the same values.
		{Flt(1e30), "k.k (flt) = 1000000015047466219876688855040.000000", "", "1000000015047466219876688855040.000000", ""},
		{Flt(float32(math.Copysign(0, -1))), "k.k (flt) = -0.000000", "", "-0.000000", ""},
		{Flt(float32(math.NaN())), "k.k (flt) = nan", "", "nan", ""},
		{negNaN32, "k.k (flt) = -nan", "", "-nan", ""},
		{Flt(float32(math.Inf(-1))), "k.k (flt) = -inf", "", "-inf", ""},
		{Flt(1e-7), "k.k (flt) = 0.000000", "", "0.000000", ""},
		{Flt(3.4e38), "k.k (flt) = 339999995214436424907732413799364296704.000000", "", "", ""},
		{Dbl(123456789.123456789), "k.k (dbl) = 123456789.123457", "", "", ""},
		{Dbl(0.0000005), "k.k (dbl) = 0.000000", "", "", ""},
		{Dbl(0.0000015), "k.k (dbl) = 0.000002", "", "", ""},
		{Dbl(2.5e-6), "k.k (dbl) = 0.000003", "", "", ""},
		{Dbl(math.Inf(1)), "k.k (dbl) = inf", "", "inf", ""},
		{Dbl(math.Copysign(math.NaN(), -1)), "k.k (dbl) = -nan", "", "-nan", ""},
		{Dbl(1e300), "k.k (dbl) = 1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000", "", "", ""},
		{Str("r(0) ip(10.213.0.1) "), "k.k (str) = r(0) ip(10.213.0.1) ", "", "r(0) ip(10.213.0.1) ", ""},
		{Str(""), "k.k (str) = ", "", "", ""},
		{Str(`a\b`), `k.k (str) = a\b`, "", `a\b`, ""},
		{Bin([]byte("a\\b\x01\x7f\x80\xff~ ")), "k.k (bin)", `k.k (bin) = a\\b\x01\x7F\xFFFFFF80\xFFFFFFFF~ `, "bin)", `bin) = a\\b\x01\x7F\xFFFFFF80\xFFFFFFFF~ `},
		{Bin(nil), "k.k (bin)", "k.k (bin) = ", "bin)", "bin) = "},
	} {
		check := func(opt PrintOptions, want string) {
			if want == "" && !opt.Quiet {
				want = c.plain
			}
			if want == "" {
				return
			}
			var buf bytes.Buffer
			if err := PrintKey(&buf, "k.k", c.v, opt); err != nil {
				t.Fatal(err)
			}
			if buf.String() != want+"\n" {
				t.Errorf("%+v %v:\n got  %q\n want %q", opt, c.v.typ, buf.String(), want+"\n")
			}
		}
		check(PrintOptions{}, c.plain)
		check(PrintOptions{Binary: true}, c.bin)
		check(PrintOptions{Quiet: true}, c.quiet)
		check(PrintOptions{Quiet: true, Binary: true}, c.binq)
	}
}

// The line 3.1.7 printed for a bin holding bytes 0..255 (from testdata).
func TestPrintAllBytes(t *testing.T) {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	got := string(AppendKey(nil, "test.v.bin", Bin(b), PrintOptions{Binary: true}))
	if !strings.HasPrefix(got, `test.v.bin (bin) = \x00\x01`) || !strings.Contains(got, `[\\]^_`) ||
		!strings.Contains(got, `~\x7F\xFFFFFF80`) || !strings.HasSuffix(got, `\xFFFFFFFE\xFFFFFFFF`+"\n") {
		t.Errorf("unexpected: %q", got)
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n == 0 {
		return 0, errors.New("disk full")
	}
	w.n--
	return len(p), nil
}

func TestDump(t *testing.T) {
	m := New()
	for _, k := range []string{"totem.cluster_name", "totem.crypto_cipher", "totem.crypto_hash", "quorum.provider"} {
		must(t, m.Set(k, Str("x")))
	}
	for _, c := range []struct {
		name     string
		prefixes []string
		want     []string
	}{
		{"all", nil, []string{"quorum.provider", "totem.cluster_name", "totem.crypto_cipher", "totem.crypto_hash"}},
		{"empty prefix is all", []string{""}, []string{"quorum.provider", "totem.cluster_name", "totem.crypto_cipher", "totem.crypto_hash"}},
		{"no match", []string{"nosuch."}, nil},
		{"no match then match", []string{"nosuch.", "totem.cluster"}, []string{"totem.cluster_name"}},
		// each prefix in turn, duplicates included (as 3.1.7 prints them)
		{"repeated", []string{"totem.cluster", "totem.cluster", "totem.c"}, []string{"totem.cluster_name", "totem.cluster_name", "totem.cluster_name", "totem.crypto_cipher", "totem.crypto_hash"}},
		{"order of arguments", []string{"totem.", "quorum."}, []string{"totem.cluster_name", "totem.crypto_cipher", "totem.crypto_hash", "quorum.provider"}},
	} {
		var buf bytes.Buffer
		n, err := Dump(&buf, m, c.prefixes, PrintOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var want strings.Builder
		for _, k := range c.want {
			want.WriteString(k + " (str) = x\n")
		}
		if buf.String() != want.String() || n != len(c.want) {
			t.Errorf("%s: n=%d\n%s", c.name, n, buf.String())
		}
	}
	n, err := Dump(&failWriter{n: 1}, m, nil, PrintOptions{})
	if err == nil || n != 1 {
		t.Errorf("write error: n=%d err=%v", n, err)
	}
}
