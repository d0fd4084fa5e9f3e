package scheduler

import "strings"

// Node actions: fencing ("stonith") and clean shutdown ("do_shutdown")
// belong to a node, not to a resource (Action.Rsc is nil). They are
// created after the resources' actions, as 2.1.5's
// schedule_fencing_and_shutdowns does, and the graph lists them after
// every resource's synapses, newest first.

const (
	taskFence    = "stonith"
	taskShutdown = "do_shutdown"
	// fenceAction is the stonith-action crm_simulate shows (the default).
	fenceAction = "reboot"
)

// newNodeAction creates a required, runnable action of node n.
func (c *Cluster) newNodeAction(task string, n *Node) *Action {
	a := &Action{Task: task, Node: n, Runnable: true}
	c.record(a)
	c.nodeActions = append(c.nodeActions, a)
	return a
}

// createNodeActions fences the nodes scheduleFencing chose and shuts down
// the online nodes asking for it, node by node in list order. Without
// concurrent-fencing the fencings form a chain; the DC's own fencing or
// shutdown comes after the others' fencing (and its shutdown after the
// others' shutdowns), so it is not elected away mid-transition.
func (c *Cluster) createNodeActions() {
	// Fence actions requested while unpacking exist before the others
	// (which decides the graph's order, not the chain's).
	for _, f := range c.Fencing {
		if f.unpacked && f.Node.fenced {
			f.Action = f.early
			f.Action.Optional = false
			c.nodeActions = append(c.nodeActions, f.Action)
		}
	}
	var dcDown *Action
	var fencings, shutdowns []*Action // newest first
	for _, n := range c.listOrderNodes() {
		var a *Action
		switch {
		case n.fenced:
			for _, f := range c.Fencing {
				if f.Node != n {
					continue
				}
				if f.Action == nil {
					f.Action = c.newNodeAction(taskFence, n)
				}
				a = f.Action
			}
			c.orderVsFence(a)
			if !n.dc {
				if !c.ConcurrentFencing && len(fencings) > 0 {
					c.orderActions(fencings[0], a, 0)
				}
				fencings = append([]*Action{a}, fencings...)
			}
		case n.Online && n.Shutdown:
			a = c.newNodeAction(taskShutdown, n)
			c.orderStopsBeforeShutdown(a)
			if !n.dc {
				shutdowns = append([]*Action{a}, shutdowns...)
			}
		}
		if a != nil && n.dc {
			dcDown = a
		}
	}
	if dcDown == nil {
		return
	}
	if dcDown.Task == taskShutdown {
		for _, s := range shutdowns {
			c.orderActions(s, dcDown, 0)
		}
	}
	switch {
	case c.ConcurrentFencing:
		for _, f := range fencings {
			c.orderActions(f, dcDown, 0)
		}
	case len(fencings) > 0:
		c.orderActions(fencings[0], dcDown, 0)
	}
}

// orderVsFence orders the managed primitives' actions around the fencing
// of a node (pcmk__order_vs_fence): starts that need fencing come after
// it, and so do starts of resources that need quorum and may be active
// there unnoticed; the stops on the node become pseudo-actions implied by
// the fencing, after it (and after the top resource's stop) when the
// resource needs fencing.
func (c *Cluster) orderVsFence(fence *Action) {
	target := fence.Node
	for _, r := range c.primitives() {
		if !r.Managed {
			continue
		}
		needs := r.requires(c)
		for _, a := range r.actions {
			if a.Task != "start" {
				continue
			}
			switch needs {
			case requiresFencing:
				c.orderActions(fence, a, 0)
			case requiresQuorum:
				if r.allowedOn(c, target) && !r.knownOnNode(target) {
					c.orderActions(fence, a, runnableLeft)
				}
			}
		}
		var parentStop *Action
		for _, a := range r.actions {
			if a.Task != "stop" || a.Node != target {
				continue
			}
			a.Pseudo, a.Runnable = true, true
			if needs != requiresFencing {
				continue
			}
			if parentStop == nil {
				parentStop = r.topStop()
			}
			c.orderActions(fence, a, 0)
			c.orderActions(fence, parentStop, 0)
		}
	}
}

// topStop is the stop Pacemaker finds first among the top resource's
// actions: a group's or clone's stop pseudo-action, else the primitive's
// newest stop.
func (r *Resource) topStop() *Action {
	top := r
	for top.Parent != nil {
		top = top.Parent
	}
	if top.Group || top.IsClone() {
		return top.pseudo.stop
	}
	for i := len(top.actions) - 1; i >= 0; i-- {
		if top.actions[i].Task == "stop" {
			return top.actions[i]
		}
	}
	return nil
}

// orderStopsBeforeShutdown: every stop on a node shutting down becomes
// required and comes before the shutdown, which cannot run while one of
// them cannot (pcmk__order_stops_before_shutdown). Unmanaged resources
// that are not blocked are left alone, and so is everything in
// maintenance.
func (c *Cluster) orderStopsBeforeShutdown(down *Action) {
	n := down.Node
	if n.Maintenance {
		return
	}
	for _, a := range c.actions {
		if a.Rsc == nil || a.Node != n || a.Task != "stop" {
			continue
		}
		if c.MaintenanceMode || isTrue(a.Rsc.Meta["maintenance"]) || (!a.Rsc.Managed && !a.Rsc.Blocked) {
			continue
		}
		a.Optional = false
		c.orderActions(a, down, runnableLeft)
	}
}

// nodeActionFlags: a shutdown cannot run while a stop before it cannot
// (its runnable-left orderings, once the resources' flags are final).
func (c *Cluster) nodeActionFlags() {
	for _, a := range c.nodeActions {
		for _, e := range a.before {
			if e.flags&runnableLeft != 0 && !e.first.Runnable {
				a.Runnable = false
			}
		}
	}
}

type requirement int

const (
	requiresNothing requirement = iota
	requiresQuorum
	requiresFencing
)

// requires is what a primitive's starts need (Pacemaker's rsc->needs from
// the "requires" meta attribute): fence devices need quorum, others
// fencing when it is enabled, else quorum (nothing when quorum loss is
// ignored).
func (r *Resource) requires(c *Cluster) requirement {
	switch strings.ToLower(r.Meta["requires"]) {
	case "nothing":
		return requiresNothing
	case "quorum":
		return requiresQuorum
	case "fencing", "unfencing":
		if c.StonithEnabled && !r.FenceDevice {
			return requiresFencing
		}
		return requiresQuorum
	}
	switch {
	case r.FenceDevice:
		return requiresQuorum
	case c.StonithEnabled:
		return requiresFencing
	case c.NoQuorumPolicy == "ignore":
		return requiresNothing
	}
	return requiresQuorum
}

// allowedOn reports whether n is among r's allowed nodes (any score).
func (r *Resource) allowedOn(c *Cluster, n *Node) bool {
	return r.Allowed != nil && r.Allowed[c.nodeIndex(n)] != notAllowed
}

// knownOnNode: r (or, for an anonymous instance, its clone) has history
// on n.
func (r *Resource) knownOnNode(n *Node) bool {
	if r.knownOn[n] {
		return true
	}
	if r.IsInstance() {
		for _, k := range r.Parent.Clone.KnownOn {
			if k == n {
				return true
			}
		}
	}
	return false
}
