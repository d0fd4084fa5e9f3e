package configure

import (
	"strconv"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// crmshList is the resource list of a crmsh order or colocation: either
// two plain resources (a simple constraint) or resource sets. Words in
// parentheses form a set with sequential=false, in brackets one with
// require-all=false too; consecutive plain words with the same ":suffix"
// (an order's action, a colocation's role) form one set.
type crmshList struct {
	simple []string // exactly two "rsc[:suffix]" words, or nil
	sets   []cib.ResourceSet
}

// splitBrackets separates "(", ")", "[", "]" glued to resource names.
func splitBrackets(words []string) []string {
	var out []string
	for _, w := range words {
		for w != "" {
			i := strings.IndexAny(w, "()[]")
			switch {
			case i < 0:
				out, w = append(out, w), ""
			case i > 0:
				out, w = append(out, w[:i]), w[i:]
			default:
				out, w = append(out, w[:1]), w[1:]
			}
		}
	}
	return out
}

// parseCrmshList reads the resource words; suffix names the set attribute
// a ":x" suffix sets ("action" or "role").
func parseCrmshList(cid string, words []string, suffix string) (crmshList, error) {
	words = splitBrackets(words)
	var l crmshList
	bracketed := false
	for _, w := range words {
		if strings.ContainsAny(w, "()[]") {
			bracketed = true
		}
	}
	if !bracketed && len(words) == 2 {
		l.simple = words
		return l, nil
	}
	if len(words) < 2 {
		return l, errorf("%s: expected at least two resources", cid)
	}
	setSuffix := func(s *cib.ResourceSet, v string) {
		if suffix == "action" {
			s.Action = v
		} else {
			s.Role = v
		}
	}
	var cur *cib.ResourceSet
	curSuffix, closing := "", ""
	for _, w := range words {
		switch w {
		case "(", "[":
			if closing != "" {
				return l, errorf("%s: nested resource sets are not allowed", cid)
			}
			closing = map[string]string{"(": ")", "[": "]"}[w]
			l.sets = append(l.sets, cib.ResourceSet{Sequential: "false"})
			if w == "[" {
				l.sets[len(l.sets)-1].RequireAll = "false"
			}
			cur, curSuffix = &l.sets[len(l.sets)-1], ""
			continue
		case ")", "]":
			if w != closing || len(cur.Refs) == 0 {
				return l, errorf("%s: unbalanced or empty resource set near %q", cid, w)
			}
			closing, cur = "", nil
			continue
		}
		if name, v, ok := strings.Cut(w, "="); ok {
			b, isBool := cib.ParseBool(v)
			if closing == "" || !isBool || name != "sequential" && name != "require-all" {
				return l, errorf("%s: option %q inside a resource list is not supported", cid, w)
			}
			val := strconv.FormatBool(b)
			if name == "sequential" {
				cur.Sequential = val
			} else {
				cur.RequireAll = val
			}
			continue
		}
		rsc, sfx := splitRole(w)
		if rsc == "" {
			return l, errorf("%s: missing resource name in %q", cid, w)
		}
		switch {
		case closing != "" && len(cur.Refs) > 0 && sfx != curSuffix:
			return l, errorf("%s: resources of one set must share their %s (%q)", cid, suffix, w)
		case closing == "" && (cur == nil || sfx != curSuffix):
			l.sets = append(l.sets, cib.ResourceSet{})
			cur = &l.sets[len(l.sets)-1]
		}
		curSuffix = sfx
		if sfx != "" {
			setSuffix(cur, sfx)
		}
		cur.Refs = append(cur.Refs, cib.ResourceRef{ID: rsc})
	}
	if closing != "" {
		return l, errorf("%s: unterminated resource set", cid)
	}
	return l, nil
}

// checkCrmshSets checks the members and names the sets <cid>-0, -1, ...
func (m *Crmsh) checkCrmshSets(c *cib.CIB, cid string, sets []cib.ResourceSet, suffix string) error {
	ids := collectIDs(c)
	ids[cid] = true
	for i := range sets {
		s := &sets[i]
		v := s.Action
		if suffix == "role" {
			v = s.Role
		}
		if suffix == "action" && v != "" && !contains(pcsActions, v) {
			return errorf("%s: invalid action %q (start, stop, promote or demote)", cid, v)
		}
		for _, r := range s.Refs {
			if err := m.constraintRsc(c, cid, r.ID); err != nil {
				return err
			}
		}
		s.ID = ids.crmshUnique(cid)
	}
	return nil
}
