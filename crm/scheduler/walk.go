package scheduler

// The flag walk: Pacemaker 2.1.5 (pcmk__update_action_for_orderings)
// updates each action from the orderings before it, newest ordering
// first; a "first" that changes is updated again at once, together with
// what comes after it, and a "then" that changed is updated again after
// its loop, then what comes after it. Actions are visited newest first. Reasons are
// first-come, so this order decides them.

// walkEdge is one resource-level ordering seen from a "then" action.
type walkEdge struct {
	o    ordering
	then *Action
}

type walker struct {
	c      *Cluster
	before map[*Action][]walkEdge // orderings into an action, newest first
	after  map[*Action][]*Action  // actions to update when an action changes
	depth  int
}

// newWalker indexes the orderings by their then actions, newest first:
// Pacemaker creates the rsc_orders first (CIB order), then each
// resource's internal ones (a member's stop-start before its group
// chain), and prepends each to the then action's list.
func (c *Cluster) newWalker() *walker {
	w := &walker{c: c, before: map[*Action][]walkEdge{}, after: map[*Action][]*Action{}}
	var newest []ordering
	for i := len(c.orderings) - 1; i >= 0; i-- {
		if !c.orderings[i].constraint {
			newest = append(newest, c.orderings[i])
		}
	}
	for _, o := range c.orderings {
		if o.constraint {
			newest = append(newest, o) // already newest first
		}
	}
	for _, o := range newest {
		for _, t := range o.then.actionsFor(o.thenTask) {
			// An rsc_order into a group orders the group's own
			// pseudo-action, which passes it on to every member when
			// it is updated (before the members: it is newer).
			key := t
			if g := o.thenGroup; g != nil {
				key = g.pseudo.start
				if o.thenTask == "stop" {
					key = g.pseudo.stop
				}
			}
			w.before[key] = append(w.before[key], walkEdge{o: o, then: t})
			for _, f := range w.realFirsts(o) {
				w.after[f] = append(w.after[f], key)
			}
		}
	}
	return w
}

// realFirsts are the actions whose change can change an ordering's first:
// the resource's own actions, or a group's or clone's members' actions.
func (w *walker) realFirsts(o ordering) []*Action {
	var out []*Action
	for _, m := range o.first.members() {
		out = append(out, m.actionsFor(o.firstTask)...)
	}
	return out
}

// firstFor is the ordering's first action as then sees it (a group's or
// clone's pseudo-action is computed from its members).
func (w *walker) firstFor(o ordering, t *Action) []*Action {
	if o.first.IsClone() {
		var on *Node
		if !o.then.IsInstance() {
			on = t.Node
		}
		return []*Action{cloneDone(o.first, o.firstTask, on)}
	}
	return o.firstActions()
}

func (w *walker) update(key *Action) {
	if w.depth > 200 {
		return // ordering loops: Pacemaker would not settle either
	}
	w.depth++
	defer func() { w.depth-- }()
	var changed []*Action
	for _, e := range w.before[key] {
		then := e.then
		for _, f := range w.firstFor(e.o, then) {
			virtual := e.o.first.Group || e.o.first.IsClone()
			fb, tb := f.flagState(), then.flagState()
			w.c.applyOrdering(e.o, f, then)
			if then.flagState() != tb {
				changed = append(changed, then)
			}
			if !virtual && f.flagState() != fb {
				for _, a := range w.after[f] {
					w.update(a)
				}
				w.update(f)
			}
		}
	}
	if len(changed) > 0 {
		w.update(key)
	}
	for _, t := range changed {
		if t != key {
			w.update(t)
		}
		for _, a := range w.after[t] {
			w.update(a)
		}
	}
}

// walkFlags runs the walk over every action newest first, then the
// colocation blocks, until nothing changes.
func (c *Cluster) walkFlags() {
	w := c.newWalker()
	for round := 0; round < 10; round++ {
		for i := len(c.actions) - 1; i >= 0; i-- {
			w.update(c.actions[i])
		}
		if !c.blockColocatedStarts() {
			return
		}
	}
}
