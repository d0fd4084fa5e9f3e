package scheduler

import "github.com/gorosync/gorosync/crm/score"

// buildEdges turns the resource-level orderings into action edges once
// the start/stop flags are final, adds the edges of group pseudo-actions,
// -INFINITY colocations, recurring monitors and probes, and sets the flags
// of the actions that only the graph needs (monitors, pseudo-actions).
func (c *Cluster) buildEdges() {
	for _, o := range c.orderings {
		if o.constraint {
			continue
		}
		thens := o.then.actionsFor(o.thenTask)
		for _, f := range c.orderingFirsts(o) {
			for _, t := range thens {
				c.orderActions(f, t, o.flags)
			}
		}
		if o.firstTask == "stop" && o.first != o.then {
			c.probeStopEdge(o.first, thens, o.flags)
		}
	}
	for _, g := range c.Resources {
		if g.IsClone() {
			c.cloneEdges(g)
			for _, m := range g.Children {
				c.probeStopEdge(m, []*Action{g.pseudo.stopped}, 0)
			}
			continue
		}
		if !g.Group {
			continue
		}
		// The group's orderings create a start without a node for
		// members that have none (it cannot run).
		for _, m := range g.Children {
			if m.start == nil {
				m.start = c.newAction(m, "start", nil, true)
				for k, prev := range g.Children {
					if k+1 < len(g.Children) && g.Children[k+1] == m {
						c.orderActions(prev.start, m.start, impliesThen|runnableLeft)
					}
					if k > 0 && g.Children[k-1] == m && g.Children[k].start != nil {
						c.orderActions(m.start, g.Children[k].start, impliesThen|runnableLeft)
					}
				}
			}
		}
		c.groupEdges(g)
		for _, m := range g.Children {
			c.probeStopEdge(m, []*Action{g.pseudo.stopped}, 0)
		}
		groupPseudoFlags(g)
	}
	c.constraintEdges()
	for _, e := range c.interleaveEdges {
		c.orderActions(e.first, e.then, e.flags)
	}
	c.pseudoRunnableLeft()
	c.antiColocationEdges()
	for _, r := range c.primitives() {
		c.monitorFlags(r)
	}
	c.probeEdges()
	c.applyProbeStopEdges()
}

// orderingFirsts: a group as "first" acts through its running/stopped
// pseudo-action.
func (c *Cluster) orderingFirsts(o ordering) []*Action {
	if !o.first.Group && !o.first.IsClone() {
		return o.first.actionsFor(o.firstTask)
	}
	switch o.firstTask {
	case "start":
		return []*Action{o.first.pseudo.running}
	case "stop":
		return []*Action{o.first.pseudo.stopped}
	}
	return nil
}

// rscActions are the actions of a primitive or, for a group, its own
// pseudo-action for the task ("stopped" and "running" mean stop and start
// for a primitive).
func (r *Resource) rscActions(task string) []*Action {
	if !r.Group && !r.IsClone() {
		switch task {
		case "stopped":
			task = "stop"
		case "running":
			task = "start"
		}
		return r.actionsFor(task)
	}
	switch task {
	case "start":
		return []*Action{r.pseudo.start}
	case "stop":
		return []*Action{r.pseudo.stop}
	case "running":
		return []*Action{r.pseudo.running}
	case "stopped":
		return []*Action{r.pseudo.stopped}
	}
	return nil
}

// antiColocationEdges: a -INFINITY colocation orders each side's stop
// before the other side's start (they only count in the graph on the same
// node).
func (c *Cluster) antiColocationEdges() {
	for _, col := range c.colocations {
		if col.Score > -score.Infinity {
			continue
		}
		for _, pair := range [][2]*Resource{{col.Dependent, col.Primary}, {col.Primary, col.Dependent}} {
			first, then := pair[0], pair[1]
			thens := then.rscActions("start")
			for _, f := range first.rscActions("stopped") {
				for _, t := range thens {
					c.orderActions(f, t, antiColocation)
				}
			}
			if !first.Group && !first.IsClone() {
				c.probeStopEdge(first, thens, antiColocation)
			}
		}
	}
}

// constraintEdges: an rsc_order orders the first resource's action (a
// group's running/stopped pseudo-action) before the then resource's own
// action (a group's start/stop pseudo-action).
func (c *Cluster) constraintEdges() {
	for i := len(c.rscOrders) - 1; i >= 0; i-- {
		o := c.rscOrders[i]
		if o.thenMissing || o.duplicate {
			continue
		}
		if o.firstAction != nil || o.thenAction != nil {
			c.relaxedEdges(o)
			continue
		}
		firstTask := o.firstTask
		if o.first.Group || o.first.IsClone() {
			firstTask = map[string]string{"start": "running", "stop": "stopped"}[firstTask]
		}
		thens := o.then.rscActions(o.thenTask)
		for _, f := range o.first.rscActions(firstTask) {
			for _, t := range thens {
				c.orderActions(f, t, o.flags)
			}
		}
		if o.firstTask == "stop" && !o.first.Group {
			c.probeStopEdge(o.first, thens, o.flags)
		}
	}
}

// pseudoRunnableLeft: an rsc_order into a group's (or clone's) start pseudo-action
// makes it unrunnable while the order's first action cannot run, and
// required when that action is (chains of groups settle in a few rounds).
func (c *Cluster) pseudoRunnableLeft() {
	for changed := true; changed; {
		changed = false
		for _, g := range c.Resources {
			if !g.Group && !g.IsClone() {
				continue
			}
			for _, a := range []*Action{g.pseudo.start, g.pseudo.running} {
				for _, e := range a.before {
					// An interleaved ordering between clones updates the
					// paired instances only (2.1.5 pcmk__multi_update_actions
					// calls multi_update_interleave_actions instead of
					// updating the clone's own action): an unrunnable
					// first clone does not block the "then" clone's
					// pseudo-action (seed 96 of -with FailureTimeout -whole:
					// asymmetric order from a clone that stops everywhere).
					if g.IsClone() && e.first.Rsc != nil && interleaved(e.first, a) {
						continue
					}
					if a.Runnable && e.flags&(runnableLeft|asymmetric) != 0 && !orderRunnable(e.first) {
						a.Runnable = false
						changed = true
					}
					// A clone's pseudo-actions are required by its
					// instances only.
					if a.Optional && e.flags&impliesThen != 0 && requiredFor(e.first, placedOn(a)) && !g.IsClone() {
						a.Optional = false
						changed = true
					}
				}
			}
			if !startRunnable(g) && g.pseudo.running.Runnable {
				g.pseudo.running.Runnable = false
				changed = true
			}
		}
	}
}

// startRunnable is whether g's start lets its running pseudo-action run:
// a clone's start as its instances' starts say (2.1.5 judges the clone's
// start -> running ordering by summary_action_flags, runnable while any
// instance's start is: -with Sets seed 201, an instance that stays keeps
// its optional start).
func startRunnable(g *Resource) bool {
	if g.IsClone() {
		return cloneDone(g, "start", nil).Runnable
	}
	return g.pseudo.start.Runnable
}

// requiredFor is whether an ordering sees its first action required from
// an action on node: a clone's pseudo-action only if an instance's action
// there is (the walk's clone flags; seed 892 with FailureTimeout: a clone
// instance moving away from the group's node does not restart the group).
func requiredFor(first *Action, node *Node) bool {
	if !first.Pseudo || first.Rsc == nil || !first.Rsc.IsClone() || node == nil {
		return !first.Optional
	}
	task := atomicTask(first.Task)
	for _, inst := range first.Rsc.Children {
		if ia := findAction(inst, task, node); ia != nil && !ia.Optional {
			return true
		}
	}
	return false
}

// orderRunnable is whether an ordering sees its first action runnable: a
// clone's start as its instances' starts say, its running/stopped only if
// also any instance's start/stop is runnable; other actions by their own
// flag.
func orderRunnable(a *Action) bool {
	if a.Pseudo && a.Rsc != nil && a.Rsc.IsClone() {
		switch a.Task {
		case "start":
			return startRunnable(a.Rsc)
		case "running":
			return a.Runnable && cloneDone(a.Rsc, "start", nil).Runnable
		case "stopped":
			return a.Runnable && cloneDone(a.Rsc, "stop", nil).Runnable
		}
	}
	return a.Runnable
}
