package scheduler

import (
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// Resource sets in rsc_order, as 2.1.5's pcmk__unpack_ordering: each set
// orders its own members (unpack_order_set), then each set is ordered
// after the previous one (order_rsc_sets), the inverse right after.

// orderSymmetry is one ordering's role: the only relation of an
// asymmetric constraint, or the normal or inverse one of a symmetric one.
type orderSymmetry int

const (
	symAsymmetric orderSymmetry = iota
	symSymmetric
	symInverse
)

// kindOf reads an ordering kind from kind (or the deprecated score) like
// orderKind, for any element that carries them.
func orderKindOf(kind, sc string) string {
	return orderKind(&cib.Order{Kind: kind, Score: sc})
}

// setSymmetry is get_ordering_symmetry for a set: its own kind if it has
// one, else the constraint's; the constraint's symmetrical attribute.
// Serialize is never symmetric.
func setSymmetry(s *cib.ResourceSet, parentKind, parentSym string) orderSymmetry {
	kind := parentKind
	if s.Kind != "" || s.Score != "" {
		kind = orderKindOf(s.Kind, s.Score)
	}
	if parentSym != "" {
		if v, ok := cib.ParseBool(parentSym); !ok || !v || kind == "Serialize" {
			return symAsymmetric // crm_is_true: anything but a true word is false
		}
		return symSymmetric
	}
	if kind == "Serialize" {
		return symAsymmetric
	}
	return symSymmetric
}

// orderFlagsFor is ordering_flags_for_kind: the flags of the action-level
// list (graph edges) and of the flag walk (every ordering is optional
// there, an inverse mandatory one implies its first).
func orderFlagsFor(kind, firstTask string, sym orderSymmetry) (flags, walk orderFlags) {
	if kind == "Mandatory" {
		switch sym {
		case symAsymmetric:
			flags = asymmetric
		case symSymmetric:
			flags = impliesThen
			if firstTask == "start" {
				flags |= runnableLeft
			}
		case symInverse:
			return 0, orderOptional | impliesFirst
		}
	}
	return flags, flags | orderOptional
}

// setMembers resolves a set's resource_refs; a missing one stops the
// whole constraint there (2.1.5 returns an unpack error mid-way).
func (c *Cluster) setMembers(id string, s *cib.ResourceSet) ([]*Resource, bool) {
	out := make([]*Resource, 0, len(s.Refs))
	for _, ref := range s.Refs {
		r := c.byID[ref.ID]
		if r == nil {
			c.warnf("%s: no resource found for %s", id, ref.ID)
			return nil, false
		}
		out = append(out, r)
	}
	return out, true
}

// addSetOrder records one resource-level ordering of a set constraint.
func (c *Cluster) addSetOrder(id string, first *Resource, ft string, then *Resource, tt string, flags, walk orderFlags) {
	c.rscOrders = append(c.rscOrders, rscOrder{id: id, first: first, then: then, firstTask: ft, thenTask: tt,
		flags: flags, walkFlags: walk})
}

// setAction is a set's action (start by default) if gocrm can order it.
func (c *Cluster) setAction(id string, s *cib.ResourceSet) (string, bool) {
	a := strings.ToLower(s.Action)
	if a == "" {
		a = "start"
	}
	if inverseTask(a) == "" {
		c.warnf("rsc_order %q: set action %s not implemented yet; ignored", id, s.Action)
		return "", false
	}
	return a, true
}

// unpackOrderSets handles an rsc_order with resource sets.
func (c *Cluster) unpackOrderSets(o *cib.Order) {
	sets := c.resolveSets(o.ID, o.Sets)
	if sets == nil {
		return
	}
	for i := range sets {
		if _, ok := c.setAction(o.ID, sets[i]); !ok {
			return
		}
	}
	kind := orderKind(o)
	sym := symSymmetric
	if kind == "Serialize" {
		sym = symAsymmetric
	}
	if v, ok := cib.ParseBool(o.Symmetrical); ok {
		sym = symAsymmetric
		if v && kind != "Serialize" {
			sym = symSymmetric
		}
	}
	var last *cib.ResourceSet
	for _, s := range sets {
		if !c.unpackOrderSet(s, kind, o.Symmetrical) {
			return
		}
		if last != nil {
			if !c.orderSets(o.ID, last, s, kind, sym) {
				return
			}
			if sym == symSymmetric && !c.orderSets(o.ID, s, last, kind, symInverse) {
				return
			}
		}
		last = s
	}
}

// unpackOrderSet orders a set's own members: a sequential set chains
// them (and, when symmetric, chains their inverse actions backwards); a
// Serialize set orders each member before every later one.
func (c *Cluster) unpackOrderSet(s *cib.ResourceSet, parentKind, parentSym string) bool {
	action, _ := c.setAction(s.ID, s)
	kind := parentKind
	if s.Kind != "" {
		kind = orderKindOf(s.Kind, "")
	}
	sequential := s.Sequential == "" || isTrue(s.Sequential)
	sym := setSymmetry(s, parentKind, parentSym)
	flags, walk := orderFlagsFor(kind, action, sym)
	members, ok := c.setMembers(s.ID, s)
	if !ok {
		return false
	}
	if len(members) == 1 {
		return true
	}
	for i, r := range members {
		switch {
		case kind == "Serialize":
			for _, t := range members[i+1:] {
				c.addSetOrder(s.ID, r, action, t, action, flags, walk)
			}
		case sequential && i > 0:
			c.addSetOrder(s.ID, members[i-1], action, r, action, flags, walk)
		}
	}
	if sym == symAsymmetric || !sequential {
		return true
	}
	inv := inverseTask(action)
	flags, walk = orderFlagsFor(kind, inv, symInverse)
	for i := 1; i < len(members); i++ {
		c.addSetOrder(s.ID, members[i], inv, members[i-1], inv, flags, walk)
	}
	return true
}

// orderSets orders set2 after set1 (or, for the inverse, set1's inverse
// actions after set2's). Only a set explicitly sequential="true" is
// represented by one member (its last, or its first for the inverse, on
// the "first" side); otherwise every member is ordered.
func (c *Cluster) orderSets(id string, set1, set2 *cib.ResourceSet, kind string, sym orderSymmetry) bool {
	a1, _ := c.setAction(id, set1)
	a2, _ := c.setAction(id, set2)
	if sym == symInverse {
		a1, a2 = inverseTask(a1), inverseTask(a2)
	}
	requireAll := true
	if v, ok := cib.ParseBool(set1.RequireAll); ok {
		requireAll = v
	}
	if a1 == "stop" {
		requireAll = true // one-or-more only applies while starting
	}
	// 2.1.5 decides runnable_left by the "then" set's action here (seen
	// in crm_simulate's trace: "start then stop" between sets has none).
	flags, walk := orderFlagsFor(kind, a2, sym)
	m1, ok := c.setMembers(id, set1)
	if !ok {
		return false
	}
	m2, ok := c.setMembers(id, set2)
	if !ok {
		return false
	}
	if !requireAll {
		c.orderRelaxed(id, set1.ID, m1, a1, m2, a2, flags, walk)
		return true
	}
	if isTrue(set1.Sequential) && len(m1) > 0 {
		if sym == symInverse {
			m1 = m1[:1]
		} else {
			m1 = m1[len(m1)-1:]
		}
	}
	if isTrue(set2.Sequential) && len(m2) > 0 {
		if sym == symInverse {
			m2 = m2[len(m2)-1:]
		} else {
			m2 = m2[:1]
		}
	}
	for _, f := range m1 {
		for _, t := range m2 {
			c.addSetOrder(id, f, a1, t, a2, flags, walk)
		}
	}
	return true
}

// resolveSets follows id-ref sets to the set they name (expand_idref);
// nil when one names nothing.
func (c *Cluster) resolveSets(id string, sets []cib.ResourceSet) []*cib.ResourceSet {
	out := make([]*cib.ResourceSet, 0, len(sets))
	for i := range sets {
		s := &sets[i]
		if s.IDRef != "" {
			s = c.setByID[s.IDRef]
			if s == nil {
				c.warnf("%s: resource_set id-ref %q names no set; ignored", id, sets[i].IDRef)
				return nil
			}
		}
		out = append(out, s)
	}
	return out
}
