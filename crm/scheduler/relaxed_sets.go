package scheduler

// require-all="false" on an ordered set, as 2.1.5's order_rsc_sets does
// it: the set's members are ordered before one pseudo-action without a
// resource ("one-or-more:<set id>"), which can run once any of them can
// (pe_action_requires_any), and that pseudo-action is ordered before every
// member of the next set.

// relaxedTask is the pseudo-action's name (CRM_OP_RELAXED_SET).
const relaxedPrefix = "one-or-more:"

// relaxedAction finds or creates the pseudo-action of set id
// (get_pseudo_op: one per name).
func (c *Cluster) relaxedAction(setID string) *Action {
	name := relaxedPrefix + setID
	for _, a := range c.relaxed {
		if a.Task == name {
			return a
		}
	}
	a := &Action{Task: name, Pseudo: true, Optional: true, Runnable: true, requiresAny: true}
	c.record(a)
	c.relaxed = append(c.relaxed, a)
	return a
}

// orderRelaxed orders set1's members (their a1) before the pseudo-action,
// and the pseudo-action before set2's members (their a2) with flags.
func (c *Cluster) orderRelaxed(id, setID string, m1 []*Resource, a1 string, m2 []*Resource, a2 string, flags, walk orderFlags) {
	p := c.relaxedAction(setID)
	for _, f := range m1 {
		c.rscOrders = append(c.rscOrders, rscOrder{id: id, first: f, firstTask: a1, thenAction: p,
			flags: oneOrMore | impliesThenPrinted, walkFlags: oneOrMore | impliesThenPrinted})
	}
	for _, t := range m2 {
		c.rscOrders = append(c.rscOrders, rscOrder{id: id, firstAction: p, then: t, thenTask: a2,
			flags: flags | runnableLeft, walkFlags: walk | runnableLeft})
	}
}

// applyOneOrMore is the walk's one-or-more ordering into a pseudo-action
// without a resource: each runnable first counts, one is enough.
func (w *walker) applyOneOrMore(first, then *Action, ff actFlags, typ orderFlags) int {
	changed := 0
	if typ&oneOrMore != 0 && ff.runnable {
		then.runnableBefore++
		if !then.Runnable {
			then.Runnable = true
			changed |= updatedThen
		}
	}
	// A required, runnable first puts the pseudo-action in the graph.
	if typ&impliesThenPrinted != 0 && first.Runnable && !ff.optional {
		then.printAlways = true
	}
	return changed
}

// relaxedEdges gives an order into or out of a one-or-more pseudo-action
// its graph edges. A group or clone first keeps its own start: 2.1.5 only
// waits for running instead when both sides have a resource.
func (c *Cluster) relaxedEdges(o rscOrder) {
	if o.thenAction != nil {
		for _, f := range o.first.rscActions(o.firstTask) {
			c.orderActions(f, o.thenAction, o.flags)
		}
		return
	}
	for _, t := range o.then.rscActions(o.thenTask) {
		c.orderActions(o.firstAction, t, o.flags)
	}
}
