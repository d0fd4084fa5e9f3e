package scheduler

// scheduleProbes creates a probe ("R monitor on N", interval 0) of every
// primitive on every online, clean node where its state is not known yet, node by
// node in list order, as pcmk__schedule_probes does with
// enable-startup-probes (the default).
func (c *Cluster) scheduleProbes() {
	for _, n := range c.listOrderNodes() {
		if !n.Online || n.Unclean {
			continue // nor nodes that need fencing
		}
		c.sortInstancesByNumber()
		for _, r := range c.primitives() {
			if r.IsInstance() {
				c.probeClone(r, n)
				continue
			}
			if r.knownOn[n] {
				continue
			}
			c.newOp(r, "monitor", 0, n, false)
		}
	}
}

// probes returns r's probes.
func (r *Resource) probes() []*Action {
	var out []*Action
	for _, a := range r.actions {
		if a.Task == "monitor" && a.Interval == 0 {
			out = append(out, a)
		}
	}
	return out
}

// probeEdges orders each probe before its resource's starts, and (as
// pcmk__order_probes) before the stops of every other primitive whose
// start follows that start through implies-then orderings, so nothing is
// restarted before the probe has told where the resource runs. From a
// group's pseudo-action the walk also goes on to its members' actions
// (not for a probe of the group's own member).
func (c *Cluster) probeEdges() {
	for _, r := range c.primitives() {
		for _, p := range r.probes() {
			if r.IsInstance() {
				// A clone instance's probe comes before the whole
				// clone's start.
				c.orderActions(p, r.Parent.pseudo.start, 0)
				continue
			}
			for _, s := range r.actionsFor("start") {
				c.orderActions(p, s, 0)
			}
		}
	}
	for _, r := range c.primitives() {
		for _, p := range r.probes() {
			for _, e := range append([]*actionEdge(nil), p.after...) {
				c.probeRestartEdges(p, e.then, map[*Action]bool{})
			}
		}
	}
}

func (c *Cluster) probeRestartEdges(probe, after *Action, seen map[*Action]bool) {
	if seen[after] {
		return
	}
	seen[after] = true
	if after.Rsc != nil && !after.Rsc.Group && after.Rsc != probe.Rsc && after.Task == "start" {
		for _, s := range after.Rsc.actionsFor("stop") {
			if !s.Pseudo { // not a stop implied by fencing
				c.orderActions(probe, s, 0)
			}
		}
	}
	for _, e := range append([]*actionEdge(nil), after.after...) {
		if e.flags&impliesThen == 0 && !groupToMember(probe, after, e.then) {
			continue
		}
		c.probeRestartEdges(probe, e.then, seen)
	}
	// Pacemaker orders probes before the flag walk moves a clone's
	// orderings to its running pseudo-action: from the clone's start it
	// follows them, and goes on to the instances (not of the probe's own
	// clone).
	if r := after.Rsc; r != nil && r.IsClone() && after == r.pseudo.start {
		if probe.Rsc.Parent != r {
			for _, inst := range r.Children {
				for _, st := range inst.actionsFor("start") {
					c.probeRestartEdges(probe, st, seen)
				}
			}
		}
		for _, e := range append([]*actionEdge(nil), r.pseudo.running.after...) {
			if e.flags&impliesThen != 0 {
				c.probeRestartEdges(probe, e.then, seen)
			}
		}
	}
}

// probeStopEdges: for a resource-level ordering "A stop then X" (X not A),
// A's probes are ordered before X too, so the ordering holds even if a
// probe finds A active.
// They are added after the probe restart edges (see probeEdges), so the
// caller's list is applied by applyProbeStopEdges.
func (c *Cluster) probeStopEdge(first *Resource, then []*Action, flags orderFlags) {
	c.probeStops = append(c.probeStops, probeStop{first, then, flags & antiColocation})
}

type probeStop struct {
	first *Resource
	then  []*Action
	flags orderFlags
}

func (c *Cluster) applyProbeStopEdges() {
	for _, ps := range c.probeStops {
		for _, p := range ps.first.probes() {
			for _, t := range ps.then {
				c.orderActions(p, t, ps.flags)
			}
		}
	}
}

// groupToMember: 2.1.5's probe restart walk follows a group's ordering to
// its own members even without implies-then, unless the probe is of a
// member of that group (seen in its trace: seed 64 of -with OnFail). A
// member start that only a later ordering created (a member that is not
// starting) has no ordering from the group's start (default seed 304).
func groupToMember(probe, after, then *Action) bool {
	g := after.Rsc
	if g == nil || !g.Group || probe.Rsc.Parent == g || then.Rsc == nil || then.Rsc.Parent != g {
		return false
	}
	return then.Task != "start" || then.Rsc.startInGroupLink
}
