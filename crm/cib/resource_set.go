package cib

import "encoding/xml"

// ResourceSet is a <resource_set> inside rsc_order or rsc_colocation: an
// ordered list of resource references with the set's own options.
// Unset attributes stay empty so the file writes back as it was read.
type ResourceSet struct {
	ID         string        `xml:"id,attr,omitempty"`
	IDRef      string        `xml:"id-ref,attr,omitempty"`
	Sequential string        `xml:"sequential,attr,omitempty"`
	RequireAll string        `xml:"require-all,attr,omitempty"`
	Ordering   string        `xml:"ordering,attr,omitempty"`
	Action     string        `xml:"action,attr,omitempty"`
	Role       string        `xml:"role,attr,omitempty"`
	Score      string        `xml:"score,attr,omitempty"`
	Kind       string        `xml:"kind,attr,omitempty"`
	Refs       []ResourceRef `xml:"resource_ref"`
	Extra      []xml.Attr    `xml:",any,attr"`
	Unknown    []AnyElement  `xml:",any"`
}

// ResourceRef names one member of a resource set.
type ResourceRef struct {
	ID    string     `xml:"id,attr"`
	Extra []xml.Attr `xml:",any,attr"`
}

// RefIDs lists the set's member ids in order.
func (s *ResourceSet) RefIDs() []string {
	out := make([]string, len(s.Refs))
	for i, r := range s.Refs {
		out[i] = r.ID
	}
	return out
}

// resourceSets checks the sets of a constraint: ids, members that exist,
// boolean options and actions Pacemaker knows.
func (v *validator) resourceSets(elem, owner string, sets []ResourceSet, rscs map[string]bool) {
	for i := range sets {
		s := &sets[i]
		if s.IDRef != "" {
			continue // a reference to a set defined elsewhere
		}
		v.id("resource_set", s.ID, owner)
		if len(s.Refs) == 0 {
			v.add(elem, owner, "resource_set", "set %q has no resource_ref", s.ID)
		}
		for _, r := range s.Refs {
			v.ref("resource_set", s.ID, "resource_ref", r.ID, rscs)
		}
		for field, b := range map[string]string{"sequential": s.Sequential, "require-all": s.RequireAll} {
			if _, ok := ParseBool(b); b != "" && !ok {
				v.add("resource_set", s.ID, field, "%q is not a boolean", b)
			}
		}
		switch s.Action {
		case "", "start", "stop", "promote", "demote":
		default:
			v.add("resource_set", s.ID, "action", "%q is not start/stop/promote/demote", s.Action)
		}
		v.score("resource_set", s.ID, s.Score)
	}
}
