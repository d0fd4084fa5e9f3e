package scheduler

// cloneDone is a clone's "running" (after start) or "stopped" (after stop)
// pseudo-action as an ordering toward an action on node sees it
// (Pacemaker's action_flags_for_ordering with
// pcmk__collective_action_flags): required when an instance's action on
// that node is (any node when node is nil), runnable when at least one
// instance's action is, anywhere.
func cloneDone(cl *Resource, task string, node *Node) *Action {
	name := "running"
	if task == "stop" {
		name = "stopped"
	}
	a := &Action{Rsc: cl, Task: name, Optional: true}
	for _, inst := range cl.Children {
		for _, ia := range inst.actionsFor(task) {
			if !ia.Optional && (node == nil || ia.Node == node) {
				a.Optional = false
			}
			if ia.Runnable {
				a.Runnable = true
			}
		}
	}
	return a
}

// probeClone probes an anonymous clone once on n (seen from its first
// instance) unless some instance's state is known there: with the
// instance placed on n, else the first one (probe_anonymous_clone).
func (c *Cluster) probeClone(inst *Resource, n *Node) {
	cl := inst.Parent
	if inst != cl.Children[0] {
		return
	}
	for _, x := range cl.Children {
		if x.knownOn[n] {
			return
		}
	}
	child := cl.Children[0]
	for _, x := range cl.Children {
		if x.AssignedTo == n {
			child = x
			break
		}
	}
	c.newOp(child, "monitor", 0, n, false)
}

// createClonePseudo makes a clone's start, running, stop and stopped
// pseudo-actions after its instances' actions (clone_create_pseudo_actions):
// start and running are required when an instance starts, running can run
// when an instance is active or starting; stop and stopped are required
// when an instance stops.
func (c *Cluster) createClonePseudo(cl *Resource) {
	active, starting, stopping := false, false, false
	for _, inst := range cl.Children {
		if len(inst.RunningOn) > 0 {
			active = true
		}
		for _, a := range inst.actions {
			if a.Optional || !(a.Pseudo || a.Runnable) {
				continue
			}
			switch a.Task {
			case "stop":
				stopping = true
			case "start":
				if a.Runnable {
					starting = true
				}
			}
		}
	}
	c.createGroupPseudo(cl)
	p := cl.pseudo
	p.start.Optional, p.running.Optional = !starting, !starting
	p.running.Runnable = active || starting
	p.stop.Optional, p.stopped.Optional = !stopping, !stopping
}

// cloneEdges orders a clone's pseudo-actions around its instances'
// actions (clone_internal_constraints); an instance's required action
// puts them in the graph.
func (c *Cluster) cloneEdges(cl *Resource) {
	p := cl.pseudo
	c.orderActions(p.stopped, p.start, 0)
	c.orderActions(p.start, p.running, runnableLeft)
	c.orderActions(p.stop, p.stopped, runnableLeft)
	var lastStart, lastStop []*Action
	for _, inst := range cl.Children {
		starts, stops := inst.actionsFor("start"), inst.actionsFor("stop")
		for _, s := range starts {
			c.orderActions(p.start, s, impliesFirstPrinted|runnableLeft)
			c.orderActions(s, p.running, impliesThenPrinted)
			if !s.Optional {
				p.start.Optional, p.running.Optional = false, false
			}
		}
		for _, s := range stops {
			c.orderActions(p.stop, s, impliesFirstPrinted)
			c.orderActions(s, p.stopped, impliesThenPrinted)
			if !s.Optional {
				p.stop.Optional, p.stopped.Optional = false, false
			}
		}
		if cl.Clone.Ordered {
			for _, f := range lastStart {
				for _, s := range starts {
					c.orderActions(f, s, 0)
				}
			}
			for _, s := range stops {
				for _, t := range lastStop {
					c.orderActions(s, t, 0)
				}
			}
			lastStart, lastStop = starts, stops
		}
	}
}
