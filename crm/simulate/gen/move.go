package gen

import (
	"time"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/crmresource"
)

// moves runs a few crm_resource --move/--ban commands (crm/crmresource)
// on the finished cluster, so the constraints have exactly the shape
// crm_resource writes. Lifetimes start at Now minus an offset, so some
// have ended by Now and some have not (one ends exactly at Now: "lt" is
// then false).
func (g *generator) moves(c *cib.CIB) {
	if !g.f.Move {
		return
	}
	ids := g.allIDs(true)
	for i, n := 0, 1+g.r.IntN(3); i < n; i++ {
		rsc := ids[g.r.IntN(len(ids))]
		node := ""
		if g.chance(0.8) {
			node = g.nodes[g.r.IntN(len(g.nodes))]
		}
		lifetime, start := "", Now
		if g.chance(0.4) {
			lifetime = g.pick("PT1H", "P1D", "PT10M")
			back := []time.Duration{0, 30 * time.Minute, time.Hour, 2 * time.Hour, 48 * time.Hour}
			start = Now.Add(-back[g.r.IntN(len(back))])
		}
		// Commands that crm_resource refuses (already there, active on
		// several nodes or none) leave the CIB as it was.
		if g.chance(0.5) {
			_, _ = crmresource.Move(c, crmresource.MoveOptions{Resource: rsc, Node: node, Lifetime: lifetime,
				Force: g.chance(0.2), Now: start})
		} else {
			_, _ = crmresource.Ban(c, crmresource.BanOptions{Resource: rsc, Node: node, Lifetime: lifetime, Now: start})
		}
	}
}
