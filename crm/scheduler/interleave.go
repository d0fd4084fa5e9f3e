package scheduler

import "github.com/gorosync/gorosync/crm/score"

// Interleaved clones (interleave=true): an ordering or colocation between
// two clones pairs each instance with the other clone's instance on the
// same node instead of waiting for (or following) the whole clone, as
// 2.1.5's can_interleave_actions, multi_update_interleave_actions and
// find_compatible_child do.

// interleaved reports whether an ordering between two actions pairs
// instances: both sides are different clones and the "then" clone is
// interleaved (for a stop, the "first" clone decides).
func interleaved(first, then *Action) bool {
	if first.Rsc == nil || then.Rsc == nil || first.Rsc == then.Rsc || !first.Rsc.IsClone() || !then.Rsc.IsClone() {
		return false
	}
	r := then.Rsc
	if then.Task == "stop" {
		r = first.Rsc
	}
	return isTrue(r.Meta["interleave"])
}

// instanceLocation is where an instance is (current: the one node it is
// active on) or will be (its assigned node).
func instanceLocation(r *Resource, current bool) *Node {
	if current {
		if len(r.RunningOn) == 1 {
			return r.RunningOn[0]
		}
		return nil
	}
	if r.assigned {
		return r.AssignedTo
	}
	return nil
}

// instanceOn is cl's unblocked instance located on node, if any.
func instanceOn(cl *Resource, node *Node, current bool) *Resource {
	for _, inst := range cl.Children {
		if inst.Blocked {
			continue
		}
		if instanceLocation(inst, current) == node {
			return inst
		}
	}
	return nil
}

// compatibleInstance is the instance of cl that local pairs with: the one
// on local's node, or when local has none, on the best of local's
// allowed nodes that has one (find_compatible_child).
func (c *Cluster) compatibleInstance(local, cl *Resource, current bool) *Resource {
	if n := instanceLocation(local, current); n != nil {
		return instanceOn(cl, n, current)
	}
	for _, i := range c.sortNodes(local.Allowed, nil) {
		if inst := instanceOn(cl, c.Nodes[i], current); inst != nil {
			return inst
		}
	}
	return nil
}

// interleaveUpdate applies one ordering between interleaved clones per
// pair of instances: the paired instances' actions are ordered (a new
// link) and updated; an instance of "then" with no partner where it is
// going may not run at all when the ordering is mandatory.
func (w *walker) interleaveUpdate(first, then *Action, filter int, typ orderFlags) int {
	current := first.Task == "stopped"
	changed := 0
	for _, tc := range then.Rsc.Children {
		fc := w.c.compatibleInstance(tc, first.Rsc, current)
		if fc == nil {
			if !current && typ&(runnableLeft|impliesThen) != 0 && w.c.inhibit(tc) {
				changed |= updatedThen
			}
			continue
		}
		fa := findAction(fc, atomicTask(first.Task), nil)
		ta := findAction(tc, then.Task, nil)
		if fa == nil || ta == nil {
			continue
		}
		if w.link(fa, ta, typ) {
			w.c.interleaveEdges = append(w.c.interleaveEdges, actionEdge{first: fa, then: ta, flags: typ})
			changed |= updatedFirst | updatedThen
		}
		changed |= w.updatePair(fa, ta, fa.flags(), filter, typ)
	}
	return changed
}

// inhibit stops an instance that an interleaved mandatory ordering leaves
// without a partner (pcmk__assign_resource to no node): its stops become
// required, its starts and recurring monitors unrunnable. It reports
// whether the instance had been placed somewhere.
func (c *Cluster) inhibit(r *Resource) bool {
	was := r.AssignedTo != nil
	unassign(r)
	r.assigned = true
	r.NextRole = RoleStopped
	c.noNodeActions(r)
	return was
}

// noNodeActions updates r's existing actions for an assignment to no node
// (pcmk__finalize_assignment): stops are required, starts and recurring
// operations (cancels of them too) cannot run.
func (c *Cluster) noNodeActions(r *Resource) {
	for _, a := range r.actions {
		switch {
		case a.Task == "stop":
			a.Optional = false
		case a.Task == "start", a.Interval > 0:
			a.Runnable = false
			a.unassigned = true
		}
	}
}

// interleavedColocation: a colocation of an interleaved clone with a clone
// that runs as many instances per node pairs the instances.
func interleavedColocation(col *Colocation) bool {
	d, p := col.Dependent, col.Primary
	return d.IsClone() && p.IsClone() && isTrue(d.Meta["interleave"]) && d.Clone.NodeMax == p.Clone.NodeMax
}

// colocateWithPartner applies an interleaved colocation to one instance:
// only the primary's instance it pairs with counts; without one, a
// mandatory colocation leaves the instance nowhere to run.
func (c *Cluster) colocateWithPartner(col *Colocation, dep *Resource) {
	if !col.Primary.assigned {
		return
	}
	if p := c.compatibleInstance(dep, col.Primary, false); p != nil {
		c.colocateWith(col, dep, p)
		return
	}
	if col.Score >= score.Infinity {
		c.noNodeActions(dep)
		for i := range dep.Allowed {
			if dep.Allowed[i] != notAllowed {
				dep.Allowed[i] = -score.Infinity
			}
		}
	}
}
