package simulate

import (
	"time"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/scheduler"
	"github.com/gorosync/gorosync/crm/simulate/inject"
)

// transitionCIB is the CIB after the simulated transition, as crm_simulate
// -S -O saves it: every resource action that fired records its result
// (a probe finds the resource stopped, anything else succeeds, the
// --op-fail failure records its rc and fail count), and every fencing
// takes its node down. Pseudo-actions and cluster actions change nothing.
func transitionCIB(doc *cib.CIB, fired []*scheduler.Action, failure *opFailure, now time.Time) (*cib.CIB, error) {
	var events []inject.Event
	for _, a := range fired {
		switch {
		case a.Pseudo:
		case a.Rsc == nil && a.Task == "stonith":
			events = append(events, inject.Event{Node: a.Node.Name, Fence: true})
		case a.Rsc == nil, a.Task == "clear_failcount":
		default:
			name := a.Rsc.ID
			if a.Rsc.IsInstance() {
				// The graph names an anonymous instance by its primitive.
				name = a.Rsc.Parent.Clone.ChildID
			}
			ev := inject.Event{Node: a.Node.Name, Resource: name, Task: a.Task,
				Interval: uint32(a.Interval), Digest: a.Digest()}
			if a.Task == "monitor" && a.Interval == 0 {
				ev.Target = 7
			}
			ev.RC = ev.Target
			if failure != nil && failure.action == a {
				ev.RC = failure.rc
			}
			events = append(events, ev)
		}
	}
	return inject.Record(doc, events, now)
}
