package scheduler

// The flag walk, as Pacemaker 2.1.5's pcmk__update_action_for_orderings
// does it: every action (newest first) is updated from the orderings
// before it (newest first); a "first" that changes is updated again at
// once, after what comes after it, and a "then" that changed is updated
// again after its loop, then what comes after it. A group's or clone's
// "first" action is replaced by its running/stopped pseudo-action the
// first time it is seen (a new ordering, so the "then" is redone). The
// group and clone pseudo-actions are real actions here: their flags come
// from their members (walk_flags.go). Reasons are first-come, so this
// order decides them.

// walkLink is one action-level ordering.
type walkLink struct {
	first, then *Action
	flags       orderFlags // 0 once replaced by an ordering from a pseudo-action
}

type walker struct {
	c *Cluster
	// Orderings into (before) and out of (after) each action, oldest
	// first: Pacemaker prepends, so they are read from the end.
	before map[*Action][]*walkLink
	after  map[*Action][]*walkLink
	depth  int
}

// link orders first before then unless the same pair is already ordered
// with a common flag (order_actions); it reports whether it added one.
func (w *walker) link(first, then *Action, flags orderFlags) bool {
	if flags == 0 || first == nil || then == nil || first == then {
		return false
	}
	for _, l := range w.after[first] {
		if l.then == then && l.flags&flags != 0 {
			return false
		}
	}
	w.before[then] = append(w.before[then], &walkLink{first: first, then: then, flags: flags})
	w.after[first] = append(w.after[first], &walkLink{first: first, then: then, flags: flags})
	return true
}

// firsts are a resource's actions for task as an ordering's first side,
// creating a start without a node when there is none (rsc_order_first;
// never a stop of an inactive resource). Groups and clones name their own
// pseudo-actions.
func (c *Cluster) walkFirsts(r *Resource, task string) []*Action {
	if r.Group || r.IsClone() {
		return r.rscActions(task)
	}
	if as := r.actionsFor(task); len(as) > 0 || task != "start" {
		return as
	}
	r.start = c.newAction(r, "start", nil, true)
	return []*Action{r.start}
}

// orderRsc resolves a resource-level ordering into action links, as
// pcmk__apply_orderings does for one ordering. It reports false when the
// then side has no action for the task at this point: 2.1.5's
// rsc_order_then ignores the ordering then ("then not found"), unlike a
// missing first action, which rsc_order_first creates. dup tells whether
// every link it made was already there (order_actions drops a pair
// already ordered with a common flag).
func (w *walker) orderRsc(first *Resource, firstTask string, then *Resource, thenTask string, flags orderFlags) (found, dup bool) {
	return w.linkAll(w.c.walkFirsts(first, firstTask), then.rscActions(thenTask), flags)
}

// linkAll links every first to every then (thens last to first, as
// 2.1.5 walks them); found and dup as orderRsc reports them.
func (w *walker) linkAll(firsts, thens []*Action, flags orderFlags) (found, dup bool) {
	if len(thens) == 0 {
		return false, false
	}
	tried, added := 0, 0
	for _, f := range firsts {
		for i := len(thens) - 1; i >= 0; i-- {
			tried++
			if w.link(f, thens[i], flags) {
				added++
			}
		}
	}
	return true, tried > 0 && added == 0
}

// orderRscOrder resolves an rsc_order (orderRsc), one side of it perhaps
// a one-or-more pseudo-action.
func (w *walker) orderRscOrder(o rscOrder) (found, dup bool) {
	if o.firstAction == nil && o.thenAction == nil {
		return w.orderRsc(o.first, o.firstTask, o.then, o.thenTask, o.walkFlags)
	}
	firsts, thens := []*Action{o.firstAction}, []*Action{o.thenAction}
	if o.firstAction == nil {
		firsts = w.c.walkFirsts(o.first, o.firstTask)
	}
	if o.thenAction == nil {
		thens = o.then.rscActions(o.thenTask)
	}
	return w.linkAll(firsts, thens, o.walkFlags)
}

// newWalker builds the action-level orderings in Pacemaker's creation
// order: the rsc_orders (CIB order, each followed by its inverse), then
// each resource's internal ones in processing order.
func (c *Cluster) newWalker() *walker {
	w := &walker{c: c, before: map[*Action][]*walkLink{}, after: map[*Action][]*walkLink{}}
	for i, o := range c.rscOrders {
		found, dup := w.orderRscOrder(o)
		c.rscOrders[i].thenMissing = !found
		c.rscOrders[i].duplicate = dup
	}
	for _, r := range c.Resources {
		switch {
		case r.Group:
			w.groupLinks(r)
		case r.IsClone():
			w.cloneLinks(r)
		default:
			w.primitiveLinks(r)
		}
	}
	return w
}

// primitiveLinks: a resource stops before it starts (a restart); an
// unmanaged resource gets no internal orderings. One unmanaged only for
// want of a fence device does: 2.1.5 creates internal constraints before
// assignment unmanages it (seed 859 from 500: an inhibited instance's
// required stop makes its start and so its clone's start required; -with
// Sets seed 530).
func (w *walker) primitiveLinks(r *Resource) {
	if !r.Managed && !r.startupOff {
		return
	}
	w.orderRsc(r, "stop", r, "start", orderOptional|impliesThen|restartOrder)
}

// groupLinks mirrors the group's internal orderings (member_internal_constraints).
func (w *walker) groupLinks(g *Resource) {
	w.orderRsc(g, "stop", g, "stopped", runnableLeft)
	w.orderRsc(g, "stopped", g, "start", orderOptional)
	w.orderRsc(g, "start", g, "running", runnableLeft)
	var lastActive *Resource
	for k, m := range g.Children {
		w.primitiveLinks(m)
		down, postDown := impliesFirstPrinted, impliesThenPrinted
		if k == 0 {
			down, postDown = impliesFirstPrinted|orderOptional, impliesThen
		}
		w.orderRsc(g, "stop", m, "stop", down)
		w.orderRsc(m, "stop", g, "stopped", postDown)
		m.startInGroupLink = len(m.actionsFor("start")) > 0
		w.orderRsc(g, "start", m, "start", impliesFirstPrinted)
		w.orderRsc(m, "start", g, "running", runnableLeft|impliesThen|impliesThenPrinted)
		if k > 0 {
			prev := g.Children[k-1]
			w.orderRsc(prev, "start", m, "start", impliesThen|runnableLeft)
			w.orderRsc(m, "stop", prev, "stop", orderOptional|restartOrder)
		}
		if len(m.RunningOn) > 0 {
			if k > 0 && len(g.Children[k-1].RunningOn) == 0 && lastActive != nil {
				w.orderRsc(m, "stop", lastActive, "stop", orderOptional)
			}
			lastActive = m
		}
	}
}

// cloneLinks mirrors the clone's internal orderings.
func (w *walker) cloneLinks(cl *Resource) {
	w.orderRsc(cl, "stopped", cl, "start", orderOptional)
	w.orderRsc(cl, "start", cl, "running", runnableLeft)
	w.orderRsc(cl, "stop", cl, "stopped", runnableLeft)
	var prev *Resource
	for _, inst := range cl.Children {
		w.primitiveLinks(inst)
		w.orderRsc(cl, "start", inst, "start", runnableLeft|impliesFirstPrinted)
		w.orderRsc(inst, "start", cl, "running", impliesThenPrinted)
		if cl.Clone.Ordered && prev != nil {
			w.orderRsc(prev, "start", inst, "start", orderOptional)
		}
		w.orderRsc(cl, "stop", inst, "stop", impliesFirstPrinted)
		w.orderRsc(inst, "stop", cl, "stopped", impliesThenPrinted)
		if cl.Clone.Ordered && prev != nil {
			w.orderRsc(inst, "stop", prev, "stop", orderOptional)
		}
		prev = inst
	}
}

// Results of one update step.
const (
	updatedFirst = 1 << iota
	updatedThen
)

// forOrdering is the action an ordering really waits for: a group's or
// clone's running/stopped instead of its start/stop.
func forOrdering(a *Action) *Action {
	r := a.Rsc
	if !a.Pseudo || !(r.Group || r.IsClone()) {
		return a
	}
	switch a.Task {
	case "start":
		return r.pseudo.running
	case "stop":
		return r.pseudo.stopped
	}
	return a
}

// isAncestor: is anc r's parent (or r's parent's parent)?
func isAncestor(r, anc *Resource) bool {
	for p := r.Parent; p != nil; p = p.Parent {
		if p == anc {
			return true
		}
	}
	return false
}

// placedOn is where an ordering sees an action: a group's start at the
// group's node (its first member's), others at their own node.
func placedOn(a *Action) *Node {
	if a.Pseudo && a.Rsc != nil && a.Rsc.Group && a.Task == "start" && len(a.Rsc.Children) > 0 {
		return a.Rsc.Children[0].AssignedTo
	}
	return a.Node
}

// update is pcmk__update_action_for_orderings for then.
func (w *walker) update(then *Action) {
	if w.depth > 400 {
		return // ordering loops: Pacemaker would not settle either
	}
	w.depth++
	defer func() { w.depth-- }()
	wasRunnable := then.Runnable
	entry := then.flags()
	if then.requiresAny {
		// The one-or-more orderings below make it runnable again.
		then.runnableBefore = 0
		then.Runnable = false
	}
	changed := 0
	for i := len(w.before[then]) - 1; i >= 0; i-- {
		l := w.before[then][i]
		if l.flags == 0 {
			continue
		}
		changed &^= updatedFirst
		first := l.first
		if first.Rsc != nil && then.Rsc != nil && first.Rsc != then.Rsc && !isAncestor(then.Rsc, first.Rsc) {
			first = forOrdering(first)
		}
		if first == l.first {
			ff := flagsForOrdering(first, placedOn(then))
			// Asked for its side effect: a pseudo-action takes its
			// members' required and unrunnable flags.
			flagsForOrdering(then, placedOn(first))
			changed |= w.applyLink(first, then, ff, l.flags)
		} else if w.link(first, then, l.flags) {
			changed |= updatedThen
			// The new link is newer than this one: this loop does not
			// read it, the update of then below does.
			l.flags = 0
		}
		if changed&updatedFirst != 0 {
			as := w.after[first]
			for j := len(as) - 1; j >= 0; j-- {
				w.update(as[j].then)
			}
			w.update(first)
		}
	}
	if then.requiresAny {
		changed &^= updatedThen
		if then.flags() != entry {
			changed |= updatedThen
		}
	}
	if changed&updatedThen != 0 {
		if wasRunnable && !then.Runnable {
			w.blockDependents(then)
		}
		w.update(then)
		as := w.after[then]
		for j := len(as) - 1; j >= 0; j-- {
			w.update(as[j].then)
		}
	}
}

// walkFlags blocks the colocation dependents of starts that cannot run,
// then runs the walk over every action, newest first.
func (c *Cluster) walkFlags() {
	w := c.newWalker()
	for i := len(c.actions) - 1; i >= 0; i-- {
		w.blockDependents(c.actions[i])
	}
	for i := len(c.actions) - 1; i >= 0; i-- {
		w.update(c.actions[i])
	}
	// Orderings can make an unmanaged resource's start or stop required,
	// which matters for what comes after it, but Pacemaker never puts
	// such an action in the graph: it stays optional for the rest.
	for _, r := range c.primitives() {
		if r.Managed {
			continue
		}
		for _, a := range append(r.actionsFor("stop"), r.actionsFor("start")...) {
			// The group's stop (start) saw the member's stop (start)
			// required (implies_first_printed), which puts it in the
			// graph when the group is managed in 2.1.5 (unmanaged
			// only for want of a fence device: seeds 533 763 from
			// 500 and 370 with StopFailures).
			if !a.Optional && r.Parent != nil && r.Parent.Group && r.Parent.startupOff {
				if a.Task == "stop" {
					r.Parent.pseudo.stop.printAlways = true
				} else {
					r.Parent.pseudo.start.printAlways = true
				}
			}
			if !a.Optional && a.Runnable {
				a.requiredUnmanaged = true
			}
			a.Optional = true
		}
	}
}
