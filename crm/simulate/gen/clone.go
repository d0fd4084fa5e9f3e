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
	if g.chance(0.2) {
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
