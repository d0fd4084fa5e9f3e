package configure

import (
	"encoding/xml"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// rscSetWords is crmsh's rendering of resource sets: "( ... )" for
// sequential=false, "[ ... ]" for require-all=false, members with their
// action (order) or role (colocation) as ":suffix", and a leading
// "_rsc_set_" when the result could be mistaken for a simple constraint.
func rscSetWords(sets []cib.ResourceSet, order bool) []string {
	var col []string
	cnt := 0
	var seq, all string
	for _, s := range sets {
		seq, all = boolWord(s.Sequential), boolWord(s.RequireAll)
		switch {
		case all == "false":
			col = append(col, "[")
		case seq == "false":
			col = append(col, "(")
		}
		q := s.Role
		if order {
			q = s.Action
		}
		for _, r := range s.Refs {
			w := r.ID
			if q != "" {
				w += ":" + q
			}
			col = append(col, w)
			cnt++
		}
		switch {
		case all == "false":
			if seq != "false" {
				col = append(col, "sequential=true")
			}
			col = append(col, "]")
		case seq == "false":
			col = append(col, ")")
		}
	}
	// crmsh looks at the last set only here.
	if seq != "false" && all != "false" && cnt <= 2 {
		col = append([]string{"_rsc_set_"}, col...)
	}
	return col
}

// boolWord normalises a boolean attribute ("" when unset or not boolean).
func boolWord(s string) string {
	if v, ok := cib.ParseBool(s); ok {
		if v {
			return "true"
		}
		return "false"
	}
	return ""
}

// setsRoundTrip reports whether words read back (as crmsh would parse
// them) give the same sets, ignoring ids and default-valued booleans;
// crmsh prints the XML instead when they do not.
func setsRoundTrip(words []string, sets []cib.ResourceSet, order bool) bool {
	forced := len(words) > 0 && words[0] == "_rsc_set_"
	if forced {
		words = words[1:]
	}
	plain := words
	suffix := "role"
	if order {
		suffix = "action"
	}
	l, err := parseCrmshList("show", plain, suffix)
	if err != nil {
		return false
	}
	got := l.sets
	if l.simple != nil {
		if !forced {
			return false
		}
		got = []cib.ResourceSet{{}}
		for i, w := range l.simple {
			rsc, sfx := splitRole(w)
			if _, first := splitRole(l.simple[0]); i > 0 && sfx != first {
				return false
			}
			if order {
				got[0].Action = sfx
			} else {
				got[0].Role = sfx
			}
			got[0].Refs = append(got[0].Refs, cib.ResourceRef{ID: rsc})
		}
	}
	if len(got) != len(sets) {
		return false
	}
	for i := range sets {
		a, b := got[i], sets[i]
		norm := func(s string) string {
			if w := boolWord(s); w == "false" {
				return w
			}
			return ""
		}
		if strings.Join(a.RefIDs(), " ") != strings.Join(b.RefIDs(), " ") ||
			a.Action != b.Action || a.Role != b.Role || a.Kind != b.Kind || a.Score != b.Score ||
			a.Ordering != b.Ordering || len(b.Extra) > 0 || len(b.Unknown) > 0 || b.IDRef != "" ||
			norm(a.Sequential) != norm(b.Sequential) || norm(a.RequireAll) != norm(b.RequireAll) {
			return false
		}
	}
	return true
}

// setConstraintText is "order|colocation ID [score|kind: ]SETS [opts]",
// or crmsh's xml fallback when the sets do not survive that form.
func setConstraintText(k cib.Constraint) string {
	order := k.Order != nil
	var sets []cib.ResourceSet
	var head, tail string
	if order {
		o := k.Order
		sets = o.Sets
		head = "order " + o.ID + " "
		if o.Score != "" {
			head += crmScore(o.Score) + ": "
		} else if o.Kind != "" {
			head += o.Kind + ": "
		}
		if o.Symmetrical != "" {
			tail = " symmetrical=" + o.Symmetrical
		}
	} else {
		x := k.Colocation
		sets = x.Sets
		head = "colocation " + x.ID + " "
		if x.Score != "" {
			head += crmScore(x.Score) + ": "
		}
		if x.NodeAttribute != "" {
			tail = " node-attribute=" + x.NodeAttribute
		}
	}
	words := rscSetWords(sets, order)
	if !setsRoundTrip(words, sets, order) {
		return setXMLText(k)
	}
	return head + strings.Join(words, " ") + tail
}

// setXMLText is crmsh's "xml" fallback for a set constraint; crmsh drops
// sequential/require-all when they hold their default (true).
func setXMLText(k cib.Constraint) string {
	var v any
	name := "rsc_colocation"
	strip := func(sets []cib.ResourceSet) []cib.ResourceSet {
		out := append([]cib.ResourceSet(nil), sets...)
		for i := range out {
			if boolWord(out[i].Sequential) == "true" {
				out[i].Sequential = ""
			}
			if boolWord(out[i].RequireAll) == "true" {
				out[i].RequireAll = ""
			}
		}
		return out
	}
	if k.Order != nil {
		cp := *k.Order
		cp.Sets = strip(cp.Sets)
		v, name = &cp, "rsc_order"
	} else {
		cp := *k.Colocation
		cp.Sets = strip(cp.Sets)
		v = &cp
	}
	data, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return "xml <!-- " + err.Error() + " -->"
	}
	text := string(data)
	for _, tag := range []string{"Order", "Colocation"} {
		text = strings.Replace(text, "<"+tag+" ", "<"+name+" ", 1)
		text = strings.Replace(text, "</"+tag+">", "</"+name+">", 1)
	}
	text = strings.ReplaceAll(text, "<ResourceSet ", "<resource_set ")
	text = strings.ReplaceAll(text, "</ResourceSet>", "</resource_set>")
	text = emptyElemRE.ReplaceAllString(text, "<$1$2/>")
	return "xml " + strings.Join(strings.Split(text, "\n"), " \\\n")
}
