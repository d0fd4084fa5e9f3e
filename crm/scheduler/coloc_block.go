package scheduler

import "github.com/gorosync/gorosync/crm/score"

// blockDependents: an unrunnable start blocks the starts of resources
// with a mandatory colocation on its top-level resource ("due to
// colocation with X"), as Pacemaker's pcmk__block_colocation_dependents
// does during the flag walk: a clone blocks only when no instance can
// start. Group primaries never block: by then Pacemaker has moved their
// "with this" colocations to the members, and only the top-level
// resource's list is consulted.
func (w *walker) blockDependents(a *Action) {
	if a.Runnable || a.Task != "start" || a.Rsc == nil {
		return
	}
	top := a.Rsc
	for top.Parent != nil {
		top = top.Parent
	}
	for _, ch := range top.Children {
		if s := findAction(ch, "start", nil); s == nil || s.Runnable {
			return
		}
	}
	for _, col := range top.withThis {
		if col.Score >= score.Infinity {
			w.markBlocked(col.Dependent, a.Rsc)
		}
	}
}

// markBlocked makes r's starts (a group's or clone's own and then its
// members') unrunnable and walks on from each.
func (w *walker) markBlocked(r, why *Resource) {
	for i := len(r.actions) - 1; i >= 0; i-- {
		a := r.actions[i]
		if a.Task != "start" || !a.Runnable {
			continue
		}
		a.Runnable = false
		if a.Reason == "" {
			a.Reason = "colocation with " + why.ID
		}
		w.blockDependents(a)
		w.update(a)
	}
	for _, ch := range r.Children {
		w.markBlocked(ch, why)
	}
}
