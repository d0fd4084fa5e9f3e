package scheduler

import (
	"fmt"
	"sort"
	"strings"
)

// actionEdge orders two actions: first must complete before then.
type actionEdge struct {
	first, then *Action
	flags       orderFlags
}

// orderActions adds the edge first -> then (Pacemaker's order_actions); a
// second ordering of the same pair adds its flags to the first one.
func (c *Cluster) orderActions(first, then *Action, flags orderFlags) {
	if first == nil || then == nil || first == then {
		return
	}
	for _, e := range then.before {
		if e.first == first {
			e.flags |= flags
			return
		}
	}
	e := &actionEdge{first: first, then: then, flags: flags}
	// Pacemaker prepends to both lists: newest first.
	then.before = append([]*actionEdge{e}, then.before...)
	first.after = append([]*actionEdge{e}, first.after...)
}

// findOp returns r's action task/interval on n, if it exists.
func (c *Cluster) findOp(r *Resource, task string, interval int64, n *Node) *Action {
	for _, a := range r.actions {
		if a.Task == task && a.Interval == interval && a.Node == n {
			return a
		}
	}
	return nil
}

// InGraph reports whether the action is part of the transition graph
// (Pacemaker's should_add_action_to_graph for the cases gocrm models).
func (a *Action) InGraph() bool {
	switch {
	case !a.Runnable:
		return false
	case a.Optional && !a.printAlways:
		return false
	case a.printAlways && a.Rsc != nil && a.Rsc.startupOff:
		// 2.1.5 unmanages only primitives for want of a fence device.
		return true
	case a.Rsc != nil && !a.Rsc.Managed && a.Task != "monitor" && a.Interval == 0:
		// Before pseudo-actions: an unmanaged group's are left out too.
		// (An unmanaged resource's monitors and cancels stay.)
		return false
	case a.Pseudo, a.Rsc == nil:
		// Fencing and shutdowns are added whatever their node's state.
		return true
	}
	return a.Node != nil && a.Node.Online && !a.Node.Unclean
}

// unmanagedRequired: a required, runnable action that InGraph leaves out
// only because its resource is unmanaged. walkFlags sets such a start or
// stop optional again for the rest (summary, graph), but 2.1.5 keeps the
// flags the orderings gave it: required (seed 110 -strict-invalid: a
// group member's start made required by the previous member's start,
// pcmk__update_ordered_actions, stays grp10_running_0's input).
func (a *Action) unmanagedRequired() bool {
	return a.Runnable && (!a.Optional || a.requiredUnmanaged) && a.Rsc != nil && !a.Rsc.Managed && a.Task != "monitor" && a.Interval == 0
}

// inputCounts reports whether an edge becomes an input of its "then"
// synapse (should_add_input_to_graph).
func (e *actionEdge) inputCounts() bool {
	f := e.first
	if f.unmanagedRequired() {
		// 2.1.5 keeps the input although the action is left out: the
		// then action never fires and crm_simulate reports an invalid
		// transition (op-fail seeds 37 38 with FailureTimeout).
		return true
	}
	if !f.InGraph() {
		// A required first that cannot run still counts when the
		// ordering can change actions (any flag but optional and the
		// two "printed" ones): the then action waits for it forever
		// (seed 14: an order's inverse from a group whose blocked
		// member cannot stop; op-fail seed 59 with StopFailures: a
		// clone's unrunnable stop keeps its stopped from firing).
		// A failed unmanaged resource's stop never holds up a
		// clone's own pseudo-actions.
		if f.Runnable || f.Optional || e.flags&^(orderOptional|impliesThenPrinted|impliesFirstPrinted) == 0 {
			return false
		}
		if f.Rsc != nil && f.Rsc != e.then.Rsc && f.Rsc.Failed && !f.Rsc.Managed && f.Task == "stop" &&
			e.then.Rsc != nil && e.then.Rsc.IsClone() {
			return false
		}
	}
	if e.flags&antiColocation != 0 {
		if f.Optional {
			return false
		}
		if f.Node != nil && e.then.Node != nil && f.Node != e.then.Node {
			return false
		}
	}
	return true
}

// Synapse is one graph entry: an action and the actions it waits for.
type Synapse struct {
	Action *Action
	Inputs []*Action
}

// Graph is the transition graph: synapses in Pacemaker's order (resources
// in processing order, each resource's actions newest first, a group's own
// pseudo-actions before its members', a clone's after its instances').
type Graph struct {
	Synapses []*Synapse
}

func (c *Cluster) buildGraph() *Graph {
	g := &Graph{}
	// add adds actions newest first.
	add := func(actions []*Action) {
		for i := len(actions) - 1; i >= 0; i-- {
			a := actions[i]
			if !a.InGraph() {
				continue
			}
			s := &Synapse{Action: a}
			for _, e := range a.before {
				if e.inputCounts() {
					s.Inputs = append(s.Inputs, e.first)
				}
			}
			g.Synapses = append(g.Synapses, s)
		}
	}
	for _, r := range c.Resources {
		if r.IsClone() {
			// A clone expands its instances before its own
			// pseudo-actions (a group the other way round).
			for _, m := range r.Children {
				add(m.actions)
			}
			add(r.actions)
			continue
		}
		add(r.actions)
		for _, m := range r.Children {
			add(m.actions)
		}
	}
	// Then the actions of no resource (Pacemaker's data_set->actions,
	// newest first): node actions, then the one-or-more pseudo-actions
	// made while unpacking constraints.
	add(append(append([]*Action{}, c.relaxed...), c.nodeActions...))
	return g
}

// Execute runs the graph the way crm_simulate's simulated transition
// engine does: pass after pass over the synapses in order, firing every
// synapse whose inputs have all completed (an action completes as soon as
// it fires, so later synapses of the same pass may follow it). It returns
// the actions in firing order; actions that never become ready (a loop)
// are left out and reported by the second result.
func (g *Graph) Execute() (fired []*Action, stuck int) {
	done := map[*Action]bool{}
	for {
		progress := false
		for _, s := range g.Synapses {
			if done[s.Action] {
				continue
			}
			ready := true
			for _, in := range s.Inputs {
				if !done[in] {
					ready = false
					break
				}
			}
			if ready {
				done[s.Action] = true
				fired = append(fired, s.Action)
				progress = true
			}
		}
		if !progress {
			break
		}
	}
	return fired, len(g.Synapses) - len(fired)
}

// ExecLine is the action as crm_simulate prints it under "Executing
// Cluster Transition:" (without the list's "  * ").
func (a *Action) ExecLine() string {
	switch {
	case a.Pseudo && a.Rsc != nil && a.Rsc.IsInstance():
		// A clone instance's stop implied by fencing goes by the
		// instance's printed name, as its resource actions do.
		return fmt.Sprintf("Pseudo action:   %s_%s_%d", a.Rsc.execName(), a.Task, a.Interval)
	case a.Pseudo:
		return "Pseudo action:   " + a.Key()
	case a.Task == taskFence:
		return fmt.Sprintf("Fencing %s (%s)", a.Node.Name, fenceAction)
	case a.Rsc == nil:
		return fmt.Sprintf("Cluster action:  %s on %s", a.Task, a.Node.Name)
	}
	if a.Task == taskClearFailcount {
		return fmt.Sprintf("Cluster action:  %s for %s on %s", a.Task, a.Rsc.historyID(), a.Node.Name)
	}
	task := a.Task
	if a.Interval > 0 {
		task = fmt.Sprintf("%s=%d", a.Task, a.Interval)
	}
	return fmt.Sprintf("Resource action: %-15s %s on %s", a.Rsc.execName(), task, a.Node.Name)
}

// Digest is the op-digest the controller records for the action's result,
// "" where gocrm cannot compute it (digest.go).
func (a *Action) Digest() string { return a.Rsc.monitorDigest[a.Interval] }

// execName is the resource name crm_simulate prints for an action: an
// anonymous instance goes by the cloned primitive's id once history named
// some instance so (Pacemaker's clone_name), else by its own R:N.
func (r *Resource) execName() string {
	if !r.IsInstance() {
		return r.ID
	}
	for _, x := range r.Parent.Children {
		if len(x.knownOn) > 0 || x.historyNamed {
			return r.historyID()
		}
	}
	return r.ID
}

// listOrderNodes returns the nodes in Pacemaker's list order (natural,
// case-insensitive, as pcmk__numeric_strcasecmp).
func (c *Cluster) listOrderNodes() []*Node {
	out := append([]*Node(nil), c.Nodes...)
	sort.SliceStable(out, func(i, j int) bool { return NaturalLess(out[i].Name, out[j].Name) })
	return out
}

// Name is "key node" (or the key of a pseudo-action), as crm_simulate's
// dot graphs name actions.
func (a *Action) Name() string {
	if a.Node == nil {
		return a.Key()
	}
	return a.Key() + " " + a.Node.Name
}

// String lists the synapses, one a line: the action, then its inputs.
func (g *Graph) String() string {
	var b strings.Builder
	for i, s := range g.Synapses {
		var in []string
		for _, a := range s.Inputs {
			in = append(in, a.Name())
		}
		sort.Strings(in)
		fmt.Fprintf(&b, "%d %s <- %s\n", i, s.Action.Name(), strings.Join(in, ", "))
	}
	return b.String()
}

// DebugActions lists every action with its flags (a developer aid).
func (c *Cluster) DebugActions() string {
	var b strings.Builder
	for _, a := range c.actions {
		fmt.Fprintf(&b, "%s optional=%v runnable=%v reason=%q\n", a.Name(), a.Optional, a.Runnable, a.Reason)
	}
	return b.String()
}
