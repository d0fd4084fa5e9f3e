package scheduler

import "strings"

// failCountIndex groups a node's fail-count-* attribute names by the
// resource id they start with: failCount is asked for every primitive on
// every node, and scanning all of a node's attributes each time made
// scheduling quadratic in the number of resources.
type failCountIndex struct {
	size int                 // len(Attrs) it was built from
	keys map[string][]string // resource id -> attribute names
}

// failCountKeys returns the attribute names that may be fail counts of
// the resource with history id rscID ("fail-count-<id>#..." or
// "fail-count-<id>:<n>#..."); failCount checks the rest.
func (n *Node) failCountKeys(rscID string) []string {
	if strings.ContainsAny(rscID, ":#") {
		// Not a valid XML id; cannot be indexed, so look at everything.
		return n.failCountCandidates()
	}
	if n.fails == nil || n.fails.size != len(n.Attrs) {
		idx := &failCountIndex{size: len(n.Attrs), keys: map[string][]string{}}
		for _, k := range n.failCountCandidates() {
			rest := k[len("fail-count-"):]
			if i := strings.IndexAny(rest, ":#"); i >= 0 {
				idx.keys[rest[:i]] = append(idx.keys[rest[:i]], k)
			}
		}
		n.fails = idx
	}
	return n.fails.keys[rscID]
}

func (n *Node) failCountCandidates() []string {
	var out []string
	for k := range n.Attrs {
		if strings.HasPrefix(k, "fail-count-") {
			out = append(out, k)
		}
	}
	return out
}
