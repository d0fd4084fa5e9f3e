package scheduler

import (
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/score"
)

// Resource sets in rsc_colocation, as 2.1.5's pcmk__unpack_colocation:
// each set colocates its own members (unpack_colocation_set), then the
// first member of each set is colocated with the last member of the next
// set (colocate_rsc_sets), so the last set is placed first.

// indexSets maps every resource_set of the constraints by id (id-ref).
func (c *Cluster) indexSets(doc *cib.CIB) {
	c.setByID = map[string]*cib.ResourceSet{}
	add := func(sets []cib.ResourceSet) {
		for i := range sets {
			if sets[i].ID != "" && sets[i].IDRef == "" {
				c.setByID[sets[i].ID] = &sets[i]
			}
		}
	}
	for _, item := range doc.Configuration.Constraints.Items {
		switch {
		case item.Order != nil:
			add(item.Order.Sets)
		case item.Colocation != nil:
			add(item.Colocation.Sets)
		}
	}
}

// influenceOf is unpack_influence: the constraint's influence if it is a
// boolean, else the dependent's "critical" meta attribute (default true).
func influenceOf(dep *Resource, influence string) bool {
	if b, ok := cib.ParseBool(influence); ok {
		return b
	}
	if b, ok := cib.ParseBool(dep.Meta["critical"]); ok {
		return b
	}
	return true
}

func (c *Cluster) unpackColocationSets(x *cib.Colocation) {
	sets := c.resolveSets(x.ID, x.Sets)
	if sets == nil {
		return
	}
	for _, s := range sets {
		if s.Role != "" && !strings.EqualFold(s.Role, "Started") {
			c.warnf("rsc_colocation %q: set roles not supported yet; ignored", x.ID)
			return
		}
	}
	sc := score.Parse(x.Score)
	var last *cib.ResourceSet
	for _, s := range sets {
		if !c.colocateSet(x.ID, s, sc, x.Influence) {
			return
		}
		if last != nil && !c.colocateSets(x.ID, last, s, sc, x.Influence) {
			return
		}
		last = s
	}
}

// colocateSet colocates a set's members: positive scores chain each member
// with the previous one (ordering="listed": each with the next), negative
// ones keep every member away from every earlier one; sequential="false"
// sets have no internal colocations.
func (c *Cluster) colocateSet(id string, s *cib.ResourceSet, sc int, influence string) bool {
	if s.Score != "" {
		sc = score.Parse(s.Score)
	}
	if sc == 0 {
		return true
	}
	members, ok := c.setMembers(s.ID, s)
	if !ok {
		return false
	}
	if v, ok := cib.ParseBool(s.Sequential); ok && !v {
		return true
	}
	listed := s.Ordering != "" && !strings.EqualFold(s.Ordering, "group")
	for i := 1; i < len(members); i++ {
		switch {
		case sc < 0:
			for _, with := range members[:i] {
				if with != members[i] {
					c.newColocation(s.ID, members[i], with, sc, influenceOf(members[i], influence))
				}
			}
		case listed:
			c.newColocation(s.ID, members[i-1], members[i], sc, influenceOf(members[i-1], influence))
		default:
			c.newColocation(s.ID, members[i], members[i-1], sc, influenceOf(members[i], influence))
		}
	}
	return true
}

// colocateSets colocates set1 with set2: a sequential set (the default)
// takes part through one member, set1 its first, set2 its last.
func (c *Cluster) colocateSets(id string, set1, set2 *cib.ResourceSet, sc int, influence string) bool {
	if sc == 0 {
		return true
	}
	m1, ok := c.setMembers(id, set1)
	if !ok {
		return false
	}
	m2, ok := c.setMembers(id, set2)
	if !ok {
		return false
	}
	if v, ok := cib.ParseBool(set1.Sequential); (!ok || v) && len(m1) > 0 {
		m1 = m1[:1]
	}
	if v, ok := cib.ParseBool(set2.Sequential); (!ok || v) && len(m2) > 0 {
		m2 = m2[len(m2)-1:]
	}
	for _, d := range m1 {
		for _, p := range m2 {
			c.newColocation(id, d, p, sc, influenceOf(d, influence))
		}
	}
	return true
}
