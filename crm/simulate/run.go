package simulate

import (
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/scheduler"
)

// Options select what Run prints.
type Options struct {
	// Simulate prints the Transition Summary, as crm_simulate -S does.
	Simulate bool
}

// Run schedules doc and renders the output of `crm_simulate -x FILE
// [-S]`: the current cluster status and, with Simulate, the Transition
// Summary. "Executing Cluster Transition" and "Revised Cluster Status" are
// TODO.
func Run(doc *cib.CIB, opts Options) (string, error) {
	tr, err := scheduler.Schedule(doc)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	WriteCounts(&b, tr.Cluster)
	WriteStatus(&b, "Current cluster status:", tr.Cluster)
	if opts.Simulate {
		WriteSummary(&b, tr.Summary)
	}
	return b.String(), nil
}
