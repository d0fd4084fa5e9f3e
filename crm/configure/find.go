package configure

import (
	"sort"

	"github.com/gorosync/gorosync/crm/cib"
)

// rscLoc is where a resource sits in <resources>.
type rscLoc struct {
	top    int // index of the top-level entry holding it
	prim   *cib.Primitive
	group  *cib.Group // the group itself, or the group holding prim
	clone  *cib.Clone
	member bool // prim is inside group (or a clone)
}

// kind names the element for messages.
func (l rscLoc) kind() string {
	switch {
	case l.prim != nil:
		return "primitive"
	case l.group != nil:
		return "group"
	case l.clone != nil:
		return "clone"
	}
	return "resource"
}

// findResource finds a primitive, group or clone by id at any depth.
func findResource(c *cib.CIB, id string) (rscLoc, bool) {
	for i := range c.Configuration.Resources.Items {
		r := &c.Configuration.Resources.Items[i]
		switch {
		case r.Primitive != nil:
			if r.Primitive.ID == id {
				return rscLoc{top: i, prim: r.Primitive}, true
			}
		case r.Group != nil:
			if l, ok := findInGroup(r.Group, id, i); ok {
				return l, true
			}
		case r.Clone != nil:
			cl := r.Clone
			if cl.ID == id {
				return rscLoc{top: i, clone: cl}, true
			}
			if cl.Primitive != nil && cl.Primitive.ID == id {
				return rscLoc{top: i, prim: cl.Primitive, clone: cl, member: true}, true
			}
			if cl.Group != nil {
				if l, ok := findInGroup(cl.Group, id, i); ok {
					l.clone = cl
					l.member = true
					return l, true
				}
			}
		case r.Other != nil:
			if r.ID() == id {
				return rscLoc{top: i}, true
			}
		}
	}
	return rscLoc{}, false
}

func findInGroup(g *cib.Group, id string, top int) (rscLoc, bool) {
	if g.ID == id {
		return rscLoc{top: top, group: g}, true
	}
	for j := range g.Primitives {
		if g.Primitives[j].ID == id {
			return rscLoc{top: top, prim: &g.Primitives[j], group: g, member: true}, true
		}
	}
	return rscLoc{}, false
}

// takePrimitive removes primitive id from wherever it is (top level or a
// group; an emptied group is removed too) and returns it.
func takePrimitive(c *cib.CIB, id string) (cib.Primitive, bool) {
	items := c.Configuration.Resources.Items
	for i, r := range items {
		if r.Primitive != nil && r.Primitive.ID == id {
			p := *r.Primitive
			c.Configuration.Resources.Items = append(items[:i:i], items[i+1:]...)
			return p, true
		}
		if r.Group != nil {
			for j, p := range r.Group.Primitives {
				if p.ID == id {
					r.Group.Primitives = append(r.Group.Primitives[:j:j], r.Group.Primitives[j+1:]...)
					if len(r.Group.Primitives) == 0 {
						c.Configuration.Resources.Items = append(items[:i:i], items[i+1:]...)
					}
					return p, true
				}
			}
		}
	}
	return cib.Primitive{}, false
}

// constraintRefs lists the resources a constraint names.
func constraintRefs(k cib.Constraint) []string {
	switch {
	case k.Location != nil:
		return []string{k.Location.Rsc}
	case k.Colocation != nil:
		return []string{k.Colocation.Rsc, k.Colocation.WithRsc}
	case k.Order != nil:
		return []string{k.Order.First, k.Order.Then}
	}
	return nil
}

// dropConstraintsFor removes every constraint naming one of ids and
// returns the removed constraints' ids.
func dropConstraintsFor(c *cib.CIB, ids map[string]bool) []string {
	var kept []cib.Constraint
	var removed []string
	for _, k := range c.Configuration.Constraints.Items {
		hit := false
		for _, r := range constraintRefs(k) {
			if ids[r] {
				hit = true
			}
		}
		if hit {
			removed = append(removed, k.ID())
			continue
		}
		kept = append(kept, k)
	}
	c.Configuration.Constraints.Items = kept
	return removed
}

func sortStrings(s []string) { sort.Strings(s) }

// constraintRefPtrs points at the resource fields of a constraint.
func constraintRefPtrs(k cib.Constraint) []*string {
	switch {
	case k.Location != nil:
		return []*string{&k.Location.Rsc}
	case k.Colocation != nil:
		return []*string{&k.Colocation.Rsc, &k.Colocation.WithRsc}
	case k.Order != nil:
		return []*string{&k.Order.First, &k.Order.Then}
	}
	return nil
}
