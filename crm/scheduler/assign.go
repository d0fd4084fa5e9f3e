package scheduler

import (
	"sort"

	"github.com/gorosync/gorosync/crm/score"
)

// applyNodeCriteria adds stickiness on current nodes and bans resources
// from nodes where their fail count reached migration-threshold.
func (c *Cluster) applyNodeCriteria() {
	for _, r := range c.primitives() {
		// Stickiness: managed, stickiness >= 1, active on exactly one node.
		// Start-up disabled for want of a fence device unmanages a
		// resource only when it is assigned, later (scores seed 55).
		if (r.Managed || r.startupOff) && r.Stickiness >= 1 && len(r.RunningOn) == 1 {
			i := c.nodeIndex(r.RunningOn[0])
			if c.Symmetric || r.Allowed[i] != notAllowed {
				r.Allowed[i] = addScore(r.Allowed[i], r.Stickiness)
			}
		}
	}
	for _, r := range c.primitives() {
		if r.MigrationThreshold == 0 || r.FailureIgnored { // ignored failures ignore the threshold too
			continue
		}
		for i, n := range c.Nodes {
			fc := c.effectiveFailCount(r, n)
			if fc <= 0 || c.findOp(r, taskClearFailcount, 0, n) != nil {
				// No threshold where the fail count is being cleared
				// (one scheduled while unpacking the history).
				continue
			}
			if r.MigrationThreshold-fc <= 0 {
				c.banFrom(r, i)
			}
		}
	}
}

// addScore is score.Add that also turns a not-allowed node into an allowed
// one with the given score (Pacemaker creates the node entry).
func addScore(cur, s int) int {
	if cur == notAllowed {
		return s
	}
	return score.Add(cur, s)
}

// expandGroupColocations moves a group's colocations onto its members when
// the group is assigned: "group with X" is applied to the first member, "X
// with group" is merged through the last member. Members after an
// unmanaged one (which breaks the chain of internal colocations) also get
// the group's mandatory "group with X", as 2.1.5 adds them (seed 76 of
// -with StopFailures: a member after a blocked one).
func expandGroupColocations(g *Resource) {
	if len(g.Children) == 0 {
		return
	}
	first, last := g.Children[0], g.Children[len(g.Children)-1]
	afterUnmanaged := !first.Managed
	for _, m := range g.Children[1:] {
		if afterUnmanaged {
			for _, col := range g.thisWith {
				if col.Score >= score.Infinity {
					m.thisWith = insertSorted(m.thisWith, col, func(a, b *Colocation) int { return cmpRsc(a.Primary, b.Primary) })
				}
			}
		}
		afterUnmanaged = afterUnmanaged || !m.Managed
	}
	first.thisWith = append(first.thisWith, g.thisWith...)
	g.thisWith = nil
	last.withThis = append(last.withThis, g.withThis...)
	g.withThis = nil
}

// groupInternalColocations chains each member to the previous one at
// INFINITY.
func (c *Cluster) groupInternalColocations() {
	for _, g := range c.Resources {
		if !g.Group {
			continue
		}
		for k := 1; k < len(g.Children); k++ {
			c.newColocation(g.ID+"-internal", g.Children[k], g.Children[k-1], score.Infinity, true)
		}
	}
}

// assign places a resource (and, for a group, its members) on a node.
func (c *Cluster) assign(r *Resource) *Node {
	switch {
	case r.Group:
		return c.assignGroup(r)
	case r.IsClone():
		c.assignClone(r)
		return nil
	}
	if r.Parent != nil && !r.Parent.assigning {
		c.assign(r.Parent)
	}
	if r.assigned {
		return r.AssignedTo
	}
	if r.assigning {
		return nil // colocation loop
	}
	r.assigning = true
	for _, col := range r.thisWith {
		c.applyThisWith(col, r)
	}
	for _, col := range r.withThis {
		if !col.hasInfluence() {
			continue
		}
		factor := float32(col.Score) / float32(score.Infinity)
		c.addColocatedScores(col.Dependent, &r.Allowed, factor)
	}
	if r.targetStopped || r.NextRole == RoleStopped { // target-role or on-fail=stop
		for i := range r.Allowed {
			r.Allowed[i] = addScore(r.Allowed[i], -score.Infinity)
		}
		r.NextRole = RoleStopped
	}
	r.AssignScores = append([]int(nil), r.Allowed...)
	c.logScores("pcmk__primitive_assign", r)
	switch {
	case !r.Managed:
		// Pacemaker keeps an unmanaged resource in its current role
		// whatever its target-role (so it has an optional start there).
		r.NextRole = r.Role
		c.finalize(r, r.current(), true)
	case c.StopAll:
		c.finalize(r, nil, false)
	default:
		c.assignBest(r)
	}
	r.assigning = false
	return r.AssignedTo
}

func (c *Cluster) assignGroup(g *Resource) *Node {
	if g.assigned {
		if len(g.Children) > 0 {
			return g.Children[0].AssignedTo
		}
		return nil
	}
	if g.assigning {
		return nil
	}
	if len(g.Children) == 0 {
		g.assigned = true
		return nil
	}
	g.assigning = true
	expandGroupColocations(g)
	c.logScores("pcmk__group_assign", g)
	for _, m := range g.Children {
		c.assign(m)
	}
	g.NextRole = g.Children[0].NextRole
	g.AssignedTo = g.Children[0].AssignedTo
	g.assigning = false
	g.assigned = true
	return g.AssignedTo
}

func (col *Colocation) hasInfluence() bool {
	return col.Influence || len(col.Primary.RunningOn) == 0
}

// colocationNode is where the primary of a colocation counts as placed: a
// group counts through its last member for mandatory colocations (the
// whole group must be up) and through its first member otherwise.
func colocationPrimary(col *Colocation) *Resource {
	p := col.Primary
	if p.Group && len(p.Children) > 0 {
		if col.Score >= score.Infinity {
			return p.Children[len(p.Children)-1]
		}
		return p.Children[0]
	}
	return p
}

// applyThisWith applies a colocation in which dep is the dependent.
func (c *Cluster) applyThisWith(col *Colocation, dep *Resource) {
	var archive []int
	if col.Score < 0 && col.Score > -score.Infinity {
		archive = append([]int(nil), dep.Allowed...)
	}
	c.assign(col.Primary)
	if col.Primary.IsClone() && interleavedColocation(col) && dep.IsInstance() {
		c.colocateWithPartner(col, dep)
	} else if col.Primary.IsClone() {
		c.colocateWithClone(col, dep)
	} else {
		c.colocateWith(col, dep, colocationPrimary(col))
	}
	if archive != nil && !c.anyAvailable(dep.Allowed) {
		dep.Allowed = archive
	}
}

// colocateWith applies a colocation's score to dep's node scores given
// where the primary primitive prim was placed (Pacemaker's
// pcmk__apply_coloc_to_weights), rolling back an optional one that would
// leave no node available.
func (c *Cluster) colocateWith(col *Colocation, dep, prim *Resource) {
	if !prim.assigned {
		return
	}
	work := append([]int(nil), dep.Allowed...)
	where := prim.AssignedTo
	if where == nil && col.Score < 0 {
		return
	}
	for i, n := range c.Nodes {
		if work[i] == notAllowed {
			continue
		}
		switch {
		case where == nil:
			work[i] = score.Add(-col.Score, work[i])
		case n == where:
			if col.Score < score.Infinity {
				work[i] = score.Add(col.Score, work[i])
			}
		case col.Score >= score.Infinity:
			work[i] = -score.Infinity
		}
	}
	if isMandatory(col.Score) || c.anyAvailable(work) {
		dep.Allowed = work
	}
}

// anyAvailable reports whether some node can run a resource with these
// scores (available and score >= 0).
func (c *Cluster) anyAvailable(scores []int) bool {
	for i, n := range c.Nodes {
		if scores[i] != notAllowed && n.Available() && scores[i] >= 0 {
			return true
		}
	}
	return false
}

// addColocatedScores folds rsc's node scores (and, recursively, those of
// resources colocated with it) into *target, scaled by factor, rolling back
// when the result would leave no node available.
func (c *Cluster) addColocatedScores(rsc *Resource, target *[]int, factor float32) {
	c.mergeScores(rsc, target, factor, true)
}

// mergeScores is addColocatedScores; without rollback (merge_weights
// without pe_weights_rollback) a result that leaves no node available is
// kept, only the colocations with rsc are not followed then.
func (c *Cluster) mergeScores(rsc *Resource, target *[]int, factor float32, rollback bool) {
	if rsc.merging {
		return
	}
	rsc.merging = true
	defer func() { rsc.merging = false }()
	if rsc.Group {
		// A group counts through its first member (whose colocation chain
		// reaches the others). Colocations naming the group itself are
		// only moved onto its members when the group is assigned; until
		// then they are not followed (as in 2.1.5).
		if len(rsc.Children) > 0 {
			c.mergeScores(rsc.Children[0], target, factor, rollback)
		}
		return
	}
	work := append([]int(nil), (*target)...)
	for i, n := range c.Nodes {
		if work[i] == notAllowed {
			continue
		}
		best := -score.Infinity
		if n.Available() && rsc.Allowed[i] != notAllowed && rsc.Allowed[i] > best {
			best = rsc.Allowed[i]
		}
		if factor < 0 && best < 0 {
			continue
		}
		wf := factor * float32(best)
		var w int
		if wf < 0 {
			w = int(wf - 0.5)
		} else {
			w = int(wf + 0.5)
		}
		if w == 0 && best != 0 {
			if factor > 0 {
				w = 1
			} else if factor < 0 {
				w = -1
			}
		}
		work[i] = score.Add(w, work[i])
	}
	if !c.anyAvailable(work) {
		if !rollback {
			*target = work
		}
		return
	}
	// 2.1.5 scales each further step by that colocation's own score,
	// keeping only the sign of the factor so far (later releases multiply).
	sign := float32(1)
	if factor < 0 {
		sign = -1
	}
	for _, col := range rsc.withThis {
		if !col.hasInfluence() {
			continue
		}
		c.addColocatedScores(col.Dependent, &work, sign*float32(col.Score)/float32(score.Infinity))
	}
	*target = work
}

// sortedNodes orders the allowed nodes the way Pacemaker's compare_nodes
// does: score (unavailable nodes count as -INFINITY), then fewer assigned
// resources, then the resource's current node, then name.
func (c *Cluster) sortedNodes(r *Resource) []int { return c.sortNodes(r.Allowed, r.current()) }

// sortNodes is sortedNodes for a score table and current node (nil: none).
func (c *Cluster) sortNodes(scores []int, cur *Node) []int {
	var idx []int
	for i := range c.Nodes {
		if scores[i] != notAllowed {
			idx = append(idx, i)
		}
	}
	eff := func(i int) int {
		if !c.Nodes[i].Available() {
			return -score.Infinity
		}
		return scores[i]
	}
	sort.SliceStable(idx, func(a, b int) bool {
		i, j := idx[a], idx[b]
		if eff(i) != eff(j) {
			return eff(i) > eff(j)
		}
		ni, nj := c.Nodes[i], c.Nodes[j]
		if ni.numResources != nj.numResources {
			return ni.numResources < nj.numResources
		}
		if cur != nil && (ni == cur) != (nj == cur) {
			return ni == cur
		}
		return ni.Name < nj.Name
	})
	return idx
}

func (c *Cluster) assignBest(r *Resource) {
	idx := c.sortedNodes(r)
	if len(idx) == 0 {
		c.finalize(r, nil, false)
		return
	}
	if p := r.prefer; p != nil {
		// A clone instance's preferred node wins when it is as good as
		// the best one and can run it.
		pi := c.nodeIndex(p)
		if s := r.Allowed[pi]; s != notAllowed && s >= r.Allowed[idx[0]] && s >= 0 && p.Available() {
			c.finalize(r, p, false)
			return
		}
	}
	chosen := idx[0]
	if r.Allowed[chosen] > 0 && c.Nodes[chosen].Available() {
		if cur := r.current(); cur != nil && cur.Available() {
			for _, i := range idx[1:] {
				if r.Allowed[i] != r.Allowed[idx[0]] {
					break
				}
				if c.Nodes[i] == cur {
					chosen = i
				}
			}
		}
	}
	c.finalize(r, c.Nodes[chosen], false)
}

// finalize records the assignment; without force a node with a negative
// score or that cannot run resources is refused and the resource stops.
func (c *Cluster) finalize(r *Resource, n *Node, force bool) {
	if !force && n != nil && (r.Allowed[c.nodeIndex(n)] < 0 || !n.Available()) {
		n = nil
	}
	r.assigned = true
	r.AssignedTo = n
	if n == nil {
		r.NextRole = RoleStopped
		return
	}
	n.numResources++
	if r.NextRole == RoleUnknown {
		r.NextRole = RoleStarted
	}
}
