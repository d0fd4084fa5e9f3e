package coroconf

import (
	"strings"

	"github.com/gorosync/gorosync/cmap"
)

// Typed getters behave like icmap_get_<type>: a key of another type counts
// as absent.

func getStr(m *cmap.Map, key string) (string, bool) {
	v, ok := m.Get(key)
	if !ok || v.Type() != cmap.String {
		return "", false
	}
	return v.Str(), true
}

func getU32(m *cmap.Map, key string) (uint32, bool) {
	v, ok := m.Get(key)
	if !ok || v.Type() != cmap.Uint32 {
		return 0, false
	}
	return uint32(v.Uint()), true
}

func getU16(m *cmap.Map, key string) (uint16, bool) {
	v, ok := m.Get(key)
	if !ok || v.Type() != cmap.Uint16 {
		return 0, false
	}
	return uint16(v.Uint()), true
}

func getU8(m *cmap.Map, key string) (uint8, bool) {
	v, ok := m.Get(key)
	if !ok || v.Type() != cmap.Uint8 {
		return 0, false
	}
	return uint8(v.Uint()), true
}

func getI32(m *cmap.Map, key string) (int32, bool) {
	v, ok := m.Get(key)
	if !ok || v.Type() != cmap.Int32 {
		return 0, false
	}
	return int32(v.Int()), true
}

// scanUint is sscanf's %u: optional blanks and sign, then decimal digits,
// wrapping like strtoul. It returns the value and the rest of s.
func scanUint(s string) (uint32, string, bool) {
	s = strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	i := 0
	var v uint64
	over := false
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		v = v*10 + uint64(s[i]-'0')
		if v > 0xffffffff {
			over = true
		}
		i++
	}
	if i == 0 {
		return 0, s, false
	}
	if over {
		v = 0xffffffff
	}
	u := uint32(v)
	if neg {
		u = -u
	}
	return u, s[i:], true
}

// scanWord is sscanf's %s: a non-empty run of non-blank characters.
func scanWord(s string) (string, bool) {
	s = strings.TrimLeft(s, " \t\n\v\f\r")
	i := strings.IndexAny(s, " \t\n\v\f\r")
	if i < 0 {
		i = len(s)
	}
	if i == 0 {
		return "", false
	}
	return s[:i], true
}

// nodeKey splits "nodelist.node.%u.%s": fields is how many conversions
// succeeded (as sscanf's return value).
func nodeKey(key string) (pos uint32, rest string, fields int) {
	s, ok := strings.CutPrefix(key, "nodelist.node.")
	if !ok {
		return 0, "", 0
	}
	pos, s, ok = scanUint(s)
	if !ok {
		return 0, "", 0
	}
	s, ok = strings.CutPrefix(s, ".")
	if !ok {
		return pos, "", 1
	}
	rest, ok = scanWord(s)
	if !ok {
		return pos, "", 1
	}
	return pos, rest, 2
}

// ringKey parses the rest of a node key as "ring%u%s" and reports whether
// it is a ring<N>_addr key.
func ringKey(rest string) (link uint32, isAddr bool) {
	s, ok := strings.CutPrefix(rest, "ring")
	if !ok {
		return 0, false
	}
	link, s, ok = scanUint(s)
	if !ok {
		return 0, false
	}
	w, ok := scanWord(s)
	return link, ok && w == "_addr"
}

// atoi is C's atoi: leading blanks, sign, digits, garbage ignored.
func atoi(s string) int32 {
	s = strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	var v int64
	for i := 0; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		v = v*10 + int64(s[i]-'0')
		if v > 1<<40 {
			break
		}
	}
	if neg {
		v = -v
	}
	return int32(v)
}
