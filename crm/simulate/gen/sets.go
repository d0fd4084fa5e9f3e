package gen

import (
	"fmt"
	"sort"

	"github.com/gorosync/gorosync/crm/cib"
)

// setConstraints adds rsc_order and rsc_colocation constraints made of
// resource sets over the top-level resources, drawn from their own
// stream. Members are distinct and split in index order so that, like
// the plain constraints, orders only run from earlier to later resources
// and colocations only place later ones with earlier ones (no loops).
func (g *generator) setConstraints(cf *cib.Configuration, tops []string) {
	for i, n := 0, g.r.IntN(3); i < n; i++ {
		sets := g.drawSets(tops, fmt.Sprintf("oset%d", i+1))
		o := &cib.Order{ID: fmt.Sprintf("oset%d", i+1), Sets: sets}
		for k := range o.Sets {
			s := &o.Sets[k]
			s.Sequential = g.pick("", "", "true", "false")
			if g.chance(0.1) {
				s.Action = g.pick("start", "stop")
			}
			if g.chance(0.25) {
				s.RequireAll = "false"
			}
		}
		if g.chance(0.3) {
			o.Kind = g.pick("Optional", "Mandatory")
		}
		if g.chance(0.2) {
			o.Symmetrical = "false"
		}
		cf.Constraints.Items = append(cf.Constraints.Items, cib.Constraint{Order: o})
	}
	for i, n := 0, g.r.IntN(3); i < n; i++ {
		sets := g.drawSets(tops, fmt.Sprintf("cset%d", i+1))
		// Later sets are placed first: reverse so placement runs from
		// earlier resources to later ones.
		for a, b := 0, len(sets)-1; a < b; a, b = a+1, b-1 {
			sets[a], sets[b] = sets[b], sets[a]
		}
		x := &cib.Colocation{ID: fmt.Sprintf("cset%d", i+1), Sets: sets,
			Score: g.pick("INFINITY", "INFINITY", "-INFINITY", "100")}
		for k := range x.Sets {
			s := &x.Sets[k]
			s.Sequential = g.pick("", "", "true", "false")
			if g.chance(0.15) {
				s.Score = g.pick("INFINITY", "-INFINITY", "50")
			}
		}
		cf.Constraints.Items = append(cf.Constraints.Items, cib.Constraint{Colocation: x})
	}
}

// drawSets picks 2–5 distinct resources and splits them, in index order,
// into 1–3 non-empty sets with ids <id>-set<k>.
func (g *generator) drawSets(tops []string, id string) []cib.ResourceSet {
	n := min(len(tops), 2+g.r.IntN(4))
	idx := g.r.Perm(len(tops))[:n]
	sort.Ints(idx)
	nsets := min(n, 1+g.r.IntN(3))
	// Cut points: nsets-1 distinct positions in 1..n-1.
	cuts := g.r.Perm(n - 1)[:nsets-1]
	for k := range cuts {
		cuts[k]++
	}
	cuts = append(cuts, 0, n)
	sort.Ints(cuts)
	var sets []cib.ResourceSet
	for k := 0; k+1 < len(cuts); k++ {
		s := cib.ResourceSet{ID: fmt.Sprintf("%s-set%d", id, k+1)}
		for _, i := range idx[cuts[k]:cuts[k+1]] {
			s.Refs = append(s.Refs, cib.ResourceRef{ID: tops[i]})
		}
		sets = append(sets, s)
	}
	return sets
}
