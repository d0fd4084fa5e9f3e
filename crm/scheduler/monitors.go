package scheduler

// scheduleMonitors creates the recurring monitors that follow r's start on
// its next node (Pacemaker's RecurringOp): an optional start whose monitor
// is already active reuses that monitor (created while unpacking).
func (c *Cluster) scheduleMonitors(r *Resource) {
	if r.Blocked {
		return // a blocked resource gets no recurring actions (2.1.5)
	}
	if r.AssignedTo == nil {
		// A resource that stops everywhere does not run its rescheduled
		// monitors (one moving away does, on the old node: seen with
		// 2.1.5).
		for _, a := range r.actions {
			if a.rescheduled {
				a.Runnable = false
			}
		}
	}
	st := r.start
	on := r.AssignedTo
	if r.maintenance || (on != nil && on.Maintenance) {
		return // nothing is monitored in maintenance (its monitors are cancelled)
	}
	switch {
	case st == nil && r.unmanagedActiveOn(on):
		// An unmanaged resource keeps its role (target-role does
		// not stop it), so it is monitored where it is.
	case st == nil || st.Node == nil || on == nil || st.Node != on:
		return
	}
	for _, ms := range r.monitors {
		m := c.findOp(r, "monitor", ms, on)
		if m == nil {
			m = c.newOp(r, "monitor", ms, on, false)
			m.activeBefore = false
		} else {
			m.activeBefore = true
		}
	}
}

// monitorFlags: a recurring monitor is required unless its start is
// optional and the monitor already runs; it cannot run without its start.
func (c *Cluster) monitorFlags(r *Resource) {
	if r.Blocked {
		// Only the monitors unpacking found active exist, and they stay
		// optional: nothing is scheduled for a blocked resource.
		for _, a := range r.actions {
			if a.Task == "monitor" && a.Interval > 0 {
				a.Optional = true
			}
		}
		return
	}
	if r.maintenance || (r.AssignedTo != nil && r.AssignedTo.Maintenance) {
		return // no recurring actions in maintenance (scheduleMonitors)
	}
	st := r.start
	if st == nil {
		if r.unmanagedActiveOn(r.AssignedTo) {
			for _, a := range r.actions {
				if a.Task == "monitor" && a.Interval > 0 && a.Node == r.AssignedTo {
					a.Optional = a.activeBefore && !a.rescheduled
					a.Runnable = c.unmanagedMonitorRunnable(r, a.Node) && !a.unassigned
				}
			}
		}
		return
	}
	for _, a := range r.actions {
		if a.Task != "monitor" || a.Interval == 0 || a.Node != st.Node {
			continue
		}
		a.Optional = st.Optional && a.activeBefore && !a.rescheduled
		a.Runnable = st.Runnable && a.Node.Online
		if !r.Managed && r.activeOn(a.Node) {
			// An unmanaged resource keeps being monitored where it is
			// active (a monitor it lacks is scheduled), whatever its
			// start's later flags. An assignment to no node after the
			// monitor was created (an inhibited interleaved instance)
			// still cancels it (pcmk__finalize_assignment: -strict-invalid
			// seed 464, x12:0 FAILED and unmanaged on node7).
			a.Optional = a.activeBefore && !a.rescheduled
			a.Runnable = c.unmanagedMonitorRunnable(r, a.Node) && !a.unassigned
		}
		c.orderActions(st, a, impliesThen|runnableLeft)
	}
}

// unmanagedMonitorRunnable: an unmanaged resource's monitor on n can run
// when its start could when Pacemaker created both (recurring_op_for_active
// checks the start then, not its later flags): n is online and quorum
// does not block the start.
func (c *Cluster) unmanagedMonitorRunnable(r *Resource, n *Node) bool {
	blocked, _ := c.quorumBlocks(r)
	return n.Online && !blocked
}

// unmanagedActiveOn reports whether r is unmanaged and active on n.
func (r *Resource) unmanagedActiveOn(n *Node) bool {
	return n != nil && !r.Managed && r.activeOn(n)
}

// activeOn reports whether r is active on n.
func (r *Resource) activeOn(n *Node) bool {
	for _, on := range r.RunningOn {
		if on == n {
			return true
		}
	}
	return false
}

// rescheduleMonitors makes the active recurring monitors whose failure
// expired required: Pacemaker marks their digest changed while
// unpacking, so they run again, even where the resource is leaving. The
// digest is only checked (check_actions) on nodes that can run resources:
// on a standby node the monitor is not rescheduled (seed 174).
func (c *Cluster) rescheduleMonitors(r *Resource, node *Node, intervals []int64) {
	if !node.Available() {
		return
	}
	for _, ms := range intervals {
		if m := c.findOp(r, "monitor", ms, node); m != nil {
			m.Optional = false
			m.rescheduled = true
		}
	}
}

// checkMonitorDigests is the part of Pacemaker's check_actions_for that
// results injected by crm_simulate --op-inject reach: for a recurring
// monitor entry since the last start whose definition changed
// (definitionChanged), the monitor is rescheduled (required if the
// resource stays on the node, as RecurringOp sees it) and, with an
// effective fail count, the fail count is cleared ("Cluster action:
// clear_failcount").
func (c *Cluster) checkMonitorDigests(r *Resource, node *Node, since []historyOp) {
	if !node.Available() {
		return
	}
	for _, h := range since {
		if h.task != "monitor" || h.interval <= 0 || !r.definitionChanged(h) {
			continue
		}
		if m := c.findOp(r, "monitor", int64(h.interval), node); m != nil {
			m.rescheduled = true // required only where the resource stays (monitorFlags)
		}
		if c.effectiveFailCount(r, node) > 0 {
			c.clearFailcount(r, node)
		}
	}
}

// checkConfigChanges runs the history checks replay deferred: Pacemaker
// makes them after the migration-threshold check, so a fail count they
// clear still bans the node in this transition.
func (c *Cluster) checkConfigChanges() {
	for _, check := range c.configChecks {
		check()
	}
	c.configChecks = nil
}
