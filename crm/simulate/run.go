package simulate

import (
	"strings"
	"time"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/scheduler"
	"github.com/gorosync/gorosync/crm/simulate/inject"
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
	// Inject are crm_simulate's synthetic cluster events (--node-up,
	// --node-down, --node-fail, --op-inject, --quorum, --watchdog),
	// applied after the current status is printed.
	Inject inject.Injections
	// Clock gives the time injected failures record (last-failure-*,
	// last-rc-change). crm_simulate reads the real clock even with
	// --set-datetime, and so does nil; tests pin it.
	Clock func() time.Time
	// OpFail are crm_simulate --op-fail specs: the first action of the
	// simulated transition one matches fails with the spec's result and
	// the transition stops there.
	OpFail []string
	// ShowFailcounts adds each status's Migration Summary and Failed
	// Resource Actions (crm_simulate -c).
	ShowFailcounts bool
	// ShowScores prints the assignment scores before the Transition
	// Summary (crm_simulate -s; without Simulate, the summary follows).
	// As in 2.1.5, the whole output is then plain text (plain.go).
	ShowScores bool
}

// Injected applies opts.Inject to doc as crm_simulate does before
// scheduling: the modified copy and the lines of its "Performing
// Requested Modifications" block (nil when crm_simulate would not apply
// them, see inject.Injections.Any).
func Injected(doc *cib.CIB, opts Options) (*cib.CIB, []string, error) {
	if !opts.Inject.Any() {
		return doc, nil, nil
	}
	return inject.Apply(doc, opts.Inject, clockOf(opts))
}

// clockOf is the time injected failures record.
func clockOf(opts Options) time.Time {
	if opts.Clock == nil {
		return time.Now()
	}
	return opts.Clock()
}

// Run schedules doc and renders the output of `crm_simulate -x FILE
// [-S]`: the current cluster status and, with Simulate, the Transition
// Summary, the Executing Cluster Transition block (the graph's actions in
// the order the simulated execution fires them) and the Revised Cluster
// Status.
func Run(doc *cib.CIB, opts Options) (string, error) {
	out, _, err := run(doc, opts, false)
	return out, err
}

// RunAndSave is Run that also returns the CIB crm_simulate -O saves: with
// Simulate the CIB after the simulated transition, else the CIB with the
// injections applied.
func RunAndSave(doc *cib.CIB, opts Options) (string, *cib.CIB, error) {
	return run(doc, opts, true)
}

func run(doc *cib.CIB, opts Options, save bool) (string, *cib.CIB, error) {
	modified, mods, err := Injected(doc, opts)
	if err != nil {
		return "", nil, err
	}
	saved := modified
	sopts := scheduler.Options{Now: opts.Now, ShowScores: opts.ShowScores}
	tr, err := scheduler.ScheduleWith(doc, sopts)
	if err != nil {
		return "", nil, err
	}
	var b strings.Builder
	if opts.NowText != "" {
		b.WriteString("Setting effective cluster time: " + opts.NowText + "\n")
	}
	WriteMaintenanceBanner(&b, tr.Cluster)
	WriteCounts(&b, tr.Cluster)
	WriteStatus(&b, "Current cluster status:", tr.Cluster)
	if opts.ShowFailcounts {
		WriteFailcounts(&b, doc, tr.Cluster, nil)
	}
	if mods != nil {
		writeModifications(&b, mods, opts.NowText)
		if tr, err = scheduler.ScheduleWith(modified, sopts); err != nil {
			return "", nil, err
		}
	}
	if opts.ShowScores {
		for _, l := range tr.ScoreLines() {
			b.WriteString(l + "\n")
		}
		b.WriteString("\n")
		if !opts.Simulate {
			WriteSummary(&b, tr.Summary)
		}
	}
	if opts.Simulate {
		WriteSummary(&b, tr.Summary)
		executed, failure := tr.Executed, (*opFailure)(nil)
		if len(opts.OpFail) > 0 {
			if executed, failure, err = executeOpFail(tr.Graph, opts.OpFail); err != nil {
				return "", nil, err
			}
		}
		// crm_simulate records every fired action in the CIB and
		// unpacks that again for the Revised Cluster Status.
		after, err := transitionCIB(modified, executed, failure, clockOf(opts))
		if err != nil {
			return "", nil, err
		}
		if save {
			saved = after
		}
		var ex strings.Builder
		if failure != nil {
			// The failure aborts the transition: only pseudo-actions
			// still fire after it.
			WriteExecuted(&ex, executed[:failure.at+1])
			s := strings.TrimSuffix(ex.String(), "\n")
			ex.Reset()
			ex.WriteString(s)
			writeOpFailure(&ex, failure, clockOf(opts).Unix())
			for _, a := range executed[failure.at+1:] {
				ex.WriteString("  * " + a.ExecLine() + "\n")
			}
			ex.WriteString("\n")
		} else {
			WriteExecuted(&ex, executed)
		}
		block := ex.String()
		if opts.NowText != "" {
			// crm_simulate sets the time again before executing.
			block = strings.TrimSuffix(block, "\n") + "Setting effective cluster time: " + opts.NowText + "\n\n"
		}
		b.WriteString(block)
		revised, err := scheduler.ScheduleWith(after, scheduler.Options{Now: opts.Now})
		if err != nil {
			return "", nil, err
		}
		WriteStatus(&b, "Revised Cluster Status:", revised.Cluster)
		if opts.ShowFailcounts {
			WriteFailcounts(&b, after, revised.Cluster, nil)
		}
		// crm_simulate ends its output without the block's blank line.
		out := b.String()
		out = plainIf(opts.ShowScores, out[:len(out)-1])
		if failure == nil && len(executed) < len(tr.Graph.Synapses) {
			// Actions that never became ready (an ordering loop, or an
			// input that can never run): crm_simulate still prints
			// everything, then fails.
			return out, saved, ErrInvalidTransition
		}
		return out, saved, nil
	}
	// Nothing follows the last block: no blank line after it.
	return plainIf(opts.ShowScores, strings.TrimSuffix(b.String(), "\n\n")+"\n"), saved, nil
}

// writeModifications prints the "Performing Requested Modifications"
// block; crm_simulate sets the effective time again when it re-reads the
// modified CIB, right after the block.
func writeModifications(b *strings.Builder, lines []string, nowText string) {
	b.WriteString("Performing Requested Modifications:\n")
	for _, l := range lines {
		b.WriteString("  * " + l + "\n")
	}
	if nowText != "" {
		b.WriteString("Setting effective cluster time: " + nowText + "\n")
	}
	b.WriteString("\n")
}
