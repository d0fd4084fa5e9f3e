package scheduler

import (
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/score"
)

// rscOrder is an unpacked rsc_order between two resources (primitives or
// groups): the "first" task must finish before the "then" task.
type rscOrder struct {
	id                  string
	first, then         *Resource
	firstTask, thenTask string
	flags               orderFlags
	// walkFlags are Pacemaker's flags for the flag walk (walk.go): every
	// order is also optional, a mandatory inverse implies its first.
	walkFlags orderFlags
	// thenMissing: the then resource had no action for thenTask when the
	// flag walk applied this order (in creation order), so 2.1.5 dropped
	// it and it gives no graph edge (seed 95 of -with Sets).
	thenMissing bool
	// duplicate: an earlier order already links the same actions (every
	// rsc_order shares pe_order_optional, so order_actions drops this one
	// and its flags never apply: -with Sets seed 446, an Optional set
	// order then a Mandatory one between the same two resources).
	duplicate bool
	// firstAction or thenAction replace first or then: the one-or-more
	// pseudo-action of a require-all="false" set (relaxed_sets.go).
	firstAction, thenAction *Action
}

// orderKind reads kind, falling back to the deprecated score attribute
// (0 means Optional, anything else Mandatory), as 2.1.5 does.
func orderKind(o *cib.Order) string {
	switch strings.ToLower(o.Kind) {
	case "optional":
		return "Optional"
	case "serialize":
		return "Serialize"
	case "mandatory":
		return "Mandatory"
	}
	if o.Kind == "" && o.Score != "" {
		if s, err := score.ParseStrict(o.Score); err == nil && s == 0 {
			return "Optional"
		}
	}
	return "Mandatory"
}

// inverseTask is the action undone by task (start <-> stop).
func inverseTask(task string) string {
	switch task {
	case "start":
		return "stop"
	case "stop":
		return "start"
	}
	return ""
}

// unpackOrder records an rsc_order and, when symmetrical, its inverse
// (then's inverse task before first's inverse task).
func (c *Cluster) unpackOrder(o *cib.Order) {
	first, then := c.byID[o.First], c.byID[o.Then]
	if first == nil || then == nil {
		c.warnf("rsc_order %q: unknown resource; ignored", o.ID)
		return
	}
	if first == then {
		c.warnf("rsc_order %q: a resource ordered after itself; ignored", o.ID)
		return
	}
	ft, tt := o.FirstAction, o.ThenAction
	if ft == "" {
		ft = "start"
	}
	if tt == "" {
		tt = ft
	}
	if inverseTask(ft) == "" || inverseTask(tt) == "" {
		c.warnf("rsc_order %q: actions %s/%s not implemented yet; ignored", o.ID, ft, tt)
		return
	}
	kind := orderKind(o)
	symmetrical := kind != "Serialize"
	if o.Symmetrical != "" {
		if v, ok := cib.ParseBool(o.Symmetrical); ok {
			symmetrical = v
		}
	}
	var flags orderFlags
	switch {
	case kind != "Mandatory":
		// Optional and Serialize only order actions that happen anyway.
	case !symmetrical:
		flags = asymmetric
	default:
		flags = impliesThen
		if ft == "start" {
			flags |= runnableLeft
		}
	}
	c.rscOrders = append(c.rscOrders, rscOrder{id: o.ID, first: first, then: then, firstTask: ft, thenTask: tt,
		flags: flags, walkFlags: flags | orderOptional})
	if !symmetrical {
		return
	}
	// Pacemaker gives a mandatory inverse implies_first, but 2.1.5 only
	// honours it when the first action's flags differ from what its
	// resource reports for it (clones, bundles); for primitives and
	// groups it never fires, so the inverse only orders.
	var inv orderFlags
	invWalk := orderOptional
	if kind == "Mandatory" {
		invWalk |= impliesFirst
		inv = inverseMandatory // only for the graph's inputs
	}
	c.rscOrders = append(c.rscOrders, rscOrder{id: o.ID + "-inv", first: then, then: first,
		firstTask: inverseTask(tt), thenTask: inverseTask(ft), flags: inv, walkFlags: invWalk})
}

// members is a resource's primitives: itself, or a group's children.
func (r *Resource) members() []*Resource {
	if r.Group || r.IsClone() {
		return r.Children
	}
	return []*Resource{r}
}

// constraintOrderings turns the rsc_orders into primitive orderings (the
// resource-level list; the flag walk builds its own, walk.go). A group as
// "then" passes the ordering on to each member.
func (c *Cluster) constraintOrderings() {
	for i := len(c.rscOrders) - 1; i >= 0; i-- {
		o := c.rscOrders[i]
		if o.firstAction != nil || o.thenAction != nil {
			continue // through a pseudo-action: the graph orders it
		}
		for _, t := range o.then.members() {
			c.orderings = append(c.orderings, ordering{first: o.first, firstTask: o.firstTask,
				then: t, thenTask: o.thenTask, flags: o.flags, constraint: true})
		}
	}
}
