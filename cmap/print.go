package cmap

import (
	"io"
	"math"
	"strconv"
)

// PrintOptions are corosync-cmapctl's output switches.
type PrintOptions struct {
	Binary bool // -b: print bin values (escaped) instead of just "(bin)"
	Quiet  bool // -q: print only the value
}

// AppendKey appends one corosync-cmapctl line (with its newline) for key and
// v, byte for byte as print_key of 3.1.7 writes it:
//
//	key (u32) = 5
//	key (bin)                  bin without -b
//	key (bin) = ab\\\x0A       bin with -b
//
// With Quiet only the value is written, except that the real tool still
// writes "bin)" (and " = ..." with -b) for bin values; that quirk is kept.
func AppendKey(b []byte, key string, v Value, opt PrintOptions) []byte {
	if !opt.Quiet {
		b = append(b, key...)
		b = append(b, " ("...)
	}
	if v.typ == Binary {
		b = append(b, "bin)"...)
		if opt.Binary {
			b = append(b, " = "...)
			b = appendBinary(b, v.s)
		}
		return append(b, '\n')
	}
	if !opt.Quiet {
		b = append(b, v.typ.String()...)
		b = append(b, ") = "...)
	}
	b = AppendValue(b, v)
	return append(b, '\n')
}

// PrintKey writes AppendKey's line to w.
func PrintKey(w io.Writer, key string, v Value, opt PrintOptions) error {
	_, err := w.Write(AppendKey(nil, key, v, opt))
	return err
}

// AppendValue appends v formatted as corosync-cmapctl prints it after " = ":
// integers in decimal, flt/dbl as C's "%f", str verbatim, bin escaped as -b
// shows it.
func AppendValue(b []byte, v Value) []byte {
	switch {
	case v.typ.Signed():
		return strconv.AppendInt(b, int64(v.u), 10)
	case v.typ.Integer():
		return strconv.AppendUint(b, v.u, 10)
	case v.typ == Float:
		bits := uint32(v.u)
		return appendCFloat(b, float64(math.Float32frombits(bits)), bits>>31 != 0)
	case v.typ == Double:
		return appendCFloat(b, math.Float64frombits(v.u), v.u>>63 != 0)
	case v.typ == String:
		return append(b, v.s...)
	case v.typ == Binary:
		return appendBinary(b, v.s)
	}
	return b
}

// appendCFloat formats f like glibc's printf("%f"): six decimals, exact
// decimal expansion of the binary value (strconv is exact too), "inf"/"nan"
// in lower case with a '-' when the sign bit is set (glibc prints "-nan").
// neg is passed separately because a NaN's sign may not survive float32 ->
// float64 conversion on every platform.
func appendCFloat(b []byte, f float64, neg bool) []byte {
	switch {
	case math.IsNaN(f):
		if neg {
			b = append(b, '-')
		}
		return append(b, "nan"...)
	case math.IsInf(f, 0):
		if neg {
			b = append(b, '-')
		}
		return append(b, "inf"...)
	}
	return strconv.AppendFloat(b, f, 'f', 6, 64)
}

// appendBinary escapes like corosync-cmapctl's print_binary_key: bytes 0x20..
// 0x7e except '\' verbatim, '\' doubled, others as \xNN in upper-case hex.
// The C code passes a signed char to %02X, so on x86 (where corosync runs)
// bytes 0x80..0xff come out sign-extended: 0x80 prints as \xFFFFFF80.
// (Verified against 3.1.7 on amd64.) An empty value prints nothing: the real
// tool's "*empty*" appears only when it has no data pointer at all, which a
// stored value never lacks.
func appendBinary(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			b = append(b, '\\', '\\')
		case c >= 0x20 && c < 0x7f:
			b = append(b, c)
		case c >= 0x80:
			b = append(b, `\xFFFFFF`...)
			b = append(b, hex[c>>4], hex[c&15])
		default:
			b = append(b, '\\', 'x', hex[c>>4], hex[c&15])
		}
	}
	return b
}

// Dump prints keys like corosync-cmapctl without an action: with no prefixes
// every key in sorted order; otherwise, for each prefix in turn, the keys
// starting with it (a key under two prefixes is printed twice, and "" means
// all keys). matched counts the printed lines; the tool exits 1 when it is 0
// over all prefixes together and 0 otherwise (verified on 3.1.7).
func Dump(w io.Writer, m *Map, prefixes []string, opt PrintOptions) (matched int, err error) {
	if len(prefixes) == 0 {
		prefixes = []string{""}
	}
	var b []byte
	for _, p := range prefixes {
		for k, v := range m.All(p) {
			b = AppendKey(b[:0], k, v, opt)
			if _, err := w.Write(b); err != nil {
				return matched, err
			}
			matched++
		}
	}
	return matched, nil
}
