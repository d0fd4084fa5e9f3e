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
	at     int               // index in the transition's Executed list
	action *scheduler.Action // the failing action
	rc     int               // the result it pretends
	name   string            // the resource name the spec matched
}

// findOpFailure returns the first executed action that an --op-fail spec
// matches, as crm_simulate's fake executor checks each resource operation
// when it runs it (pseudo, fencing and cluster actions are never failed).
// Matching is crm_simulate's: "<rsc>_<task>_<interval>@<node>=" as a
// case-insensitive prefix of the spec, the resource named as the action
// names it or by its configured (clone) id; the first matching spec wins.
func findOpFailure(executed []*scheduler.Action, specs []string) (*opFailure, error) {
	for _, s := range specs {
		if _, err := opFailRC(s); err != nil {
			return nil, err
		}
	}
	for i, a := range executed {
		if a.Pseudo || a.Rsc == nil || a.Node == nil || a.Task == "clear_failcount" {
			continue
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
					return &opFailure{at: i, action: a, rc: rc, name: n}, nil
				}
			}
		}
	}
	return nil, nil
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
// optional ones included. gocrm creates its actions in Pacemaker's order
// after one that Pacemaker creates first, hence the offset; where gocrm's
// creation order differs (see doc.go) the number differs too.
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
