package scheduler

// Fence is a request to fence (reboot) a node, with the reason Pacemaker
// gives in the Transition Summary ("Fence (reboot) N 'reason'").
type Fence struct {
	Node   *Node
	Reason string
	// Scheduled: the fencing is part of the transition (fencing is
	// possible and some resource is managed).
	Scheduled bool
	// Action is the graph's fence action (nil unless scheduled).
	Action *Action
	// unpacked: requested while unpacking the status (Pacemaker creates
	// the fence action then, before any resource action).
	unpacked bool
	early    *Action // the fence action created while unpacking
}

// fenceNode marks n unclean and records why, once per node: the first
// reason sticks, as with Pacemaker's pe_fence_node/pe_fence_op.
func (c *Cluster) fenceNode(n *Node, reason string) {
	if n.Unclean {
		return
	}
	n.Unclean = true
	f := c.fenceFor(n, reason)
	f.unpacked = true
	// pe_fence_op creates the (optional) fence action now, whether or not
	// the node can be fenced: it takes the next graph action id.
	f.early = &Action{Task: taskFence, Node: n, Optional: true, Runnable: true}
	c.record(f.early)
}

func (c *Cluster) fenceFor(n *Node, reason string) *Fence {
	for _, f := range c.Fencing {
		if f.Node == n {
			return f
		}
	}
	f := &Fence{Node: n, Reason: reason}
	c.Fencing = append(c.Fencing, f)
	return f
}

// canFence is Pacemaker's pe_can_fence for cluster nodes: fencing is on, a
// fence device exists, and the partition has quorum, ignores its loss, or
// the node is in its membership.
func (c *Cluster) canFence(n *Node) bool {
	switch {
	case !c.StonithEnabled || !c.HaveStonithResource:
		return false
	case c.HaveQuorum || c.NoQuorumPolicy == "ignore":
		return true
	}
	return n != nil && n.Online
}

// scheduleFencing decides which unclean nodes are fenced in this
// transition (schedule_fencing_and_shutdowns): only if fencing is possible
// and some resource is managed. A node that will be fenced no longer runs
// anything, so stops there are implied by the fencing.
func (c *Cluster) scheduleFencing() {
	haveManaged := false
	for _, r := range c.primitives() {
		if r.Managed {
			haveManaged = true
		}
	}
	// In Pacemaker's node list order, which the summary shows (seed 940:
	// node9 before node10).
	for _, n := range c.listOrderNodes() {
		if n.Unclean && haveManaged && c.canFence(n) {
			f := c.fenceFor(n, "node is unclean")
			f.Scheduled = true
			n.fenced = true
			c.stopsImpliedBy(n)
		}
	}
}

// stopsImpliedBy makes the stops already created on a node to be fenced
// (a failed resource's recovery stop, created while unpacking) runnable:
// fencing the node does them, as newAction does for later stops.
func (c *Cluster) stopsImpliedBy(n *Node) {
	for _, a := range c.actions {
		if a.Task == "stop" && a.Node == n && a.Rsc.Managed {
			a.Runnable = true
		}
	}
}

// FenceActions are the scheduled fencings, in the order crm_simulate
// lists them: newest first (Pacemaker prepends new actions to its list).
func (c *Cluster) FenceActions() []*Fence {
	var out []*Fence
	for i := len(c.Fencing) - 1; i >= 0; i-- {
		if f := c.Fencing[i]; f.Scheduled {
			out = append(out, f)
		}
	}
	return out
}

// markActiveOnOffline fences offline nodes where a managed resource is
// believed active (history is only read there when fencing is enabled).
func (c *Cluster) markActiveOnOffline() {
	for _, r := range c.primitives() {
		for _, n := range r.RunningOn {
			c.fenceIfActiveOffline(r, n)
		}
	}
}

// fenceIfActiveOffline fences n if the managed r is active there while n
// is offline (process_rsc_state does it as it unpacks r's history there,
// which decides the reason and the fence action's id).
func (c *Cluster) fenceIfActiveOffline(r *Resource, n *Node) {
	if c.StonithEnabled && r.Managed && !n.Online && !n.Maintenance {
		c.fenceNode(n, r.ID+" is thought to be active there")
	}
}

// disableStartup: with fencing enabled but no fence device, Pacemaker
// leaves every resource alone ("Resource start-up disabled since no
// STONITH resources have been defined"): they are unmanaged while
// scheduling, yet their status shows no "unmanaged" flag. The returned
// function restores the flags for display.
func (c *Cluster) disableStartup() (restore func()) {
	if !c.StonithEnabled || c.HaveStonithResource {
		return func() {}
	}
	c.warnf("Resource start-up disabled since no STONITH resources have been defined")
	var changed []*Resource
	for _, r := range c.all() {
		// Pacemaker unmanages the primitives as it assigns them; a
		// clone or group stays managed, so its pseudo-actions can still
		// be required (by an inhibited interleaved instance: seed 674;
		// a group after it, -with Sets seed 530).
		if r.Managed && !r.IsClone() && !r.Group {
			r.Managed = false
			r.startupOff = true
			changed = append(changed, r)
		}
	}
	return func() {
		for _, r := range changed {
			r.Managed = true
		}
	}
}

// manageUnassigned: 2.1.5 unmanages a resource for want of a fence device
// only when it assigns it (pcmk__primitive_assign), so a clone instance
// left out by clone-max (an orphan, or a failed instance sorted after the
// active ones) stays managed and is stopped, through its clone's
// pseudo-actions.
func (c *Cluster) manageUnassigned(inst *Resource) {
	for _, r := range []*Resource{inst, inst.Parent} {
		if r.startupOff {
			r.Managed = true
		}
	}
}

// Fenced records that the node was fenced (crm_simulate's revised
// status): it is cleanly down, has a node_state now, and its transient
// attributes are gone, so only permanent standby/maintenance remain.
func (n *Node) Fenced() {
	n.Online, n.Unclean, n.Pending, n.Shutdown, n.Unseen = false, false, false, false, false
	n.Standby = isTrue(n.configAttrs["standby"])
	n.Maintenance = isTrue(n.configAttrs["maintenance"])
}
