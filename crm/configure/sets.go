package configure

import (
	"encoding/xml"

	"github.com/gorosync/gorosync/crm/cib"
)

// pair is one name=value from the command line, in the order given.
type pair struct{ Name, Value string }

// setPairs updates set in place: existing names change value (an empty
// value removes the pair), new names are appended with id
// <set id>-<name> made unique by unique.
func setPairs(set *cib.NVSet, pairs []pair, unique func(string) string) {
	for _, p := range pairs {
		idx := -1
		for i := range set.Pairs {
			if set.Pairs[i].Name == p.Name {
				idx = i
				break
			}
		}
		switch {
		case idx >= 0 && p.Value == "":
			set.Pairs = append(set.Pairs[:idx:idx], set.Pairs[idx+1:]...)
		case idx >= 0:
			set.Pairs[idx].Value = p.Value
		case p.Value != "":
			set.Pairs = append(set.Pairs, cib.NVPair{ID: unique(sanitizeID(set.ID + "-" + p.Name)), Name: p.Name, Value: p.Value})
		}
	}
}

// firstPlainSet returns the first set without rules, creating one with
// id from newID when there is none (nil newID: do not create).
func firstPlainSet(ss *cib.Sets, newID func() string) *cib.NVSet {
	for i := range *ss {
		if len((*ss)[i].Rules) == 0 && (*ss)[i].IDRef == "" {
			return &(*ss)[i]
		}
	}
	if newID == nil {
		return nil
	}
	*ss = append(*ss, cib.NVSet{ID: newID()})
	return &(*ss)[len(*ss)-1]
}

// parsePairs splits name=value words; what names the list in errors.
func parsePairs(words []string, what string) ([]pair, error) {
	out := make([]pair, 0, len(words))
	for _, w := range words {
		i := indexByte(w, '=')
		if i <= 0 {
			return nil, errorf("missing value of '%s' %s", w, what)
		}
		out = append(out, pair{w[:i], w[i+1:]})
	}
	return out, nil
}

func indexByte(s string, b byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return i
		}
	}
	return -1
}

// metaSetOf returns the meta_attributes list of any resource kind.
func metaSetOf(l rscLoc) *cib.Sets {
	switch {
	case l.prim != nil:
		return &l.prim.MetaAttributes
	case l.group != nil:
		return &l.group.MetaAttributes
	case l.clone != nil:
		return &l.clone.MetaAttributes
	}
	return nil
}

func xmlAttr(name, value string) xml.Attr {
	return xml.Attr{Name: xml.Name{Local: name}, Value: value}
}
