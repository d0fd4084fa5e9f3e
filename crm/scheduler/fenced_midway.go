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
		if !after || !containsNode(x.failedOn, node) {
			continue
		}
		kept := x.failedOn[:0:0]
		for _, n := range x.failedOn {
			if n != node {
				kept = append(kept, n)
			}
		}
		x.failedOn = kept
		if len(kept) == 0 {
			x.Failed = false
		}
	}
}
