package simulate

import (
	"strings"
	"time"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/scheduler"
)

// Options select what Run prints.
type Options struct {
	// Simulate prints the Transition Summary and the Revised Cluster
	// Status, as crm_simulate -S does.
	Simulate bool
	// Now is the effective date and time (crm_simulate -t); zero means
	// the current time.
	Now time.Time
	// NowText is -t as given; crm_simulate echoes it first ("Setting
	// effective cluster time: ...").
	NowText string
}

// Run schedules doc and renders the output of `crm_simulate -x FILE
// [-S]`: the current cluster status and, with Simulate, the Transition
// Summary, the Executing Cluster Transition block (the graph's actions in
// the order the simulated execution fires them) and the Revised Cluster
// Status.
func Run(doc *cib.CIB, opts Options) (string, error) {
	tr, err := scheduler.ScheduleWith(doc, scheduler.Options{Now: opts.Now})
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if opts.NowText != "" {
		b.WriteString("Setting effective cluster time: " + opts.NowText + "\n")
	}
	WriteMaintenanceBanner(&b, tr.Cluster)
	WriteCounts(&b, tr.Cluster)
	WriteStatus(&b, "Current cluster status:", tr.Cluster)
	if opts.Simulate {
		WriteSummary(&b, tr.Summary)
		var ex strings.Builder
		WriteExecuted(&ex, tr.Executed)
		block := ex.String()
		if opts.NowText != "" {
			// crm_simulate sets the time again before executing.
			block = strings.TrimSuffix(block, "\n") + "Setting effective cluster time: " + opts.NowText + "\n\n"
		}
		b.WriteString(block)
		// Revising changes the resources' state, so it comes last.
		revise(tr)
		WriteStatus(&b, "Revised Cluster Status:", tr.Cluster)
		// crm_simulate ends its output without the block's blank line.
		out := b.String()
		return out[:len(out)-1], nil
	}
	return b.String(), nil
}
