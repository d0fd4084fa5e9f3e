package simulate

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/scheduler"
)

// ctimeLayout is C's ctime() without the newline (pcmk__epoch2str).
const ctimeLayout = "Mon Jan _2 15:04:05 2006"

// WriteFailcounts prints what crm_simulate -c (--show-failcounts) adds
// after a cluster status: the Migration Summary, with each online node's
// fail counts as recorded (failure-timeout does not hide them), and the
// Failed Resource Actions, which leave expired failures out. After a
// simulated transition, executed holds the actions that ran: the history
// entries they wrote replace failed entries with the same id.
func WriteFailcounts(b *strings.Builder, doc *cib.CIB, c *scheduler.Cluster, executed []*scheduler.Action) {
	summary := MigrationSummary(doc, c)
	if len(summary) > 0 {
		b.WriteString("  * Migration Summary:\n")
		for _, nf := range summary {
			if len(nf.Lines) > 0 {
				b.WriteString("    * Node: " + nf.Node.Name + ":\n")
			}
			for _, l := range nf.Lines {
				b.WriteString("      * " + l + "\n")
			}
		}
		b.WriteString("\n")
	}
	replaced := map[*scheduler.Node]map[string]bool{}
	for _, a := range executed {
		if id := a.HistoryEntryID(); id != "" {
			if replaced[a.Node] == nil {
				replaced[a.Node] = map[string]bool{}
			}
			replaced[a.Node][id] = true
		}
	}
	var failed []string
	seen := map[string]bool{}
	for _, f := range c.FailedOps {
		key := f.Key() + "\x00" + f.Node.Name
		if !f.Node.Online || replaced[f.Node][f.Op.ID] || seen[key] {
			continue
		}
		seen[key] = true // one line per operation key and node
		failed = append(failed, failedActionLine(f))
	}
	if len(failed) > 0 {
		b.WriteString("  * Failed Resource Actions:\n")
		for _, l := range failed {
			b.WriteString("    * " + l + "\n")
		}
		b.WriteString("\n")
	}
}

// NodeFailcounts is one online node's part of a Migration Summary.
type NodeFailcounts struct {
	Node *scheduler.Node
	// Lines are "RSC: migration-threshold=N fail-count=N[ last-failure='..']".
	Lines []string
}

// MigrationSummary is the Migration Summary of crm_simulate -c and
// crm_mon -f: every online node in the status section's order (crm_mon's
// node-summary) with its resources' fail counts as recorded
// (failure-timeout does not hide them), in history order.
func MigrationSummary(doc *cib.CIB, c *scheduler.Cluster) []NodeFailcounts {
	byID := map[string]*scheduler.Node{}
	for _, n := range c.Nodes {
		byID[n.ID] = n
	}
	var out []NodeFailcounts
	for _, ns := range doc.Status.NodeStates {
		n := byID[ns.ID]
		if n == nil || !n.Online {
			continue
		}
		nf := NodeFailcounts{Node: n}
		if ns.LRM != nil {
			for _, lr := range ns.LRM.Resources.Resources {
				r := c.HistoryResource(lr.ID)
				if r == nil {
					continue
				}
				fc, last := c.FailCount(r, n)
				if fc <= 0 {
					continue
				}
				line := fmt.Sprintf("%s: migration-threshold=%d fail-count=%d", lr.ID, r.MigrationThreshold, fc)
				if last > 0 {
					line += " last-failure='" + time.Unix(last, 0).Format(ctimeLayout) + "'"
				}
				nf.Lines = append(nf.Lines, line)
			}
		}
		out = append(out, nf)
	}
	return out
}

// failedActionLine is a failure in crm_simulate's detailed form: "KEY on
// NODE 'RC TEXT' (RC): call=N, status='S'[, exitreason='..'][,
// last-rc-change='..'][, queued=Nms][, exec=Nms]".
func failedActionLine(f scheduler.FailedOp) string {
	rc, _ := strconv.Atoi(f.Op.RCCode)
	st, _ := strconv.Atoi(f.Op.OpStatus)
	call := f.Op.CallID
	if call == "" {
		call = "unknown"
	}
	s := fmt.Sprintf("%s on %s '%s' (%d): call=%s, status='%s'", f.Key(), f.Node.Name, scheduler.OCFExitText(rc), rc, call, scheduler.ExecStatusText(st))
	if r := f.Op.ExitReason; r != nil && *r != "" {
		s += ", exitreason='" + *r + "'"
	}
	if t, err := strconv.ParseInt(f.Op.LastRCChange, 10, 64); err == nil {
		s += ", last-rc-change='" + time.Unix(t, 0).Format(ctimeLayout) + "'"
	}
	if f.Op.QueueTime != "" {
		s += ", queued=" + f.Op.QueueTime + "ms"
	}
	if f.Op.ExecTime != "" {
		s += ", exec=" + f.Op.ExecTime + "ms"
	}
	return s
}
