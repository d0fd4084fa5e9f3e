//lint:file-ignore ST1005 the messages reproduce corosync-cmapctl's own texts verbatim

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

// LoadOpKind says what one line of a corosync-cmapctl -p file does.
type LoadOpKind int

const (
	LoadSet          LoadOpKind = iota // key type value
	LoadDelete                         // ^key
	LoadDeletePrefix                   // ^^prefix
)

// LoadOp is one action of a load file, in file order.
type LoadOp struct {
	Kind  LoadOpKind
	Key   string // key, or prefix for LoadDeletePrefix ("^^" alone gives "", i.e. every key)
	Value Value  // for LoadSet, except bin
	// BinFile is set for a LoadSet of type bin: like -s, the value token is a
	// file name ("-" for standard input) whose bytes are the value.
	BinFile string
	Line    int
}

// maxLoadLine is the longest line (without its newline) corosync-cmapctl
// reads whole: it uses fgets with a 1024-byte buffer and would silently treat
// the rest of a longer line as a new line. We reject such lines instead.
const maxLoadLine = 1022

// ParseLoadFile parses the file format of corosync-cmapctl -p (3.1.7):
//
//	# comment               (first non-blank character '#'; blank lines too)
//	key type value          set; only ' ' separates tokens, extra tokens are ignored
//	^key [anything]         delete key
//	^^prefix [anything]     delete every key starting with prefix
//
// Values are read as the tool's sscanf does: integers allow leading white
// space, a sign and trailing junk ("12abc" is 12, "-1" for u64 wraps around),
// floats follow strtod. Where the tool stops with an error the parser returns
// it as "name:line: <the tool's message>", and it checks everything before
// anything is applied (the tool applies the lines before the bad one).
func ParseLoadFile(r io.Reader, name string) ([]LoadOp, error) {
	br := bufio.NewReader(r)
	var ops []LoadOp
	for n := 1; ; n++ {
		raw, rerr := br.ReadString('\n')
		if rerr != nil && rerr != io.EOF {
			return nil, fmt.Errorf("%s:%d: %w", name, n, rerr)
		}
		if raw == "" {
			break
		}
		line := strings.TrimSuffix(raw, "\n")
		if len(line) > maxLoadLine {
			return nil, fmt.Errorf("%s:%d: line longer than %d characters", name, n, maxLoadLine)
		}
		op, skip, err := parseLoadLine(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		if !skip {
			op.Line = n
			ops = append(ops, op)
		}
		if rerr == io.EOF {
			break
		}
	}
	return ops, nil
}

func parseLoadLine(line string) (op LoadOp, skip bool, err error) {
	if i := strings.IndexByte(line, 0); i >= 0 {
		line = line[:i] // the tool handles C strings
	}
	line = strings.TrimLeft(line, " \t")
	if line == "" || line[0] == '#' {
		return op, true, nil
	}
	tok := strings.FieldsFunc(line, func(r rune) bool { return r == ' ' })
	key := tok[0]
	if strings.HasPrefix(key, "^^") {
		return LoadOp{Kind: LoadDeletePrefix, Key: key[2:]}, false, nil
	}
	if strings.HasPrefix(key, "^") {
		return LoadOp{Kind: LoadDelete, Key: key[1:]}, false, nil
	}
	if len(tok) < 3 {
		return op, false, fmt.Errorf("Both type and value for key %s are required", key)
	}
	op, err = ParseSetArgs(key, tok[1], tok[2])
	return op, false, err
}

// ParseSetArgs turns the arguments of `corosync-cmapctl -s key type value`
// (also a load-file line) into a LoadSet op, with the tool's error texts.
// A bin value names a file ("-" for standard input): see LoadOp.BinFile.
func ParseSetArgs(key, typS, valS string) (op LoadOp, err error) {
	t, terr := ParseType(typS)
	if terr != nil {
		return op, fmt.Errorf("Unknown type %s", typS)
	}
	if CheckKeyName(key) != nil {
		// The daemon refuses it (CS_ERR_NAME_TOO_LONG) and the tool exits.
		return op, fmt.Errorf("Failed to set key %s. Error CS_ERR_NAME_TOO_LONG", key)
	}
	op = LoadOp{Kind: LoadSet, Key: key}
	switch {
	case t == Binary:
		op.BinFile = valS
	case t == String:
		if len(valS) > MaxValueLen {
			return op, fmt.Errorf("Failed to set key %s. Error CS_ERR_INVALID_PARAM", key)
		}
		op.Value = Str(valS)
	case t == Float || t == Double:
		f, neg, ok := scanCFloat(valS, t == Float)
		if !ok {
			return op, fmt.Errorf("%s is not valid %s type value", valS, typS)
		}
		if t == Float {
			bits := math.Float32bits(float32(f))
			if neg {
				bits |= 1 << 31
			}
			op.Value = Value{typ: Float, u: uint64(bits)}
		} else {
			if neg {
				f = math.Copysign(f, -1)
			}
			op.Value = Dbl(f)
		}
	default:
		u, ok := scanCInt(valS, t.Signed())
		if !ok {
			return op, fmt.Errorf("%s is not valid %s type value", valS, typS)
		}
		v, inRange := intValue(t, u)
		if !inRange {
			return op, fmt.Errorf("%s is not valid %s integer", valS, typS)
		}
		op.Value = v
	}
	return op, nil
}

// intValue range-checks a scanned integer (int64 bits for signed types) the
// way the tool does; 64-bit types take anything.
func intValue(t Type, u uint64) (Value, bool) {
	s := int64(u)
	switch t {
	case Int8:
		return I8(int8(s)), s >= math.MinInt8 && s <= math.MaxInt8
	case Int16:
		return I16(int16(s)), s >= math.MinInt16 && s <= math.MaxInt16
	case Int32:
		return I32(int32(s)), s >= math.MinInt32 && s <= math.MaxInt32
	case Int64:
		return I64(s), true
	case Uint8:
		return U8(uint8(u)), u <= math.MaxUint8
	case Uint16:
		return U16(uint16(u)), u <= math.MaxUint16
	case Uint32:
		return U32(uint32(u)), u <= math.MaxUint32
	}
	return U64(u), true
}

func isCSpace(c byte) bool { return c == ' ' || c >= '\t' && c <= '\r' }

// scanCInt reads an integer as sscanf "%ld"/"%lu" does on glibc: white space,
// optional sign, decimal digits, junk after them ignored. Out-of-range values
// saturate (strtol/strtoul); for unsigned a '-' negates modulo 2^64.
func scanCInt(s string, signed bool) (uint64, bool) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == i {
		return 0, false
	}
	mag, err := strconv.ParseUint(s[i:j], 10, 64)
	over := err != nil
	if signed {
		switch {
		case neg && (over || mag > 1<<63):
			return 1 << 63, true // MinInt64
		case !neg && (over || mag > math.MaxInt64):
			return math.MaxInt64, true
		case neg:
			return -mag, true
		}
		return mag, true
	}
	if over {
		return math.MaxUint64, true
	}
	if neg {
		return -mag, true
	}
	return mag, true
}

// scanCFloat reads a float as glibc's sscanf "%f"/"%lf" does (much like
// strtof/strtod): white space, sign, then decimal with optional exponent, hex
// (0x...[p...]), inf, infinity or nan[(...)], case-insensitive; junk after it
// is ignored. testdata/glibc-sscanf.txt holds the real results it must match.
// Overflow gives ±inf. neg reports the sign, which callers keep even on NaN.
func scanCFloat(s string, single bool) (f float64, neg bool, ok bool) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	body := s[i:]
	lower := strings.ToLower(body)
	var num string
	switch {
	case strings.HasPrefix(lower, "inf"):
		f = math.Inf(1)
	case strings.HasPrefix(lower, "nan"):
		f = math.NaN()
	case strings.HasPrefix(lower, "0x"):
		// glibc's scanf fails on "0x" unless a hex digit or '.' follows,
		// and reads "0x." with no digits at all as 0.
		if len(body) < 3 || !isHex(body[2]) && body[2] != '.' {
			return 0, false, false
		}
		j, d := 2, 0
		for j < len(body) && isHex(body[j]) {
			j, d = j+1, d+1
		}
		if j < len(body) && body[j] == '.' {
			j++
			for j < len(body) && isHex(body[j]) {
				j, d = j+1, d+1
			}
		}
		if d == 0 {
			f = 0
			break
		}
		num = body[:j]
		if e := expLen(body[j:], 'p'); e > 0 {
			num = body[:j+e]
		} else {
			num += "p0" // Go insists on the binary exponent
		}
	default:
		j, d := 0, 0
		for j < len(body) && body[j] >= '0' && body[j] <= '9' {
			j, d = j+1, d+1
		}
		if j < len(body) && body[j] == '.' {
			j++
			for j < len(body) && body[j] >= '0' && body[j] <= '9' {
				j, d = j+1, d+1
			}
		}
		if d == 0 {
			return 0, false, false
		}
		num = body[:j+expLen(body[j:], 'e')]
	}
	if num != "" {
		bits := 64
		if single {
			bits = 32
		}
		var err error
		f, err = strconv.ParseFloat(num, bits)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return 0, false, false
		}
	}
	if neg {
		f = -f
	}
	return f, neg, true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// expLen is the length of a valid exponent ("e-5", "p+3") at the start of s,
// or 0 when there is none (a bare "e" is not part of the number).
func expLen(s string, mark byte) int {
	if len(s) < 2 || (s[0]|0x20) != mark {
		return 0
	}
	j := 1
	if s[j] == '+' || s[j] == '-' {
		j++
	}
	k := j
	for k < len(s) && s[k] >= '0' && s[k] <= '9' {
		k++
	}
	if k == j {
		return 0
	}
	return k
}

// ApplyLoad performs ops on m as a client would (checked mutators), in order,
// the way corosync-cmapctl -p does: a failed delete is reported in warnings
// ("Can't delete key K. Error CS_ERR_...") and the file goes on; a failed set
// stops with an error ("Failed to set key K. Error CS_ERR_..."). readBin
// returns the bytes for a bin value's file name. Use ParseLoadFile first so
// that syntax errors stop before anything changes.
func ApplyLoad(m *Map, ops []LoadOp, readBin func(name string) ([]byte, error)) (warnings []string, err error) {
	for _, op := range ops {
		switch op.Kind {
		case LoadDelete:
			if err := m.DeleteChecked(op.Key); err != nil {
				warnings = append(warnings, fmt.Sprintf("Can't delete key %s. Error %s", op.Key, CSErrorName(err)))
			}
		case LoadDeletePrefix:
			for _, k := range m.Keys(op.Key) {
				if err := m.DeleteChecked(k); err != nil {
					warnings = append(warnings, fmt.Sprintf("Can't delete key %s. Error %s", k, CSErrorName(err)))
				}
			}
		case LoadSet:
			v := op.Value
			if op.BinFile != "" {
				b, rerr := readBin(op.BinFile)
				if rerr != nil {
					return warnings, fmt.Errorf("line %d: %w", op.Line, rerr)
				}
				if len(b) == 0 {
					// the tool hands the library a NULL buffer for an empty file
					return warnings, fmt.Errorf("Failed to set key %s. Error CS_ERR_INVALID_PARAM", op.Key)
				}
				v = Bin(b)
			}
			if err := m.SetChecked(op.Key, v); err != nil {
				return warnings, fmt.Errorf("Failed to set key %s. Error %s", op.Key, CSErrorName(err))
			}
		}
	}
	return warnings, nil
}

// CSErrorName gives the cs_error_t name corosync reports for a cmap error.
func CSErrorName(err error) string {
	switch {
	case err == nil:
		return "CS_OK"
	case errors.Is(err, ErrNotExist):
		return "CS_ERR_NOT_EXIST"
	case errors.Is(err, ErrReadOnly):
		return "CS_ERR_ACCESS"
	case errors.Is(err, ErrInvalidKey):
		return "CS_ERR_NAME_TOO_LONG"
	case errors.Is(err, ErrExist):
		return "CS_ERR_EXIST"
	}
	return "CS_ERR_INVALID_PARAM"
}
