package scheduler

import (
	"slices"

	"github.com/gorosync/gorosync/crm/score"
)

// logScores records r's node scores (and its children's, as
// pe__show_node_weights does) the way crm_simulate -s prints them:
// "FN: R allocation score on NODE: S", nodes by name with numbers
// compared as numbers, only nodes r may be placed on, orphans left out.
// FN is the 2.1.5 function that printed them (pcmk__primitive_assign,
// pcmk__group_assign, pcmk__clone_allocate).
func (c *Cluster) logScores(fn string, r *Resource) {
	if !c.showScores || r.Orphan {
		return
	}
	if c.byName == nil {
		c.byName = make([]int, len(c.Nodes))
		for i := range c.byName {
			c.byName[i] = i
		}
		slices.SortStableFunc(c.byName, func(a, b int) int {
			switch {
			case NaturalLess(c.Nodes[a].Name, c.Nodes[b].Name):
				return -1
			case NaturalLess(c.Nodes[b].Name, c.Nodes[a].Name):
				return 1
			}
			return 0
		})
	}
	for _, i := range c.byName {
		if i < len(r.Allowed) && r.Allowed[i] != notAllowed {
			c.scoreLines = append(c.scoreLines, fn+": "+r.ID+" allocation score on "+c.Nodes[i].Name+": "+score.String(r.Allowed[i]))
		}
	}
	for _, ch := range r.Children {
		c.logScores(fn, ch)
	}
}
