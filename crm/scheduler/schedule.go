package scheduler

import "github.com/gorosync/gorosync/crm/cib"

// Transition is the scheduler's decision for one CIB: the actions to run
// and crm_simulate's summary of them.
type Transition struct {
	Cluster *Cluster
	Actions []*Action // required, runnable actions first-to-last in creation order
	Summary []SummaryItem
}

// Schedule is the pure function CIB -> transition.
func Schedule(doc *cib.CIB) (*Transition, error) {
	c, err := Unpack(doc)
	if err != nil {
		return nil, err
	}
	c.groupInternalColocations()
	c.expandGroupColocations()
	c.applyNodeCriteria()
	for _, r := range c.Resources {
		c.assign(r)
	}
	c.createActions()
	c.internalOrderings()
	c.propagate()
	t := &Transition{Cluster: c, Summary: c.summarize()}
	for _, a := range c.actions {
		if !a.Optional && a.Runnable {
			t.Actions = append(t.Actions, a)
		}
	}
	return t, nil
}
