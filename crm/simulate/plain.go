package simulate

import "strings"

// plainIf is out as crm_simulate 2.1.5 prints it with -s or -U: those
// options keep it from forcing --text-fancy, so its text output has no
// list headings, no indentation or bullets, and list items named by an id
// (the node list's "Online: [ ... ]") lose the id.
func plainIf(plain bool, out string) string {
	if !plain {
		return out
	}
	lines := strings.SplitAfter(out, "\n")
	var b strings.Builder
	for _, l := range lines {
		body := strings.TrimSuffix(l, "\n")
		nl := l[len(body):]
		item, bullet := strings.CutPrefix(strings.TrimLeft(body, " "), "* ")
		if !bullet {
			item = body // not a list line (the maintenance banner keeps its centring)
		}
		if isHeading(item) {
			continue
		}
		for _, id := range []string{"Online: ", "OFFLINE: "} {
			if bullet && strings.HasPrefix(item, id+"[") {
				item = strings.TrimPrefix(item, id)
			}
		}
		b.WriteString(item + nl)
	}
	return b.String()
}

// isHeading: a list heading of the fancy output ("Current cluster
// status:", "Resource Group: g:", "Node: n:", ...): every one ends with
// a colon, no item does.
func isHeading(s string) bool { return strings.HasSuffix(s, ":") }
