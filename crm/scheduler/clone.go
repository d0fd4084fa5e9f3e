package scheduler

import (
	"strconv"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/score"
)

// CloneInfo is what a clone resource adds to a Resource: its instances are
// the Resource's Children, named ChildID:0 .. ChildID:Max-1.
type CloneInfo struct {
	ChildID string // id of the cloned primitive, e.g. "R" for R-clone
	Max     int    // clone-max (default: number of nodes)
	NodeMax int    // clone-node-max (always 1 for anonymous clones)
	Ordered bool
	// KnownOn are the nodes with operation history for the clone (where
	// Pacemaker's known_on has them); an asymmetric cluster lists its
	// stopped nodes from here.
	KnownOn []*Node
	// Located are the nodes unpacking the history put a location on
	// for the clone (hard errors, masked probe failures: the node; fatal
	// errors and on-fail=stop: every node). They enter its allowed nodes,
	// which an asymmetric cluster lists as stopped instead of KnownOn.
	Located []*Node
	// FailedProbes: the rc of the first masked probe failure (rc 5 or 2)
	// per node: its Stopped list shows those nodes as "Stopped (rc text)".
	FailedProbes map[*Node]int
}

// IsClone reports whether r is a clone (its Children are instances).
func (r *Resource) IsClone() bool { return r.Clone != nil }

// IsInstance reports whether r is an instance of a clone.
func (r *Resource) IsInstance() bool { return r.Parent != nil && r.Parent.Clone != nil }

// historyID is the id a resource's operation history and fail counts use:
// anonymous instances share the cloned primitive's id.
func (r *Resource) historyID() string {
	if r.IsInstance() {
		return r.Parent.Clone.ChildID
	}
	return r.ID
}

// newClone unpacks a <clone> of a primitive. Clone meta attributes (with
// rsc_defaults, and resource-stickiness 1 unless set) are inherited by the
// instances; clones of groups, promotable and globally unique clones are
// not supported yet.
func (c *Cluster) newClone(x *cib.Clone, defaults map[string]string) *Resource {
	own := x.MetaAttributes.Map()
	switch {
	case x.Primitive == nil:
		c.warnf("clone %q: clones of groups not supported yet; ignored", x.ID)
		return nil
	case isTrue(own["promotable"]):
		c.warnf("clone %q: promotable clones not supported yet; ignored", x.ID)
		return nil
	case isTrue(own["globally-unique"]):
		c.warnf("clone %q: globally unique clones not supported yet; ignored", x.ID)
		return nil
	}
	cl := &Resource{ID: x.ID}
	cl.Meta = mergeMeta(own, nil, defaults)
	if _, ok := cl.Meta["resource-stickiness"]; !ok {
		// Pacemaker makes clones slightly sticky so instances are not
		// shuffled around for nothing.
		cl.Meta["resource-stickiness"] = "1"
	}
	c.setCommon(cl)
	info := &CloneInfo{ChildID: x.Primitive.ID, NodeMax: 1}
	info.Max = len(c.Nodes)
	if info.Max < 1 {
		info.Max = 1
	}
	if v, ok := cl.Meta["clone-max"]; ok {
		info.Max = minInt0(v)
	}
	info.Ordered = isTrue(cl.Meta["ordered"])
	cl.Clone = info
	n := info.Max
	if n < 1 {
		n = 1 // one instance so history can still be matched
	}
	for k := 0; k < n; k++ {
		inst := &Resource{ID: x.Primitive.ID + ":" + strconv.Itoa(k), Parent: cl, Agent: x.Primitive.Agent()}
		inst.Meta = mergeMeta(x.Primitive.MetaAttributes.Map(), cl.Meta, nil)
		inst.monitors = recurringMonitors(x.Primitive)
		inst.monitorDigest = monitorDigests(x.Primitive)
		c.setCommon(inst)
		inst.onFail = opOnFail(x.Primitive)
		cl.Children = append(cl.Children, inst)
		c.byID[inst.ID] = inst
	}
	c.byID[cl.ID] = cl
	if c.clones == nil {
		c.clones = map[string]*Resource{}
	}
	c.clones[info.ChildID] = cl
	return cl
}

// minInt0 parses an integer meta value: invalid or negative means 0.
func minInt0(s string) int {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || v < 0 {
		return 0
	}
	return v
}

// anonClone returns the clone whose history entries are named id (the
// primitive's id, possibly with an instance suffix), or nil.
func (c *Cluster) anonClone(id string) *Resource {
	if cl := c.clones[id]; cl != nil {
		return cl
	}
	if i := strings.LastIndexByte(id, ':'); i > 0 {
		if _, err := strconv.Atoi(id[i+1:]); err == nil {
			return c.clones[id[:i]]
		}
	}
	return nil
}

// anonymousInstance picks the instance that a clone's history on node
// belongs to, as Pacemaker's find_anonymous_clone does: the instance
// already active there, else the first inactive one that is not blocked
// (a failed stop nothing recovered keeps its number: seed 264 of -with
// StopFailures), else a new orphan.
func (c *Cluster) anonymousInstance(cl *Resource, node *Node) *Resource {
	var inactive *Resource
	for _, inst := range cl.Children {
		if len(inst.RunningOn) > 0 {
			if inst.RunningOn[0] == node {
				return inst
			}
		} else if inactive == nil && !inst.Blocked {
			inactive = inst
		}
	}
	if inactive != nil {
		return inactive
	}
	return c.newOrphanInstance(cl)
}

// newOrphanInstance adds an instance beyond clone-max: it may not run
// anywhere, so it is stopped (unless it is unmanaged).
func (c *Cluster) newOrphanInstance(cl *Resource) *Resource {
	tmpl := cl.Children[0]
	inst := &Resource{ID: cl.Clone.ChildID + ":" + strconv.Itoa(len(cl.Children)), Parent: cl, Agent: tmpl.Agent, Orphan: true}
	inst.Meta = tmpl.Meta
	inst.monitors = tmpl.monitors
	inst.monitorDigest = tmpl.monitorDigest
	c.setCommon(inst)
	inst.onFail = tmpl.onFail
	// Allowed where any instance is (constraints come later); the clone
	// assignment bans an orphan everywhere (can_run_instance), so it is
	// sorted like the others first.
	inst.Allowed = make([]int, len(c.Nodes))
	if !c.Symmetric {
		for i := range inst.Allowed {
			inst.Allowed[i] = notAllowed
		}
	}
	cl.Children = append(cl.Children, inst)
	c.byID[inst.ID] = inst
	return inst
}

// NoteKnown records that node has history for the clone.
func (cl *Resource) NoteKnown(node *Node) {
	for _, n := range cl.Clone.KnownOn {
		if n == node {
			return
		}
	}
	cl.Clone.KnownOn = append(cl.Clone.KnownOn, node)
}

// cloneStatus derives a clone's role and current nodes from its instances.
func cloneStatus(cl *Resource) {
	cl.Role = RoleStopped
	cl.RunningOn = nil
	for _, inst := range cl.Children {
		if inst.Role > cl.Role {
			cl.Role = inst.Role
		}
		for _, n := range inst.RunningOn {
			if !containsNode(cl.RunningOn, n) {
				cl.RunningOn = append(cl.RunningOn, n)
			}
		}
	}
}

func containsNode(list []*Node, n *Node) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

// banEverywhereFrom bans r from node i; a ban of an anonymous instance (a
// reached migration-threshold) applies to the whole clone.
func (c *Cluster) banFrom(r *Resource, i int) {
	targets := []*Resource{r}
	if r.IsInstance() {
		targets = append([]*Resource{r.Parent}, r.Parent.Children...)
	}
	for _, t := range targets {
		t.Allowed[i] = addScore(t.Allowed[i], -score.Infinity)
	}
}

// Primitives returns the primitives of a top-level resource: itself, a
// group's members or a clone's instances.
func (r *Resource) Primitives() []*Resource {
	if r.Group || r.IsClone() {
		return r.Children
	}
	return []*Resource{r}
}

// CloneDisabled reports whether a clone's configured role is Stopped (its
// own target-role, else its first instance's).
func (r *Resource) CloneDisabled() bool {
	if r.targetStopped {
		return true
	}
	return len(r.Children) > 0 && r.Children[0].targetStopped
}

// CloneOf returns the anonymous clone whose history entries are named id
// (the cloned primitive's id), or nil.
func (c *Cluster) CloneOf(id string) *Resource { return c.anonClone(id) }
