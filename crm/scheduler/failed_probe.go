package scheduler

// ForgetProbesOn drops the masked probe failures recorded on node (its
// history is erased when it is fenced): the resource then shows the next
// one's rc, a clone no longer lists the node as "Stopped (rc text)".
func (r *Resource) ForgetProbesOn(node *Node) {
	if r.Clone != nil {
		delete(r.Clone.FailedProbes, node)
	}
	var kept []FailedProbe
	if r.FailedProbe != nil && r.FailedProbe.Node != node {
		kept = append(kept, *r.FailedProbe)
	}
	for _, p := range r.laterProbes {
		if p.Node != node {
			kept = append(kept, p)
		}
	}
	r.FailedProbe, r.laterProbes = nil, nil
	if len(kept) > 0 {
		r.FailedProbe = &kept[0]
		r.laterProbes = kept[1:]
	}
}
