package status

import (
	"sort"
	"strings"
)

// hiddenAttrPrefixes are the node attributes crm_mon never lists: fail
// counts, last failures, the shutdown/terminate requests, standby, and
// the built-in "#" ones.
var hiddenAttrPrefixes = []string{"fail-count-", "last-failure-", "shutdown", "terminate", "standby", "#"}

// shownAttributes are the node attributes crm_mon lists for an online
// node, sorted by name.
func shownAttributes(attrs map[string]string) []string {
	var names []string
next:
	for k := range attrs {
		for _, p := range hiddenAttrPrefixes {
			if strings.HasPrefix(k, p) {
				continue next
			}
		}
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// xmlNodeAttributes writes <node_attributes> for the online nodes that
// have attributes to show; nothing when none has.
func (v *view) xmlNodeAttributes(w *xw) {
	type entry struct {
		node  string
		names []string
		attrs map[string]string
	}
	var list []entry
	for _, n := range v.nodes {
		if !n.Online {
			continue
		}
		if names := shownAttributes(n.Attrs); len(names) > 0 {
			list = append(list, entry{n.Name, names, n.Attrs})
		}
	}
	if len(list) == 0 {
		return
	}
	w.open("node_attributes")
	for _, e := range list {
		w.open("node", "name", e.node)
		for _, k := range e.names {
			w.empty("attribute", "name", k, "value", e.attrs[k])
		}
		w.close("node")
	}
	w.close("node_attributes")
}
