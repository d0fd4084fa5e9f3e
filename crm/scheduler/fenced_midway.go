package scheduler

// UncleanFrom records that node became unclean through the failure of
// r's operation during the transition (on-fail=fence): when crm_simulate
// unpacks the status again, the resources whose history on node comes
// after r's find it unclean, so their failures there are ignored
// (process_rsc_state); r's own and earlier ones stay (op-fail seed 40).
func (c *Cluster) UncleanFrom(node *Node, r *Resource) {
	after := false
	for _, x := range node.lrmOrder {
		if x == r {
			after = true
			continue
		}
		if after {
			x.ForgetFailuresOn(node)
		}
	}
}

// ForgetFailuresOn drops the failures node's history gave r (fencing
// erases that history): r stays failed only through other nodes (seed
// 126).
func (r *Resource) ForgetFailuresOn(node *Node) {
	if !containsNode(r.failedOn, node) {
		return
	}
	kept := r.failedOn[:0:0]
	for _, n := range r.failedOn {
		if n != node {
			kept = append(kept, n)
		}
	}
	r.failedOn = kept
	if len(kept) == 0 {
		r.Failed = false
		// Blocked only comes from a failure (on-fail=block, a stop
		// failure nothing recovers): with the last failed node's
		// history gone, the resource is as configured again (seed 232
		// of -with StopFailures: the revised status after fencing).
		if r.Blocked {
			r.Blocked, r.Managed = false, r.managedConf
		}
	}
}

// noteLocatedBy records that the history of node from (nil: not from a
// history) located the clone on n.
func (info *CloneInfo) noteLocatedBy(n, from *Node) {
	if info.locatedBy == nil {
		info.locatedBy = map[*Node][]*Node{}
	}
	if !containsNode(info.locatedBy[n], from) {
		info.locatedBy[n] = append(info.locatedBy[n], from)
	}
}

// ForgetLocatedBy drops what node's history located (fencing erases it):
// a node stays located while another history (a fatal error elsewhere
// bans every node) keeps it there (seed 131).
func (info *CloneInfo) ForgetLocatedBy(node *Node) {
	var kept []*Node
	for _, n := range info.Located {
		var by []*Node
		for _, from := range info.locatedBy[n] {
			if from != node {
				by = append(by, from)
			}
		}
		info.locatedBy[n] = by
		if len(by) > 0 {
			kept = append(kept, n)
		}
	}
	info.Located = kept
}
