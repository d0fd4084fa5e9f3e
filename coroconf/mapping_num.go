package coroconf

import "math"

// mapCSpace is C's isspace() in the "C" locale; strtoll skips these.
func mapCSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// mapScanDec scans s as strtoll/strtoull(s, &end, 10) do: leading isspace,
// an optional sign, then decimal digits. end is 0 when nothing was converted
// (C's endptr == str); overflow reports a magnitude beyond 2^64-1.
func mapScanDec(s string) (neg bool, mag uint64, overflow bool, end int) {
	i := 0
	for i < len(s) && mapCSpace(s[i]) {
		i++
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		d := uint64(s[i] - '0')
		if mag > (math.MaxUint64-d)/10 {
			overflow = true
		}
		if !overflow {
			mag = mag*10 + d
		}
		i++
	}
	if i == start {
		return false, 0, false, 0
	}
	return neg, mag, overflow, i
}

// mapAtoq is coroparse's safe_atoq: the whole value must be a decimal
// integer accepted by strtoll (no ERANGE) and lie in [lo, hi].
func mapAtoq(s string, lo, hi int64) (int64, bool) {
	neg, mag, overflow, end := mapScanDec(s)
	if end == 0 || end != len(s) || overflow {
		return 0, false
	}
	var v int64
	if neg {
		if mag > 1<<63 {
			return 0, false
		}
		v = int64(-mag) // -2^63 wraps to itself, as intended
	} else {
		if mag > math.MaxInt64 {
			return 0, false
		}
		v = int64(mag)
	}
	if v < lo || v > hi {
		return 0, false
	}
	return v, true
}

// mapStrToUll is coroparse's str_to_ull: strtoull over the whole value. Like
// strtoull, a leading '-' negates in unsigned arithmetic, so "-1" is 2^64-1.
func mapStrToUll(s string) (uint64, bool) {
	neg, mag, overflow, end := mapScanDec(s)
	if end == 0 || end != len(s) || overflow {
		return 0, false
	}
	if neg {
		return -mag, true
	}
	return mag, true
}
