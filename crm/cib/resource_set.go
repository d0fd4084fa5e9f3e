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
