package scheduler

import (
	"github.com/gorosync/gorosync/crm/cib"
)

// Transition is the scheduler's decision for one CIB: the actions to run
// and crm_simulate's summary of them.
type Transition struct {
	Cluster *Cluster
	Actions []*Action // required, runnable starts and stops of primitives in creation order
	// Rescheduled are recurring monitors run again because their failure
	// expired (crm_simulate's successful monitor shows the resource active).
	Rescheduled []*Action
	// Orderings are the "first before then" pairs among Actions.
	Orderings []ActionOrder
	Summary   []SummaryItem
	// Graph is the transition graph, Executed its actions in the order
	// crm_simulate's simulated execution fires them.
	Graph    *Graph
	Executed []*Action
}

// ActionOrder says First must complete before Then starts.
type ActionOrder struct {
	First, Then *Action
}

// Schedule is the pure function CIB -> transition, at the current time.
func Schedule(doc *cib.CIB) (*Transition, error) { return ScheduleWith(doc, Options{}) }

// ScheduleWith is Schedule with explicit options (such as the time).
func ScheduleWith(doc *cib.CIB, opts Options) (*Transition, error) {
	c, err := unpack(doc, opts)
	if err != nil {
		return nil, err
	}
	c.showScores = opts.ShowScores
	restore := c.disableStartup()
	defer restore()
	c.groupInternalColocations()
	c.applyNodeCriteria()
	// (Pacemaker does both in one pass over each node's history.)
	c.checkConfigChanges()
	c.scheduleMaintenanceCancels()
	for _, r := range c.Resources {
		c.assign(r)
	}
	c.scheduleFencing()
	c.scheduleProbes()
	c.createActions()
	c.createNodeActions()
	c.internalOrderings()
	c.constraintOrderings()
	c.walkFlags()
	c.buildEdges()
	c.nodeActionFlags()
	t := &Transition{Cluster: c, Summary: c.summarize()}
	t.Graph = c.buildGraph()
	t.Executed, _ = t.Graph.Execute()
	inT := map[*Action]bool{}
	for _, a := range c.actions {
		// Stops implied by fencing are pseudo-actions but still stops.
		if !a.Optional && a.Runnable && a.Rsc != nil && !a.Rsc.Group && !a.Rsc.IsClone() && (a.Task == "start" || a.Task == "stop") {
			t.Actions = append(t.Actions, a)
			inT[a] = true
		}
		// A maintenance cancel that took over a rescheduled monitor's
		// action does not run the monitor: the failure stays.
		if a.rescheduled && a.Task == "monitor" && !a.Optional && a.Runnable {
			t.Rescheduled = append(t.Rescheduled, a)
		}
	}
	for _, o := range c.orderings {
		for _, f := range o.first.actionsFor(o.firstTask) {
			for _, th := range o.then.actionsFor(o.thenTask) {
				if inT[f] && inT[th] {
					t.Orderings = append(t.Orderings, ActionOrder{First: f, Then: th})
				}
			}
		}
	}
	return t, nil
}

// ScoreLines are the assignment scores crm_simulate -s prints, in the
// order 2.1.5's assign functions print them (Options.ShowScores; nil
// without it).
func (t *Transition) ScoreLines() []string { return t.Cluster.scoreLines }
