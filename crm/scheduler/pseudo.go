package scheduler

// groupPseudo holds a group's pseudo-actions: <grp>_start_0 and
// <grp>_running_0 around its members' starts, <grp>_stop_0 and
// <grp>_stopped_0 around their stops.
type groupPseudo struct {
	start, running, stop, stopped *Action
}

// newPseudo creates an optional, runnable pseudo-action of r.
func (c *Cluster) newPseudo(r *Resource, task string) *Action {
	a := &Action{Rsc: r, Task: task, Pseudo: true, Optional: true, Runnable: true}
	c.record(a)
	return a
}

// createGroupPseudo makes a group's four pseudo-actions, after its members'
// actions and in Pacemaker's order.
func (c *Cluster) createGroupPseudo(g *Resource) {
	g.pseudo = groupPseudo{
		start:   c.newPseudo(g, "start"),
		running: c.newPseudo(g, "running"),
		stop:    c.newPseudo(g, "stop"),
		stopped: c.newPseudo(g, "stopped"),
	}
}

// groupEdges orders a group's pseudo-actions around its members' actions.
func (c *Cluster) groupEdges(g *Resource) {
	p := g.pseudo
	c.orderActions(p.stop, p.stopped, impliesThen|runnableLeft)
	c.orderActions(p.start, p.running, impliesThen|runnableLeft)
	c.orderActions(p.stopped, p.start, 0)
	for _, m := range g.Children {
		for _, s := range m.actionsFor("start") {
			c.orderActions(p.start, s, impliesFirstPrinted|runnableLeft)
			c.orderActions(s, p.running, impliesThenPrinted)
		}
		for _, s := range m.actionsFor("stop") {
			c.orderActions(p.stop, s, impliesFirstPrinted)
			c.orderActions(s, p.stopped, impliesThenPrinted)
		}
	}
}

// groupPseudoFlags: a group's pseudo-actions become required when a
// member's start (start, running) or stop (stop, stopped) is; running
// and stopped cannot run while any member's start or stop cannot, as in
// pcmk__group_action_flags (Pacemaker creates a start without a node for
// members that have none).
func groupPseudoFlags(g *Resource) {
	p := g.pseudo
	for _, m := range g.Children {
		if m.start == nil || !m.start.Runnable {
			p.running.Runnable = false
		}
		for _, s := range m.actionsFor("start") {
			// An unmanaged member's required start does not count
			// (seen with crm_simulate).
			if !s.Optional && m.Managed {
				p.start.Optional = false
				p.running.Optional = false
			}
		}
		for _, s := range m.actionsFor("stop") {
			if !s.Optional {
				p.stop.Optional = false
				p.stopped.Optional = false
			}
			if !s.Runnable {
				p.stopped.Runnable = false
			}
		}
	}
}
