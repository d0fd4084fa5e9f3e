package simulate

import (
	"fmt"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/scheduler"
)

// OpFailHit returns the first --op-fail spec that the simulated transition
// of doc (after opts.Inject) would run, or "". crm_simulate then fails that
// action and aborts the transition, which gocrm does not simulate yet; a
// spec no action matches changes nothing. Matching is crm_simulate's:
// "<rsc>_<task>_<interval>@<node>=" as a case-insensitive prefix, with the
// resource as the action names it or its configured (clone) id.
func OpFailHit(doc *cib.CIB, opts Options, specs []string) (string, error) {
	if len(specs) == 0 || !opts.Simulate {
		return "", nil
	}
	modified, _, err := Injected(doc, opts)
	if err != nil {
		return "", err
	}
	tr, err := scheduler.ScheduleWith(modified, scheduler.Options{Now: opts.Now})
	if err != nil {
		return "", err
	}
	for _, a := range tr.Executed {
		if a.Pseudo || a.Rsc == nil || a.Node == nil {
			continue
		}
		names := []string{a.Rsc.ID}
		if i := strings.LastIndexByte(a.Rsc.ID, ':'); i > 0 {
			names = append(names, a.Rsc.ID[:i])
		}
		for _, spec := range specs {
			for _, n := range names {
				key := fmt.Sprintf("%s_%s_%d@%s=", n, a.Task, a.Interval, a.Node.Name)
				if len(spec) >= len(key) && strings.EqualFold(spec[:len(key)], key) {
					return spec, nil
				}
			}
		}
	}
	return "", nil
}
