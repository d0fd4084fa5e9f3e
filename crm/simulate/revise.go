package simulate

import (
	"slices"

	"github.com/gorosync/gorosync/crm/scheduler"
)

// revise applies a transition to the cluster's resource state the way
// crm_simulate -S does before printing "Revised Cluster Status": every
// action in the transition succeeds, so an executed stop takes the
// resource off its node (and clears its failure), an executed start puts
// it on the start's node. Actions that are blocked or optional leave the
// state as it was. With an --op-fail failure, only the actions that fired
// (executed) count and the failed one leaves its resource FAILED on its
// node.
func revise(tr *scheduler.Transition, executed []*scheduler.Action, failure *opFailure) {
	if failure != nil && !failure.harmless() {
		executed = slices.Concat(executed[:failure.at], executed[failure.at+1:])
	}
	// Only what ran counts (an action waiting for one that never runs
	// does not run either: seed 14).
	ran := map[*scheduler.Action]bool{}
	for _, a := range executed {
		ran[a] = true
	}
	actions := slices.DeleteFunc(slices.Clone(tr.Actions), func(a *scheduler.Action) bool { return !ran[a] })
	fenced := map[*scheduler.Node]bool{}
	for _, a := range executed {
		if a.Rsc == nil && a.Task == "stonith" {
			fenced[a.Node] = true
		}
	}
	for _, f := range tr.Cluster.FenceActions() {
		if failure != nil && !fenced[f.Node] {
			continue
		}
		f.Node.Fenced()
		forgetNode(tr.Cluster.Resources, f.Node)
	}
	// The transition probed the clones on every online node (not on an
	// unclean one), so their history is known there now; after an abort,
	// only where an action of the clone ran.
	ranOn := map[*scheduler.Resource]map[*scheduler.Node]bool{}
	for _, a := range executed {
		if a.Rsc == nil || a.Node == nil || a.Pseudo {
			continue
		}
		top := a.Rsc
		for top.Parent != nil {
			top = top.Parent
		}
		if ranOn[top] == nil {
			ranOn[top] = map[*scheduler.Node]bool{}
		}
		ranOn[top][a.Node] = true
	}
	for _, r := range tr.Cluster.Resources {
		if r.IsClone() {
			for _, n := range tr.Cluster.Nodes {
				if n.Online && !n.Unclean && (failure == nil || ranOn[r][n]) {
					r.NoteKnown(n)
				}
			}
		}
	}
	for _, a := range actions {
		if a.Task != "stop" || a.Node == nil {
			continue
		}
		r := a.Rsc
		kept := r.RunningOn[:0:0]
		for _, n := range r.RunningOn {
			if n != a.Node {
				kept = append(kept, n)
			}
		}
		r.RunningOn = kept
		// The stop is the node's newest history entry now: its failures
		// there are cleared (seeds 669 767 from 500).
		r.ForgetFailuresOn(a.Node)
		if len(kept) == 0 {
			r.Failed = false
		}
	}
	// A rescheduled monitor that succeeds after the resource's stop on
	// its node makes it active there again.
	fired := map[*scheduler.Action]int{}
	for i, a := range executed {
		fired[a] = i
	}
	var again []*scheduler.Resource
	for _, m := range tr.Rescheduled {
		at, ok := fired[m]
		if !ok || slices.Contains(m.Rsc.RunningOn, m.Node) {
			continue
		}
		for _, a := range executed[:at] {
			if a.Rsc == m.Rsc && a.Task == "stop" && a.Node == m.Node {
				m.Rsc.RunningOn = append(m.Rsc.RunningOn, m.Node)
				again = append(again, m.Rsc)
				break
			}
		}
	}
	for _, a := range actions {
		if a.Task != "start" || a.Node == nil {
			continue
		}
		r := a.Rsc
		if !slices.Contains(r.RunningOn, a.Node) { // a rescheduled monitor may have put it back
			r.RunningOn = append(r.RunningOn, a.Node)
		}
		r.Failed = false
	}
	// A rescheduled monitor that succeeds where the resource stays
	// replaces its failed result: it is no longer failed (an unmanaged
	// resource is not recovered otherwise).
	for _, m := range tr.Rescheduled {
		if _, ok := fired[m]; ok && m.Rsc.Failed && slices.Contains(m.Rsc.RunningOn, m.Node) {
			m.Rsc.Failed = false
		}
	}
	if failure != nil && !failure.harmless() {
		failed(tr.Cluster, failure)
	}
	for _, r := range again {
		// crm_simulate lists them in status-section order.
		tr.Cluster.SortByStatus(r.RunningOn)
	}
	for _, r := range tr.Cluster.Resources {
		if r.IsClone() {
			remapOrphans(r)
		}
	}
}

// remapOrphans: unpacking the status again, crm_simulate gives the history
// of an orphan instance that is still active to an instance the
// transition stopped (find_anonymous_clone takes the first inactive one),
// so it is no longer shown as ORPHANED (seed 296).
func remapOrphans(cl *scheduler.Resource) {
	for _, o := range cl.Children {
		if !o.Orphan || len(o.RunningOn) == 0 {
			continue
		}
		for _, inst := range cl.Children {
			if inst.Orphan || len(inst.RunningOn) > 0 {
				continue
			}
			inst.RunningOn, o.RunningOn = o.RunningOn, nil
			inst.Failed, inst.Blocked, inst.Managed, inst.FailureIgnored = o.Failed, o.Blocked, o.Managed, o.FailureIgnored
			break
		}
	}
}

// forgetNode drops a fenced node from every resource's state: fencing
// erases the node's operation history, so nothing (unmanaged resources
// included) runs there and clones no longer know it.
func forgetNode(rs []*scheduler.Resource, node *scheduler.Node) {
	for _, r := range rs {
		forgetNode(r.Children, node)
		r.ForgetProbesOn(node)
		if r.Clone != nil {
			kept := r.Clone.KnownOn[:0:0]
			for _, n := range r.Clone.KnownOn {
				if n != node {
					kept = append(kept, n)
				}
			}
			r.Clone.KnownOn = kept
			r.Clone.ForgetLocatedBy(node)
		}
		if len(r.Children) > 0 {
			continue
		}
		if r.FailureIgnored {
			r.ForgetIgnoredFailures(node)
		}
		kept := r.RunningOn[:0:0]
		for _, n := range r.RunningOn {
			if n != node {
				kept = append(kept, n)
			}
		}
		if len(kept) < len(r.RunningOn) {
			r.RunningOn = kept
			r.ForgetFailuresOn(node)
			if len(kept) == 0 {
				r.Failed = false
			}
		}
	}
}

// failed records an --op-fail failure: the resource stays (or, for a
// start, comes) on the node as FAILED, with the operation's on-fail.
func failed(c *scheduler.Cluster, f *opFailure) {
	a := f.action
	if !slices.Contains(a.Rsc.RunningOn, a.Node) {
		a.Rsc.RunningOn = append(a.Rsc.RunningOn, a.Node)
	}
	unclean := a.Node.Unclean
	c.FailDuringTransition(a.Rsc, a.Node, a.Task, a.Interval)
	if !unclean && a.Node.Unclean {
		c.UncleanFrom(a.Node, a.Rsc)
	}
}
