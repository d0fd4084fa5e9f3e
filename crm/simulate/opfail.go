package simulate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gorosync/gorosync/crm/scheduler"
)

// opFailure is the action an --op-fail spec makes fail during the
// simulated transition.
type opFailure struct {
	at     int               // index in the fired actions
	action *scheduler.Action // the failing action
	rc     int               // the result it pretends
	name   string            // the resource name the spec matched
}

// executeOpFail runs the transition graph as crm_simulate does with
// --op-fail specs: pass after pass, firing every synapse whose inputs
// completed. The first resource operation a spec matches fails (pseudo,
// fencing and cluster actions are never failed): actions that depend on it
// never become ready, and from then on only pseudo-actions still fire (the
// graph is aborted; Pacemaker skips other synapses below the abort
// priority). It returns the actions in firing order (the failed one
// included) and the failure, nil if no spec matched.
func executeOpFail(g *scheduler.Graph, specs []string) ([]*scheduler.Action, *opFailure, error) {
	for _, s := range specs {
		if _, err := opFailRC(s); err != nil {
			return nil, nil, err
		}
	}
	var fired []*scheduler.Action
	var failure *opFailure
	executed := map[*scheduler.Action]bool{}
	done := map[*scheduler.Action]bool{} // completed successfully
	for progress := true; progress; {
		progress = false
		for _, s := range g.Synapses {
			a := s.Action
			if executed[a] || failure != nil && !a.Pseudo {
				continue
			}
			ready := true
			for _, in := range s.Inputs {
				if !done[in] && !(failure != nil && in == failure.action && infinitePriority(a)) {
					ready = false
					break
				}
			}
			if !ready {
				continue
			}
			executed[a] = true
			fired = append(fired, a)
			progress = true
			if failure == nil {
				if failure = matchOpFail(a, specs); failure != nil {
					failure.at = len(fired) - 1
					continue
				}
			}
			done[a] = true
		}
	}
	return fired, failure, nil
}

// infinitePriority: Pacemaker gives a clone's running and stopped
// pseudo-actions priority INFINITY, and such a synapse counts a failed
// input as completed.
func infinitePriority(a *scheduler.Action) bool {
	return a.Pseudo && a.Rsc != nil && a.Rsc.IsClone() && (a.Task == "running" || a.Task == "stopped")
}

// matchOpFail is crm_simulate's match of an action against the --op-fail
// specs: "<rsc>_<task>_<interval>@<node>=" as a case-insensitive prefix of
// a spec, the resource named as the action names it or by its configured
// (clone) id; the first matching spec wins.
func matchOpFail(a *scheduler.Action, specs []string) *opFailure {
	if a.Pseudo || a.Rsc == nil || a.Node == nil || a.Task == "clear_failcount" {
		return nil
	}
	names := []string{a.Rsc.ID}
	if j := strings.LastIndexByte(a.Rsc.ID, ':'); j > 0 {
		names = append(names, a.Rsc.ID[:j])
	}
	for _, spec := range specs {
		for _, n := range names {
			key := fmt.Sprintf("%s_%s_%d@%s=", n, a.Task, a.Interval, a.Node.Name)
			if len(spec) >= len(key) && strings.EqualFold(spec[:len(key)], key) {
				rc, _ := opFailRC(spec)
				return &opFailure{action: a, rc: rc, name: n}
			}
		}
	}
	return nil
}

// opFailRC is the result an --op-fail spec asks for: the integer after
// its last '='.
func opFailRC(spec string) (int, error) {
	i := strings.LastIndexByte(spec, '=')
	if i < 0 {
		return 0, fmt.Errorf("--op-fail %s: no \"=RC\" (expected ${resource}_${task}_${interval_in_ms}@${node}=${rc})", spec)
	}
	rc, err := strconv.Atoi(spec[i+1:])
	if err != nil {
		return 0, fmt.Errorf("--op-fail %s: result %q is not an integer", spec, spec[i+1:])
	}
	return rc, nil
}

// GraphActionID is the number crm_simulate gives an action in "Pretending
// action N failed": Pacemaker 2.1.5's creation counter over all actions,
// optional ones included, from 1. gocrm creates its actions in
// Pacemaker's order (see doc.go); where it does not, the number differs.
func GraphActionID(a *scheduler.Action) int { return a.ID() + 1 }

// writeOpFailure prints what crm_simulate prints when it pretends the
// action failed: the message, then the fail count and last-failure it
// injects (none for a success, or for a probe finding the resource
// stopped).
func writeOpFailure(b *strings.Builder, f *opFailure, now int64) {
	a := f.action
	fmt.Fprintf(b, "Pretending action %d failed with rc=%d\n", GraphActionID(a), f.rc)
	if f.harmless() {
		return
	}
	suffix := fmt.Sprintf("%s#%s_%d", f.name, a.Task, a.Interval)
	fmt.Fprintf(b, "  * Injecting attribute fail-count-%s=value++ into /node_state '%s'\n", suffix, a.Node.ID)
	fmt.Fprintf(b, "  * Injecting attribute last-failure-%s=%d into /node_state '%s'\n", suffix, now, a.Node.ID)
}

// harmless: the pretended result is what the action expects anyway (a
// success, or a probe finding the resource stopped). crm_simulate still
// stops the transition, but records no failure.
func (f *opFailure) harmless() bool {
	return f.rc == 0 || f.rc == 7 && f.action.Interval == 0
}
