package scheduler

// How one ordering changes its two actions (Pacemaker 2.1.5's
// update_action_for_ordering_flags and the resource variants'
// update_ordered_actions and action_flags methods).

// actFlags are the two action flags orderings read and change.
type actFlags struct{ optional, runnable bool }

func (a *Action) flags() actFlags { return actFlags{a.Optional, a.Runnable} }

// What an update may change (Pacemaker's filter).
const (
	filterOptional = 1 << iota
	filterRunnable
)

// findAction is find_first_action: the resource's newest action for task,
// on node when one is given (actions without a node never match then).
func findAction(r *Resource, task string, node *Node) *Action {
	for i := len(r.actions) - 1; i >= 0; i-- {
		a := r.actions[i]
		if a.Task != task || (node != nil && a.Node != node) {
			continue
		}
		return a
	}
	return nil
}

// atomicTask folds a pseudo-action's task into the members' (running is
// start, stopped is stop).
func atomicTask(task string) string {
	switch task {
	case "running":
		return "start"
	case "stopped":
		return "stop"
	}
	return task
}

// rscActionFlags are an action's flags as its resource reports them: a
// primitive's own; a group's or clone's summarised from the members (which
// also clears the pseudo-action's own flags, as Pacemaker does).
func rscActionFlags(a *Action, node *Node) actFlags {
	switch {
	case a.Rsc == nil:
		return a.flags()
	case a.Rsc.Group:
		return groupActionFlags(a, node)
	case a.Rsc.IsClone():
		return cloneActionFlags(a, node)
	}
	return a.flags()
}

// groupActionFlags: required if any member's action is; running and
// stopped cannot run if a member's start or stop cannot; anything but a
// stop cannot run while a member has no such action.
func groupActionFlags(a *Action, node *Node) actFlags {
	f := actFlags{true, true}
	task := atomicTask(a.Task)
	for _, m := range a.Rsc.Children {
		ma := findAction(m, task, node)
		if ma == nil {
			if task != "stop" {
				f.runnable = false
			}
			continue
		}
		mf := rscActionFlags(ma, node)
		if f.optional && !mf.optional {
			f.optional = false
			a.Optional = false
		}
		if task != a.Task && f.runnable && !mf.runnable {
			f.runnable = false
			a.Runnable = false
		}
	}
	return f
}

// cloneActionFlags: required if an instance's action (on node) is,
// runnable if any instance's is.
func cloneActionFlags(a *Action, node *Node) actFlags {
	f := actFlags{true, true}
	task := atomicTask(a.Task)
	anyRunnable := false
	for _, inst := range a.Rsc.Children {
		ia := findAction(inst, task, node)
		if ia == nil {
			continue
		}
		if f.optional && !ia.Optional {
			f.optional = false
			a.Optional = false
		}
		if ia.Runnable {
			anyRunnable = true
		}
	}
	if !anyRunnable {
		f.runnable = false
		if node == nil {
			a.Runnable = false
		}
	}
	return f
}

// flagsForOrdering: for a clone toward an action on a node, required as on
// that node but runnable as anywhere.
func flagsForOrdering(a *Action, node *Node) actFlags {
	f := rscActionFlags(a, nil)
	if node == nil || a.Rsc == nil || !a.Rsc.IsClone() {
		return f
	}
	runnable := f.runnable
	f = rscActionFlags(a, node)
	if runnable {
		f.runnable = true
	}
	return f
}

func clearOptional(a, why *Action) {
	if a.Optional {
		a.Optional = false
		setReason(a, "required", why)
	}
}

func clearRunnable(a, why *Action) {
	if a.Runnable {
		a.Runnable = false
		setReason(a, "unrunnable", why)
	}
}

func setReason(a *Action, change string, why *Action) {
	// A resource's own actions never name it as the reason; an action
	// of no resource goes by its name.
	switch {
	case a.Reason != "" || a.Rsc == why.Rsc:
	case why.Rsc == nil:
		a.Reason = change + " " + why.Task
	default:
		a.Reason = change + " " + why.Rsc.ID + " " + why.Task
	}
}

// applyLink applies one ordering's flags to its actions.
func (w *walker) applyLink(first, then *Action, ff actFlags, typ orderFlags) int {
	if then.Rsc == nil {
		return w.applyOneOrMore(first, then, ff, typ)
	}
	changed := 0
	node := then.Node
	if typ&impliesThen != 0 {
		changed |= w.updateOrdered(then.Rsc, first, then, node, actFlags{optional: ff.optional}, filterOptional, impliesThen)
	}
	if typ&restartOrder != 0 {
		changed |= w.updateOrdered(then.Rsc, first, then, node, ff, filterOptional|filterRunnable, restartOrder)
	}
	if typ&impliesFirst != 0 {
		rsc := first.Rsc
		if rsc == nil {
			rsc = then.Rsc // a one-or-more pseudo-action: then's variant decides
		}
		changed |= w.updateOrdered(rsc, first, then, node, ff, filterOptional, impliesFirst)
	}
	if typ&runnableLeft != 0 {
		changed |= w.updateOrdered(then.Rsc, first, then, node, ff, filterRunnable, runnableLeft)
	}
	if typ&asymmetric != 0 {
		changed |= w.updateOrdered(then.Rsc, first, then, node, ff, filterRunnable, asymmetric)
	}
	// A blocked, unmanaged resource's stop that cannot run blocks what
	// depends on it.
	if typ&(impliesThen|impliesFirst|restartOrder) != 0 && first.Rsc != nil && !first.Rsc.Managed && first.Rsc.Blocked &&
		!first.Runnable && first.Task == "stop" && then.Runnable {
		then.Runnable = false
		changed |= updatedThen
	}
	return changed
}

// updateOrdered is the update_ordered_actions method of rsc's variant: a
// group or clone updates its own pseudo-action and then its members'
// (a clone only its runnable instances').
func (w *walker) updateOrdered(rsc *Resource, first, then *Action, node *Node, flags actFlags, filter int, typ orderFlags) int {
	if rsc.IsClone() && interleaved(first, then) {
		return w.interleaveUpdate(first, then, filter, typ)
	}
	changed := w.updatePair(first, then, flags, filter, typ)
	switch {
	case rsc.Group:
		for _, m := range then.Rsc.Children {
			if ma := findAction(m, then.Task, node); ma != nil {
				changed |= w.updatePair(first, ma, flags, filter, typ)
			}
		}
	case rsc.IsClone():
		for _, inst := range then.Rsc.Children {
			ia := findAction(inst, then.Task, node)
			if ia == nil || !ia.Runnable {
				continue
			}
			c := w.updatePair(first, ia, flags, filter, typ)
			changed |= c
			if c&updatedThen != 0 {
				as := w.after[ia]
				for j := len(as) - 1; j >= 0; j-- {
					w.update(as[j].then)
				}
			}
		}
	}
	return changed
}

// updatePair is pcmk__update_ordered_actions: one ordering between two
// actions.
func (w *walker) updatePair(first, then *Action, flags actFlags, filter int, typ orderFlags) int {
	tb, fb := then.flags(), first.flags()
	if typ&asymmetric != 0 {
		handleAsymmetric(first, then)
	}
	if typ&impliesFirst != 0 && !tb.optional && filter&filterOptional != 0 && !flags.optional && fb.optional {
		clearOptional(first, then)
	}
	if typ&runnableLeft != 0 && filter&filterRunnable != 0 && then.Runnable && !flags.runnable {
		clearRunnable(then, first)
	}
	// An unmanaged resource's actions stay optional (see newAction).
	if typ&impliesThen != 0 && filter&filterOptional != 0 && then.Optional && !flags.optional {
		clearOptional(then, first)
	}
	if typ&restartOrder != 0 {
		handleRestart(first, then, filter)
	}
	changed := 0
	if then.flags() != tb {
		changed |= updatedThen
		if then.Rsc.Parent != nil {
			w.update(then)
		}
	}
	if first.flags() != fb {
		changed |= updatedFirst
	}
	return changed
}

// handleAsymmetric: a one-way mandatory order stops "then" while "first"
// cannot run, unless "then" has nothing to do (a stop of a stopped
// resource, or a start where it already runs alone).
func handleAsymmetric(first, then *Action) {
	if first.Runnable {
		return
	}
	if then.Optional {
		r := then.Rsc
		role := rscRole(r)
		if role == RoleStopped && then.Task == "stop" {
			return
		}
		if role >= RoleStarted && then.Task == "start" && then.Node != nil &&
			len(r.RunningOn) == 1 && r.RunningOn[0] == then.Node {
			return
		}
	}
	clearOptional(then, first)
	clearRunnable(then, first)
}

// rscRole is a resource's current role (a group's or clone's: its
// members' highest).
func rscRole(r *Resource) Role {
	if len(r.Children) == 0 {
		return r.Role
	}
	role := RoleStopped
	for _, m := range r.Children {
		if x := rscRole(m); x > role {
			role = x
		}
	}
	return role
}

// handleRestart: a stop before a start of one resource (or a later group
// member's stop before an earlier one's) becomes required when the start
// is, or when the resource cannot start; a required stop that cannot run
// blocks the start.
func handleRestart(first, then *Action, filter int) {
	need := filter&filterOptional != 0 && !then.Optional
	if filter&filterRunnable != 0 && !then.Runnable && then.Rsc.Managed && first.Rsc == then.Rsc {
		need = true
	}
	if !need {
		return
	}
	if first.Runnable {
		clearOptional(first, then)
	}
	if !then.Optional {
		clearOptional(first, then)
	}
	if !first.Optional && !first.Runnable {
		clearRunnable(then, first)
	}
}
