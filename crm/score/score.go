// Package score implements Pacemaker's placement scores: integers bounded to
// ±INFINITY (1,000,000), saturating addition in which -INFINITY beats
// +INFINITY, and the score spellings of the CIB ("INFINITY", "+INFINITY",
// "-INFINITY", "red"/"yellow"/"green", or a decimal integer).
package score

import (
	"fmt"
	"strconv"
	"strings"
)

// Infinity is Pacemaker's CRM_SCORE_INFINITY: every score lies in
// [-Infinity, Infinity].
const Infinity = 1000000

// Spellings of the two infinite scores as the CIB and the tools write them.
const (
	InfinityText      = "INFINITY"
	PlusInfinityText  = "+INFINITY"
	MinusInfinityText = "-INFINITY"
)

// Health gives the values of the node-health colour words. The scheduler's
// defaults (node-health-red=-INFINITY, yellow=0, green=0) are in
// DefaultHealth.
type Health struct {
	Red, Yellow, Green int
}

// DefaultHealth is what the colour words mean when the cluster options do
// not redefine them.
var DefaultHealth = Health{Red: -Infinity}

// Clamp bounds v to [-Infinity, Infinity].
func Clamp(v int64) int {
	switch {
	case v >= Infinity:
		return Infinity
	case v <= -Infinity:
		return -Infinity
	}
	return int(v)
}

// Add sums two scores the way Pacemaker does: any -INFINITY operand gives
// -INFINITY (even against +INFINITY), otherwise any +INFINITY operand gives
// +INFINITY, otherwise the sum bounded to ±INFINITY.
func Add(a, b int) int {
	if a <= -Infinity || b <= -Infinity {
		return -Infinity
	}
	if a >= Infinity || b >= Infinity {
		return Infinity
	}
	return Clamp(int64(a) + int64(b))
}

// Sum adds any number of scores left to right with Add.
func Sum(scores ...int) int {
	total := 0
	for _, s := range scores {
		total = Add(total, s)
	}
	return total
}

// String prints a score as Pacemaker does: "INFINITY", "-INFINITY" or the
// decimal value.
func String(v int) string {
	switch {
	case v >= Infinity:
		return InfinityText
	case v <= -Infinity:
		return MinusInfinityText
	}
	return strconv.Itoa(v)
}

// IsInfinity reports whether s is one of the spellings of +INFINITY
// (case-sensitive, as in Pacemaker).
func IsInfinity(s string) bool { return s == InfinityText || s == PlusInfinityText }

// IsMinusInfinity reports whether s is "-INFINITY".
func IsMinusInfinity(s string) bool { return s == MinusInfinityText }

// Parse converts a score string leniently, exactly as the scheduler reads
// one: infinities and colour words by name, otherwise the leading decimal
// integer (surrounding junk ignored, no digits meaning 0), bounded to
// ±INFINITY. It never fails; use ParseStrict to validate user input.
func Parse(s string) int { return ParseHealth(s, DefaultHealth) }

// ParseHealth is Parse with explicit values for the colour words.
func ParseHealth(s string, h Health) int {
	switch {
	case IsMinusInfinity(s):
		return -Infinity
	case IsInfinity(s):
		return Infinity
	case strings.EqualFold(s, "red"):
		return h.Red
	case strings.EqualFold(s, "yellow"):
		return h.Yellow
	case strings.EqualFold(s, "green"):
		return h.Green
	}
	v, _ := leadingInt(s)
	return Clamp(v)
}

// ParseStrict accepts only the infinity spellings and whole decimal
// integers (out-of-range values are bounded, as Pacemaker does); anything
// else is an error naming the text. Colour words are refused because they
// are node-health values, not constraint scores.
func ParseStrict(s string) (int, error) {
	if IsMinusInfinity(s) {
		return -Infinity, nil
	}
	if IsInfinity(s) {
		return Infinity, nil
	}
	v, n := leadingInt(s)
	if n == 0 || n != len(s) || s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r') {
		return 0, fmt.Errorf("invalid score %q: want an integer, INFINITY, +INFINITY or -INFINITY", s)
	}
	return Clamp(v), nil
}

// leadingInt reads an optional sign and decimal digits after leading
// whitespace, like strtoll in base 10. It returns the value (saturated far
// beyond ±Infinity on overflow) and how many bytes were consumed, 0 when
// there were no digits.
func leadingInt(s string) (int64, int) {
	i := 0
	for i < len(s) && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var v int64
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		if v < 1<<40 { // far above Infinity; stop growing to avoid overflow
			v = v*10 + int64(s[i]-'0')
		}
		i++
	}
	if i == start {
		return 0, 0
	}
	if neg {
		v = -v
	}
	return v, i
}
