package inject

import (
	"fmt"
	"strings"
)

// OpSpec is one --op-inject / --op-fail argument,
// ${resource}_${task}_${interval_in_ms}@${node}=${rc}.
type OpSpec struct {
	Text     string // as given
	Resource string // "" when the key did not parse (crm_simulate: "(null)")
	Task     string
	Interval uint32 // ms
	Node     string
	RC       int
}

// SpecError is a malformed operation spec, worded as crm_simulate words it.
type SpecError struct {
	Spec   string
	Fields int // fields crm_simulate's sscanf found
}

func (e *SpecError) Error() string {
	return fmt.Sprintf("Invalid operation spec: %s.  Only found %d fields", e.Spec, e.Fields)
}

// ParseOpSpec splits s as crm_simulate does (sscanf "%[^@]@%[^=]=%d", then
// parse_op_key on the first part). A key that is not RSC_TASK_INTERVAL is
// not an error here: Resource stays empty, and crm_simulate reports
// "Invalid resource name: (null)" when it looks the resource up.
func ParseOpSpec(s string) (OpSpec, error) {
	spec := OpSpec{Text: s}
	key, rest, ok := scanUntil(s, '@')
	if !ok {
		return spec, &SpecError{s, 0}
	}
	if rest == "" || rest[0] != '@' {
		return spec, &SpecError{s, 1}
	}
	node, rest, ok := scanUntil(rest[1:], '=')
	if !ok {
		return spec, &SpecError{s, 1}
	}
	if rest == "" || rest[0] != '=' {
		return spec, &SpecError{s, 2}
	}
	rc, ok := scanInt(rest[1:])
	if !ok {
		return spec, &SpecError{s, 2}
	}
	spec.Node, spec.RC = node, rc
	spec.Resource, spec.Task, spec.Interval, _ = ParseOpKey(key)
	return spec, nil
}

// scanUntil is sscanf's %[^c]: at least one character other than c.
func scanUntil(s string, c byte) (field, rest string, ok bool) {
	i := strings.IndexByte(s, c)
	if i < 0 {
		i = len(s)
	}
	if i == 0 {
		return "", s, false
	}
	return s[:i], s[i:], true
}

// scanInt is sscanf's %d: optional white space and sign, then at least one
// digit; what follows is ignored. Out-of-range values wrap to 32 bits as
// glibc's conversion to int does.
func scanInt(s string) (int, bool) {
	s = strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	var v uint64
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		if v < 1<<40 {
			v = v*10 + uint64(s[n]-'0')
		}
		n++
	}
	if n == 0 {
		return 0, false
	}
	if neg {
		v = -v
	}
	return int(int32(uint32(v))), true
}

// Action names that contain an underscore, and notify prefixes, which
// parse_op_key keeps whole.
var (
	underscoreActions = []string{"migrate_from", "migrate_to"}
	notifyPrefixes    = []string{"pre_notify", "post_notify", "confirmed-pre_notify", "confirmed-post_notify"}
)

// ParseOpKey splits an operation key RSC_TASK_INTERVAL as Pacemaker's
// parse_op_key does: the interval after the last underscore (strtoul, so
// "10s" is 10 and "x" is 0), the task before it, the resource the rest.
func ParseOpKey(key string) (rsc, task string, interval uint32, ok bool) {
	n := len(key)
	if n < 5 {
		return "", "", 0, false
	}
	iu := n - 2
	for iu > 2 && key[iu] != '_' {
		iu--
	}
	if iu == 2 {
		return "", "", 0, false
	}
	interval, ok = strtoul32(key[iu+1:])
	if !ok {
		return "", "", 0, false
	}
	au := matchBefore(key, iu, underscoreActions)
	if au == 0 {
		au = iu - 2
		for au > 0 && key[au] != '_' {
			au--
		}
		if au == 0 {
			return "", "", 0, false
		}
	}
	if p := matchBefore(key, au, notifyPrefixes); p != 0 {
		au = p
	}
	return key[:au], key[au+1 : iu], interval, true
}

// matchBefore returns the index of the underscore before one of matches
// that ends right before position, or 0.
func matchBefore(key string, position int, matches []string) int {
	for _, m := range matches {
		if position > len(m)+1 {
			p := position - len(m) - 1
			if key[p] == '_' && strings.HasPrefix(key[p+1:], m) {
				return p
			}
		}
	}
	return 0
}

// strtoul32 is strtoul(s, NULL, 10) truncated to a guint: leading white
// space, an optional sign (minus negates), the longest digit prefix (none
// is 0); only overflow of unsigned long fails.
func strtoul32(s string) (uint32, bool) {
	s = strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	var v uint64
	for i := 0; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		d := uint64(s[i] - '0')
		if v > (^uint64(0)-d)/10 {
			return 0, false
		}
		v = v*10 + d
	}
	if neg {
		v = -v
	}
	return uint32(v), true
}
