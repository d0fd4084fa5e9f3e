package scheduler

import (
	"sort"
	"strconv"
	"strings"

	"github.com/gorosync/gorosync/crm/score"
)

// assignClone places a clone's instances the way Pacemaker 2.1.5 does
// (pcmk__clone_allocate and distribute_children): primaries the clone is
// colocated with go first, then the instances, sorted by pcmk__cmp_instance,
// are pre-assigned to their current nodes (at most clone-max/available
// nodes per node), and the rest are assigned one by one.
func (c *Cluster) assignClone(cl *Resource) {
	if cl.assigned || cl.assigning {
		return
	}
	cl.assigning = true
	for _, col := range cl.thisWith {
		c.assign(col.Primary)
	}
	for _, col := range cl.withThis {
		if !col.hasInfluence() {
			continue
		}
		c.addNonNegativeScores(col.Dependent, &cl.Allowed, float32(col.Score)/float32(score.Infinity), true)
	}
	c.logScores("pcmk__clone_allocate", cl)
	sort.SliceStable(cl.Children, func(i, j int) bool {
		return c.cmpInstance(cl.Children[i], cl.Children[j]) < 0
	})
	c.distribute(cl)
	// The instances stay in this order until probes are scheduled
	// (sortInstancesByNumber), as in 2.1.5.
	cl.assigning = false
	cl.assigned = true
}

// addNonNegativeScores merges colocated scores into a clone's own scores
// without turning a node that was not negative into a negative one (the
// clone's scores only matter where they are negative).
func (c *Cluster) addNonNegativeScores(rsc *Resource, target *[]int, factor float32, rollback bool) {
	before := append([]int(nil), (*target)...)
	c.mergeScores(rsc, target, factor, rollback)
	for i, s := range *target {
		if s < 0 && before[i] != notAllowed && before[i] >= 0 {
			if before[i] > 0 {
				(*target)[i] = 1
			} else {
				(*target)[i] = 0
			}
		}
	}
}

func (c *Cluster) distribute(cl *Resource) {
	info := cl.Clone
	counts := make([]int, len(c.Nodes)) // instances per node (the clone's)
	available := 0
	for i, n := range c.Nodes {
		if cl.Allowed[i] != notAllowed && n.Available() {
			available++
		}
	}
	allColoc := info.Max < available
	loopMax := 1
	if available > 0 && info.Max/available > 1 {
		loopMax = info.Max / available
	}
	allocated := 0
	for _, inst := range cl.Children {
		if allocated >= info.Max {
			break
		}
		if len(inst.RunningOn) == 0 || inst.assigned || inst.Failed {
			continue
		}
		cur := inst.current()
		if !cur.Available() {
			continue
		}
		i := c.nodeIndex(cur)
		if cl.Allowed[i] != notAllowed && counts[i] >= loopMax {
			continue
		}
		if c.allocateInstance(cl, inst, cur, allColoc, counts) != nil {
			allocated++
		}
	}
	for _, inst := range cl.Children {
		switch {
		case inst.assigned:
		case allocated >= info.Max:
			c.manageUnassigned(inst)
			for i := range inst.Allowed {
				inst.Allowed[i] = addScore(inst.Allowed[i], -score.Infinity)
			}
		default:
			if c.allocateInstance(cl, inst, nil, allColoc, counts) != nil {
				allocated++
			}
		}
	}
}

// allocateInstance assigns one instance, preferring prefer (its current
// node) when given; a preference that cannot be honoured leaves the
// instance unassigned for the second round.
func (c *Cluster) allocateInstance(cl, inst *Resource, prefer *Node, allColoc bool, counts []int) *Node {
	if inst.assigned {
		return inst.AssignedTo
	}
	if inst.assigning {
		return nil
	}
	appendParentColocations(cl, inst, allColoc)
	if prefer != nil {
		if s := inst.Allowed[c.nodeIndex(prefer)]; s == notAllowed || s < 0 {
			return nil
		}
	}
	// Ban the instance from nodes that cannot take (another) instance.
	for i, n := range c.Nodes {
		switch {
		case inst.Allowed[i] == notAllowed:
		case !n.Available(), inst.Orphan, cl.Allowed[i] == notAllowed,
			// A negative clone score bans the instance outright:
			// can_run_instance adds the parent's weight and then
			// falls through to its -INFINITY bail (2.1.5), so a
			// colocation cannot outweigh it (seed 51 of -with
			// FailureTimeout -whole).
			cl.Allowed[i] < 0,
			counts[i] >= cl.Clone.NodeMax:
			inst.Allowed[i] = -score.Infinity
		}
	}
	backup := append([]int(nil), inst.Allowed...)
	inst.prefer = prefer
	chosen := c.assign(inst)
	inst.prefer = nil
	if chosen != nil && prefer != nil && chosen != prefer {
		inst.Allowed = backup
		unassign(inst)
		return nil
	}
	if chosen != nil {
		if i := c.nodeIndex(chosen); cl.Allowed[i] != notAllowed {
			counts[i]++
		}
	}
	return chosen
}

// appendParentColocations gives an instance the clone's colocations: all
// of them when not every node gets an instance, else only mandatory and
// negative ones. They are inserted in colocation order (2.1.5 applies a
// clone's "with X" colocations to an instance in the clone's order: seed
// 307 of -with Interleave).
func appendParentColocations(cl, inst *Resource, all bool) {
	for _, col := range cl.thisWith {
		if all || col.Score < 0 || col.Score == score.Infinity {
			inst.thisWith = insertSorted(inst.thisWith, col, func(a, b *Colocation) int { return cmpRsc(a.Primary, b.Primary) })
		}
	}
	for _, col := range cl.withThis {
		if !col.Influence && len(inst.RunningOn) > 0 {
			continue
		}
		if all || col.Score < 0 {
			inst.withThis = insertSorted(inst.withThis, col, func(a, b *Colocation) int { return cmpRsc(a.Dependent, b.Dependent) })
		}
	}
}

func unassign(r *Resource) {
	if r.AssignedTo != nil {
		r.AssignedTo.numResources--
	}
	r.AssignedTo = nil
	r.assigned = false
}

// colocateWithClone applies a colocation whose primary is a clone: a
// mandatory one allows dep only where an unblocked instance was placed, an optional
// or negative one counts each placed instance like a primitive.
func (c *Cluster) colocateWithClone(col *Colocation, dep *Resource) {
	cl := col.Primary
	if !cl.assigned {
		return
	}
	if col.Score >= score.Infinity {
		where := make([]bool, len(c.Nodes))
		for _, inst := range cl.Children {
			// A blocked instance's node does not count (2.1.5 skips
			// instances with pe_rsc_block: seed 376 of -with
			// StopFailures).
			if inst.assigned && inst.AssignedTo != nil && !inst.Blocked {
				where[c.nodeIndex(inst.AssignedTo)] = true
			}
		}
		// Only nodes dep may be placed on get the ban (2.1.5 changes
		// the entries it has; crm_simulate -s prints no others: scores
		// seed 41).
		for i := range c.Nodes {
			if !where[i] && dep.Allowed[i] != notAllowed {
				dep.Allowed[i] = -score.Infinity
			}
		}
		return
	}
	for _, inst := range cl.Children {
		c.colocateWith(col, dep, inst)
	}
}

// cmpInstance orders instances for assignment like pcmk__cmp_instance:
// less multiply active, not active on a banned node, priority, active,
// current node can run resources, clone allowed there, not failed, higher
// colocation score on the current node, lower instance number.
func (c *Cluster) cmpInstance(a, b *Resource) int {
	na, nb := len(a.RunningOn), len(b.RunningOn)
	if na > 0 && nb > 0 && na != nb {
		return cmpInt(na, nb)
	}
	nodeA, nodeB := a.current(), b.current()
	canA, canB := c.allowedOn(a, &nodeA), c.allowedOn(b, &nodeB)
	if canA != canB {
		return boolFirst(canA)
	}
	if a.Priority != b.Priority {
		return cmpInt(b.Priority, a.Priority)
	}
	switch {
	case nodeA == nil && nodeB == nil:
		return 0
	case nodeA == nil:
		return 1
	case nodeB == nil:
		return -1
	}
	if x, y := nodeA.Available(), nodeB.Available(); x != y {
		return boolFirst(x)
	}
	cl := a.Parent
	topA := cl.Allowed[c.nodeIndex(nodeA)] != notAllowed
	topB := cl.Allowed[c.nodeIndex(nodeB)] != notAllowed
	switch {
	case !topA && !topB:
		return 0
	case topA != topB:
		return boolFirst(topA)
	}
	if a.Failed != b.Failed {
		return boolFirst(!a.Failed)
	}
	if sa, sb := c.colocationScoreOn(a, nodeA), c.colocationScoreOn(b, nodeB); sa != sb {
		return cmpInt(sb, sa)
	}
	return cmpInt(instanceNumber(a), instanceNumber(b))
}

// allowedOn clears *n when the instance may no longer run there.
func (c *Cluster) allowedOn(r *Resource, n **Node) bool {
	if *n == nil {
		return true
	}
	if s := r.Allowed[c.nodeIndex(*n)]; s == notAllowed || s < 0 {
		*n = nil
		return false
	}
	return true
}

// colocationScoreOn is the score the clone's colocations give node n, for
// ordering instances active there (cmp_instance_by_colocation: merged
// without rollback, so a banned primary makes it -INFINITY: seed 454).
func (c *Cluster) colocationScoreOn(inst *Resource, n *Node) int {
	cl := inst.Parent
	table := make([]int, len(c.Nodes))
	for i := range table {
		table[i] = notAllowed
	}
	i := c.nodeIndex(n)
	table[i] = 0
	if !n.Online || n.Shutdown {
		// An offline node, or one shutting down, weighs -INFINITY
		// (2.1.5's determine_online_status), and the copy of the
		// current node starts from that (seeds 150 and 396 with
		// FailureTimeout).
		table[i] = -score.Infinity
	}
	for _, col := range cl.thisWith {
		c.mergeScores(col.Primary, &table, float32(col.Score)/float32(score.Infinity), false)
	}
	for _, col := range cl.withThis {
		if !col.Influence && len(inst.RunningOn) > 0 {
			continue
		}
		c.addNonNegativeScores(col.Dependent, &table, float32(col.Score)/float32(score.Infinity), false)
	}
	return table[i]
}

// sortInstancesByNumber puts every clone's instances back in number order,
// as 2.1.5's clone_create_probe does whenever it runs (for each node that
// can be probed). Without such a node the instances keep their assignment
// order (pcmk__cmp_instance), which then decides action creation, the
// graph and the summary (seed 98 of -with StopFailures: every node
// unclean).
func (c *Cluster) sortInstancesByNumber() {
	for _, r := range c.Resources {
		if r.IsClone() {
			sort.SliceStable(r.Children, func(i, j int) bool {
				return instanceNumber(r.Children[i]) < instanceNumber(r.Children[j])
			})
		}
	}
}

func instanceNumber(r *Resource) int {
	i := strings.LastIndexByte(r.ID, ':')
	v, _ := strconv.Atoi(r.ID[i+1:])
	return v
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// boolFirst sorts the side where the condition holds first.
func boolFirst(first bool) int {
	if first {
		return -1
	}
	return 1
}
