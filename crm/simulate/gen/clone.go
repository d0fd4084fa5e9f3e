package gen

import (
	"strconv"

	"github.com/gorosync/gorosync/crm/cib"
)

// makeClone turns a lone primitive into an anonymous clone of it, with
// clone-max set sometimes (possibly more or fewer than the nodes).
func (g *generator) makeClone(t *top) {
	t.clone = true
	t.id = t.members[0].id + "-clone"
	if g.chance(0.4) {
		t.cloneMax = 1 + g.r.IntN(len(g.nodes)+1)
	}
}

// clone builds the <clone> element: the primitive with member-like meta
// attributes, the clone with top-level ones and the clone options.
func (g *generator) clone(t *top) *cib.Clone {
	pr := g.primitive(t.members[0], false)
	cl := &cib.Clone{ID: t.id, Primitive: &pr}
	var kv []string
	if t.cloneMax > 0 {
		kv = append(kv, "clone-max", strconv.Itoa(t.cloneMax))
	}
	plain := g.chance(0.2)
	switch {
	case g.f.Interleave && g.inter.Float64() < 0.6:
		kv = append(kv, "interleave", "true")
	case plain:
		kv = append(kv, "interleave", "false", "notify", "false")
	}
	if len(kv) > 0 {
		cl.MetaAttributes = cib.Sets{g.nvset(t.id+"-options", kv...)}
	}
	g.meta(&cl.MetaAttributes, t.id, true)
	return cl
}

// cloneNodes picks the online nodes where a clone's instances run (at most
// clone-max of them); nil for anything but a clone.
func (g *generator) cloneNodes(t *top, online []int) map[int]bool {
	if !t.clone || !g.f.Running {
		return nil
	}
	max := t.cloneMax
	if max == 0 {
		max = len(g.nodes)
	}
	on := map[int]bool{}
	for _, ni := range online {
		if len(on) < max && g.chance(0.5) {
			on[ni] = true
		}
	}
	return on
}

// cloneConstraints adds, with Interleave, an order and a colocation
// between two clones (so that interleaving has something to pair); the
// ids are those the random constraints use, so duplicates are dropped.
// Interleave draws from its own stream: the rest of a seed's cluster
// stays the same with it on.
func (g *generator) cloneConstraints(cf *cib.Configuration) {
	if !g.f.Interleave {
		return
	}
	saved := g.r
	g.r = g.inter
	defer func() { g.r = saved }()
	var clones []string
	for _, t := range g.tops {
		if t.clone {
			clones = append(clones, t.id)
		}
	}
	if len(clones) < 2 {
		return
	}
	for n := g.r.IntN(3); n > 0; n-- {
		a, b := g.r.IntN(len(clones)), g.r.IntN(len(clones))
		if a == b {
			continue
		}
		if a > b {
			a, b = b, a
		}
		if g.chance(0.7) {
			o := &cib.Order{ID: "ord-" + clones[a] + "-" + clones[b], First: clones[a], Then: clones[b]}
			if g.chance(0.2) {
				o.Kind = "Optional"
			}
			cf.Constraints.Items = append(cf.Constraints.Items, cib.Constraint{Order: o})
		}
		if g.chance(0.7) {
			cf.Constraints.Items = append(cf.Constraints.Items, cib.Constraint{Colocation: &cib.Colocation{
				ID: "col-" + clones[b] + "-" + clones[a], Rsc: clones[b], WithRsc: clones[a],
				Score: g.pick("INFINITY", "INFINITY", "100", "-INFINITY")}})
		}
	}
}
