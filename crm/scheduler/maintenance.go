package scheduler

// activeHistory is a resource's recurring operations on a node where it is
// active, from its last start (or what implies one) on, as recorded while
// unpacking, in status-section order.
type activeHistory struct {
	r         *Resource
	node      *Node
	recurring []historyOp
}

// noteActiveHistory records the recurring operations of r's history on
// node since it became active (Pacemaker's calculate_active_ops: the last
// start, else the first successful monitor after the last stop); hist is
// sorted by call id.
func (c *Cluster) noteActiveHistory(r *Resource, node *Node, hist []historyOp) {
	start, stop, implied := -1, -1, -1
	for i, h := range hist {
		switch {
		case h.task == "stop":
			stop = i
		case h.task == "start" || h.task == "migrate_from":
			start = i
		case h.task == "monitor" && implied <= stop && (h.rc == 0 || h.rc == 8):
			implied = i
		}
	}
	if start < 0 {
		start = implied
	}
	if start < stop {
		return
	}
	var rec []historyOp
	for _, h := range hist[max(start, 0):] {
		if h.interval > 0 {
			rec = append(rec, h)
		}
	}
	if len(rec) > 0 {
		c.activeOps = append(c.activeOps, activeHistory{r, node, rec})
	}
}

// scheduleMaintenanceCancels cancels the recurring operations of
// resources in maintenance (maintenance-mode or their maintenance meta
// attribute) and of everything on a node in maintenance, as Pacemaker does
// while checking the history for configuration changes, before
// assignment: nodes in list order, each node's history in status order,
// only nodes that can run resources or are in maintenance. A cancel takes
// over the active monitor's action (they share a key).
func (c *Cluster) scheduleMaintenanceCancels() {
	for _, n := range c.Nodes {
		if !n.Maintenance && !n.Available() {
			continue
		}
		for _, h := range c.activeOps {
			if h.node != n || h.r.Orphan || !(h.r.maintenance || n.Maintenance) {
				continue
			}
			for _, op := range h.recurring {
				ms := int64(op.interval)
				a := c.findOp(h.r, op.task, ms, n)
				if a == nil {
					a = c.findOp(h.r, "cancel", ms, n)
				}
				if a == nil {
					a = c.newOp(h.r, "cancel", ms, n, false)
				}
				a.Task, a.Optional, a.Runnable = "cancel", false, n.Online
			}
		}
	}
}
