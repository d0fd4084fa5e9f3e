package scheduler

import "github.com/gorosync/gorosync/crm/score"

// Role is a resource role (Pacemaker's enum rsc_role_e, without the
// promotable roles for now).
type Role int

// Roles in Pacemaker's order, so comparisons like role > next work.
const (
	RoleUnknown Role = iota
	RoleStopped
	RoleStarted
)

func (r Role) String() string {
	switch r {
	case RoleStopped:
		return "Stopped"
	case RoleStarted:
		return "Started"
	}
	return "Unknown"
}

// Node is one cluster node as the scheduler sees it.
type Node struct {
	Name    string
	ID      string
	Online  bool
	Standby bool
	// StandbyOnFail: put in standby by an on-fail=standby failure.
	StandbyOnFail bool
	// Node states from nodes_state.go.
	Unclean     bool              // must be fenced before its resources count as stopped
	Unseen      bool              // no node_state: never seen by this cluster
	Pending     bool              // joining: cannot run resources yet
	Shutdown    bool              // clean shutdown requested (transient "shutdown")
	Maintenance bool              // node attribute maintenance=true
	fenced      bool              // fencing is scheduled in this transition
	dc          bool              // the CIB's dc-uuid: its fencing or shutdown comes last
	configAttrs map[string]string // permanent attributes (from <nodes>)
	// Attrs are the node attributes rules see: permanent ones, transient
	// ones, and the built-ins #uname, #id, #kind.
	Attrs map[string]string

	numResources int         // resources assigned so far (the balancing key)
	statusPos    int         // position of its node_state in the status section (0: none)
	lrmOrder     []*Resource // resources in the order their history here was unpacked
	fails        *failCountIndex
}

// Available reports whether the node can run resources at all.
func (n *Node) Available() bool {
	return n != nil && n.Online && !n.Standby && !n.Unclean && !n.Pending && !n.Shutdown && !n.Maintenance
}

// Resource is a primitive or a group.
type Resource struct {
	ID       string
	Group    bool
	Parent   *Resource   // the group of a member
	Children []*Resource // members of a group, instances of a clone
	Agent    string      // class[:provider]:type of a primitive
	// FenceDevice: a class="stonith" primitive.
	FenceDevice bool
	Clone       *CloneInfo // set on clones (clone.go)
	Orphan      bool       // a clone instance beyond clone-max

	Meta               map[string]string // effective meta attributes
	explicitMeta       map[string]string // a group's own meta, inherited by members
	Priority           int
	Stickiness         int
	MigrationThreshold int
	Managed            bool
	managedConf        bool // Managed as configured, before a failure's on-fail=block
	maintenance        bool // maintenance meta attribute or maintenance-mode: recurring ops are cancelled
	targetStopped      bool

	// Allowed holds the node scores, indexed like Cluster.Nodes.
	Allowed []int

	// From the status section.
	Role      Role
	RunningOn []*Node
	Failed    bool // a failed operation asks for recovery
	// Blocked: on-fail=block (or a failed stop without fencing) took the
	// resource out of management. FailureIgnored: an on-fail=ignore
	// failure was pretended to succeed.
	Blocked, FailureIgnored bool
	onFail                  map[string]string // "<task>_<ms>" -> configured on-fail
	blockFailure            bool              // an on-fail=block failure: failure-timeout is off
	ignoredOn               []*Node           // nodes whose history holds the ignored failures

	// Colocations where this resource is the dependent / the primary,
	// sorted as Pacemaker sorts them.
	thisWith []*Colocation
	withThis []*Colocation

	// Assignment state.
	assigned   bool // assignment finished (Pacemaker: not provisional)
	assigning  bool
	merging    bool
	AssignedTo *Node
	prefer     *Node // a clone instance's current node, tried first
	// AssignScores are the node scores used for the final choice (what
	// crm_simulate -s prints as "pcmk__primitive_assign: ... allocation score").
	AssignScores []int
	NextRole     Role

	// Actions (primitives only).
	start *Action
	stops []*Action
	// startInGroupLink: the member's start existed when its group's
	// internal orderings were applied, so "group start then member start"
	// is an action ordering (2.1.5 drops it otherwise).
	startInGroupLink bool

	// Every action of the resource in creation order (Pacemaker prepends
	// to rsc->actions, so the graph lists them newest first).
	actions []*Action
	// Configured recurring monitor intervals (ms), in CIB order.
	monitors      []int64
	monitorDigest map[int64]string // op-digest Pacemaker records per recurring monitor (digest.go)
	// Nodes with any history of the resource (probes are not needed there).
	knownOn map[*Node]bool
	// historyNamed: an anonymous instance was given an lrm_resource entry
	// (Pacemaker sets its clone_name then, even if every entry expired).
	historyNamed bool
	// FailedProbe is the first probe of it that found the agent missing
	// or its parameters invalid (rc 5 or 2, Pacemaker's masked probe
	// failures) on an online node: a stopped resource shows its rc.
	FailedProbe *FailedProbe
	laterProbes []FailedProbe // the others, for when fencing erases the first's node
	startupOff  bool          // unmanaged by disableStartup (no fence device)
	failedOn    []*Node       // nodes whose history made it failed
	// A group's pseudo-actions.
	pseudo groupPseudo
}

// Disabled reports whether the resource's target-role is Stopped.
func (r *Resource) Disabled() bool { return r.targetStopped }

// current is the node the resource is active on (the first one).
func (r *Resource) current() *Node {
	if len(r.RunningOn) == 0 {
		return nil
	}
	return r.RunningOn[0]
}

// Colocation is an rsc_colocation: place Dependent relative to Primary.
type Colocation struct {
	ID        string
	Dependent *Resource
	Primary   *Resource
	Score     int
	Influence bool
}

func isMandatory(s int) bool { return s >= score.Infinity || s <= -score.Infinity }

// FailedProbe is a masked probe failure: the node and the probe's rc.
type FailedProbe struct {
	Node *Node
	RC   int
}
