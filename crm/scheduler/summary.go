package scheduler

// SummaryItem is one "Transition Summary" line of crm_simulate: a verb for
// a resource, where it is and where it goes, and why.
type SummaryItem struct {
	Verb    string // Start, Stop, Move, Recover, Restart
	Rsc     string
	Origin  string // current node ("" when starting)
	Dest    string // next node ("" when stopping)
	Reason  string // e.g. "node availability", "required a start"
	Blocked bool   // the deciding action cannot run
	// NodeAction: a node-level line ("Fence (reboot) N 'reason'"): Verb
	// is "Fence (reboot)", Rsc the node name.
	NodeAction bool
}

// summarize derives the summary items in resource processing order, with
// the decision rules of Pacemaker's rsc_action_default.
func (c *Cluster) summarize() []SummaryItem {
	var out []SummaryItem
	for _, f := range c.FenceActions() {
		out = append(out, SummaryItem{Verb: "Fence (reboot)", Rsc: f.Node.Name, Reason: f.Reason, NodeAction: true})
	}
	for _, r := range c.primitives() {
		out = append(out, c.summarizeOne(r)...)
	}
	return out
}

func item(verb string, r *Resource, origin, dest *Node, action, source *Action) SummaryItem {
	if source == nil {
		source = action
	}
	it := SummaryItem{Verb: verb, Rsc: r.ID, Reason: source.Reason, Blocked: !action.Runnable}
	if origin != nil {
		it.Origin = origin.Name
	}
	if dest != nil {
		it.Dest = dest.Name
	}
	return it
}

func (c *Cluster) summarizeOne(r *Resource) []SummaryItem {
	cur, next := r.current(), r.AssignedTo
	if !r.Managed || (cur == nil && next == nil) {
		return nil
	}
	moving := cur != nil && next != nil && cur != next
	var start, stop *Action
	if r.start != nil && (next == nil || r.start.Node == next) {
		start = r.start
	}
	startNode := cur
	if start == nil || !start.Runnable {
		startNode = nil
	}
	for _, a := range r.stops {
		if startNode == nil || a.Node == startNode {
			stop = a
			break
		}
	}
	stopSource := func(s *Action) *Action {
		if s != nil && s.Reason != "" {
			return s
		}
		return start
	}

	if r.Role == r.NextRole {
		if next == nil {
			return nil
		}
		switch {
		case start == nil || start.Optional:
			return nil
		case !start.Runnable:
			if stop == nil {
				return nil
			}
			return []SummaryItem{item("Stop", r, cur, nil, stop, stopSource(stop))}
		case moving && cur != nil:
			verb := "Move"
			if r.Failed {
				verb = "Recover"
			}
			return []SummaryItem{item(verb, r, cur, next, stop, nil)}
		case r.Failed:
			return []SummaryItem{item("Recover", r, cur, nil, stop, nil)}
		default:
			return []SummaryItem{item("Restart", r, cur, next, start, nil)}
		}
	}

	switch {
	case stop != nil && (r.NextRole == RoleStopped || (start != nil && !start.Runnable)):
		var out []SummaryItem
		for _, n := range r.RunningOn {
			var op *Action
			for _, a := range r.stops {
				if a.Node == n {
					op = a
				}
			}
			if op == nil {
				continue
			}
			out = append(out, item("Stop", r, n, nil, op, stopSource(op)))
		}
		return out
	case stop != nil && r.Failed:
		return []SummaryItem{item("Recover", r, cur, next, stop, start)}
	case moving:
		return []SummaryItem{item("Move", r, cur, next, stop, nil)}
	case stop != nil && !stop.Optional:
		return []SummaryItem{item("Restart", r, cur, next, start, nil)}
	case r.Role == RoleStopped && r.NextRole > RoleStopped && start != nil:
		return []SummaryItem{item("Start", r, cur, next, start, nil)}
	}
	return nil
}
