package scheduler

import "strconv"

// Action is one scheduled action: a resource operation on a node, a
// group's or clone's pseudo-action (no node), or a node action (no
// resource: fencing, shutdown; node_actions.go).
//
// How the rest of the scheduler uses actions (keep it this simple):
//   - create with c.newAction (start/stop), c.newOp (any task, interval,
//     node) or c.newPseudo (group start/running/stop/stopped); creation
//     order matters: it decides the transition graph's synapse order;
//   - flag by setting Optional (false = required) and Runnable, with a
//     Reason for the summary;
//   - order two actions with c.orderActions(first, then, flags); resource
//     level orderings (c.orderings) are turned into such edges by
//     buildEdges after flags have been walked (walk.go, which links the
//     actions its own way, as Pacemaker does).
type Action struct {
	Rsc      *Resource // nil for a node action (fencing, shutdown)
	Task     string    // start, stop, monitor; groups: start, running, stop, stopped; stonith, do_shutdown
	Interval int64     // ms, for recurring monitors (0 for a probe)
	Node     *Node     // nil for pseudo-actions
	Pseudo   bool      // group/clone pseudo-actions, stops implied by fencing
	Optional bool      // not needed unless something requires it
	Runnable bool
	Reason   string

	activeBefore bool // a recurring monitor that already runs
	rescheduled  bool // a recurring monitor run again after its failure expired
	printAlways  bool // in the graph though optional (pe_action_print_always)
	// requiredUnmanaged: the walk made this unmanaged resource's
	// start or stop required before walkFlags set it optional again.
	requiredUnmanaged bool
	// unassigned: noNodeActions made this start or recurring operation
	// unrunnable (pcmk__finalize_assignment to no node).
	unassigned bool
	// requiresAny: runnable once one of its one-or-more firsts is
	// (require-all=false sets); runnableBefore counts them during a walk
	// step.
	requiresAny    bool
	runnableBefore int
	seq            int // creation order
	before         []*actionEdge
	after          []*actionEdge
}

// Key is Pacemaker's operation key, rsc_task_interval; node actions have
// their own: stonith-N-reboot, do_shutdown-N.
func (a *Action) Key() string {
	switch {
	case a.Rsc != nil:
	case a.Task == taskFence:
		return taskFence + "-" + a.Node.Name + "-" + fenceAction
	case a.Node == nil:
		return a.Task // a pseudo-action of no resource (one-or-more:<set>)
	default:
		return a.Task + "-" + a.Node.Name
	}
	return a.Rsc.ID + "_" + a.Task + "_" + strconv.FormatInt(a.Interval, 10)
}

type orderFlags uint16

const (
	impliesThen         orderFlags = 1 << iota // first required => then required
	impliesFirst                               // then required => first required
	runnableLeft                               // first unrunnable => then unrunnable
	restartOrder                               // stop/start of one resource
	asymmetric                                 // mandatory, symmetrical=false
	impliesThenPrinted                         // first required => then in the graph
	impliesFirstPrinted                        // then required => first in the graph
	antiColocation                             // a -INFINITY colocation's stop before start
	orderOptional                              // Pacemaker's pe_order_optional (the flag walk's links)
	inverseMandatory                           // a mandatory order's inverse (implies_first in 2.1.5)
	oneOrMore                                  // any runnable first makes then runnable (relaxed_sets.go)
)

// ordering ties the actions of two resources by task.
type ordering struct {
	first, then         *Resource
	firstTask, thenTask string
	flags               orderFlags
	constraint          bool // from an rsc_order (its graph edges come from c.rscOrders)
}

func (c *Cluster) newAction(r *Resource, task string, n *Node, optional bool) *Action {
	a := c.newOp(r, task, 0, n, optional)
	if task == "stop" && n != nil && n.fenced {
		a.Runnable = true // implied by fencing the node
	}
	if task == "start" && a.Runnable {
		if blocked, why := c.quorumBlocks(r); blocked {
			a.Runnable = false
			a.Reason = why
		}
	}
	if !r.Managed {
		// Pacemaker keeps an unmanaged resource's actions runnable but
		// optional, so they neither run nor block what is ordered after;
		// a resource blocked by a failure blocks them.
		a.Optional = true
		a.Runnable = a.Runnable && !r.Blocked
	}
	return a
}

// newOp creates a resource operation (runnable when its node is online)
// and records it in creation order.
func (c *Cluster) newOp(r *Resource, task string, interval int64, n *Node, optional bool) *Action {
	a := &Action{Rsc: r, Task: task, Interval: interval, Node: n, Optional: optional, Runnable: n != nil && n.Online}
	c.record(a)
	return a
}

func (c *Cluster) record(a *Action) {
	a.seq = len(c.actions)
	c.actions = append(c.actions, a)
	if a.Rsc != nil {
		a.Rsc.actions = append(a.Rsc.actions, a)
	}
}

// startAction finds or creates the start of r on n; a required request
// makes it required only if it can run (as Pacemaker's StartRsc does).
func (c *Cluster) startAction(r *Resource, n *Node, optional bool) {
	if r.start == nil {
		r.start = c.newAction(r, "start", n, true)
	}
	if r.start.Runnable && !optional && r.Managed {
		r.start.Optional = false
	}
}

// stopActions creates or updates the stop of r on every node it runs on.
func (c *Cluster) stopActions(r *Resource, optional bool) {
	for _, n := range r.RunningOn {
		var stop *Action
		for _, a := range r.stops {
			if a.Node == n {
				stop = a
			}
		}
		if stop == nil {
			stop = c.newAction(r, "stop", n, optional)
			r.stops = append(r.stops, stop)
		} else if !r.Managed {
			// Found again for a resource unmanaged since (no fence
			// device): optional, as 2.1.5's update_action_optional
			// makes it (-with Sets seed 530: a failed member's stop).
			stop.Optional = true
		} else if !optional {
			stop.Optional = false
		}
		if r.AssignedTo == nil {
			stop.Reason = "node availability"
		}
		if !r.Managed {
			stop.Runnable = false // Pacemaker's stop_resource
			// custom_action makes a found action of an unmanaged
			// resource optional: the recovery stop unpacking created
			// before the missing fence device unmanaged it (seed 859).
			stop.Optional = true
		}
	}
}

// createActions decides the actions of every resource in processing
// order: a group's members, then the group's pseudo-actions.
func (c *Cluster) createActions() {
	for _, r := range c.Resources {
		switch {
		case r.Group:
			for _, m := range r.Children {
				c.createPrimitiveActions(m)
			}
			c.createGroupPseudo(r)
		case r.IsClone():
			for _, m := range r.Children {
				c.createPrimitiveActions(m)
			}
			c.createClonePseudo(r)
		default:
			c.createPrimitiveActions(r)
		}
	}
}

// createPrimitiveActions decides the start/stop actions of a primitive,
// like pcmk__primitive_create_actions: a restart (stop then start) when
// moving or recovering, then the role change itself, then the recurring
// monitors after the start.
func (c *Cluster) createPrimitiveActions(r *Resource) {
	if r.NextRole == RoleUnknown {
		if r.AssignedTo == nil {
			r.NextRole = RoleStopped
		} else {
			r.NextRole = RoleStarted
		}
	}
	cur := r.current()
	moving := cur != nil && r.AssignedTo != nil && cur != r.AssignedTo && r.NextRole >= RoleStarted
	// Multiply active (multiple-active=stop_start): stop everywhere,
	// start again on the chosen node.
	needStop := moving || r.Failed || len(r.RunningOn) > 1
	if r.Role == RoleStarted {
		c.stopActions(r, !needStop)
		// A blocked resource (a failed stop nothing can fence, on-fail=
		// block) is not brought back up: no start of its own (2.1.5's
		// pe_rsc_block); orderings create one without a node.
		if r.Role <= r.NextRole && !r.Blocked {
			c.startAction(r, r.AssignedTo, !needStop)
		}
	}
	switch {
	case r.Role == RoleStarted && r.NextRole == RoleStopped:
		c.stopActions(r, false)
	case r.Role == RoleStopped && r.NextRole == RoleStarted:
		c.startAction(r, r.AssignedTo, false)
	}
	c.scheduleMonitors(r)
}

// internalOrderings: each primitive stops before it starts; group members
// start in order and stop in reverse order.
func (c *Cluster) internalOrderings() {
	for _, r := range c.primitives() {
		c.orderings = append(c.orderings,
			ordering{first: r, firstTask: "stop", then: r, thenTask: "start", flags: impliesThen | restartOrder})
	}
	for _, g := range c.Resources {
		if !g.Group {
			continue
		}
		var lastActive *Resource
		for k, m := range g.Children {
			if k > 0 {
				prev := g.Children[k-1]
				c.orderings = append(c.orderings,
					ordering{first: prev, firstTask: "start", then: m, thenTask: "start", flags: impliesThen | runnableLeft},
					ordering{first: m, firstTask: "stop", then: prev, thenTask: "stop", flags: restartOrder})
				// A partially active group stops in sequence: past
				// inactive members to the last active one.
				if len(m.RunningOn) > 0 && len(prev.RunningOn) == 0 && lastActive != nil {
					c.orderings = append(c.orderings,
						ordering{first: m, firstTask: "stop", then: lastActive, thenTask: "stop"})
				}
			}
			if len(m.RunningOn) > 0 {
				lastActive = m
			}
		}
	}
}

func (r *Resource) actionsFor(task string) []*Action {
	switch task {
	case "start":
		if r.start != nil {
			return []*Action{r.start}
		}
	case "stop":
		return r.stops
	}
	return nil
}

// ID is the action's creation number. Pacemaker 2.1.5 numbers transition
// graph actions by a creation counter too (optional ones included), so the
// two agree only where gocrm creates the same actions in the same order.
func (a *Action) ID() int { return a.seq }
