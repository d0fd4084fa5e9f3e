package simulate

import (
	"fmt"
	"strings"

	"github.com/gorosync/gorosync/crm/scheduler"
)

// details is the parenthesised part of a summary line: the node, or
// "from -> to" for a move.
func details(it scheduler.SummaryItem) string {
	switch {
	case it.Origin == "":
		return it.Dest
	case it.Dest == "", it.Origin == it.Dest:
		return it.Origin
	}
	return it.Origin + " -> " + it.Dest
}

func reason(it scheduler.SummaryItem) string {
	switch {
	case it.Reason != "" && it.Blocked:
		return "  due to " + it.Reason + " (blocked)"
	case it.Reason != "":
		return "  due to " + it.Reason
	case it.Blocked:
		return "  blocked"
	}
	return ""
}

// SummaryLines formats the items as crm_simulate prints them (without the
// list's "  * " prefix). Pacemaker keeps two process-wide column widths,
// both starting at 5: the resource column becomes len(id)+2 whenever an id
// is longer than it, the detail column the longest detail. The scheduler
// logs every line once before printing, so all printed lines use the
// widths reached after the last item.
func SummaryLines(items []scheduler.SummaryItem) []string {
	rw, dw := 5, 5
	for _, it := range items {
		if it.NodeAction {
			continue
		}
		if len(it.Rsc) > rw {
			rw = len(it.Rsc) + 2
		}
		if d := len(details(it)); d > dw {
			dw = d
		}
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		if it.NodeAction {
			out = append(out, it.Verb+" "+it.Rsc+" '"+it.Reason+"'")
			continue
		}
		out = append(out, fmt.Sprintf("%-8s   %-*s   ( %*s )%s", it.Verb, rw, it.Rsc, dw, details(it), reason(it)))
	}
	return out
}

// WriteSummary writes the "Transition Summary:" block with its trailing
// blank line.
func WriteSummary(b *strings.Builder, items []scheduler.SummaryItem) {
	b.WriteString("Transition Summary:\n")
	for _, l := range SummaryLines(items) {
		b.WriteString("  * " + l + "\n")
	}
	b.WriteString("\n")
}

// WriteExecuted writes the "Executing Cluster Transition:" block with its
// trailing blank line.
func WriteExecuted(b *strings.Builder, actions []*scheduler.Action) {
	b.WriteString("Executing Cluster Transition:\n")
	for _, a := range actions {
		b.WriteString("  * " + a.ExecLine() + "\n")
	}
	b.WriteString("\n")
}

// ParseSummary extracts the Transition Summary lines (without the "  * "
// prefix) from crm_simulate -S output.
func ParseSummary(out string) ([]string, error) {
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if l != "Transition Summary:" {
			continue
		}
		var items []string
		for _, s := range lines[i+1:] {
			if s == "" {
				return items, nil
			}
			if !strings.HasPrefix(s, "  * ") {
				return nil, fmt.Errorf("unexpected Transition Summary line %q", s)
			}
			items = append(items, strings.TrimPrefix(s, "  * "))
		}
		return items, nil
	}
	return nil, fmt.Errorf("no \"Transition Summary:\" block in the output")
}

// ParsedItem is a summary line split into its fields.
type ParsedItem struct {
	Verb, Rsc, Details, Reason string
}

// ParseItem splits one summary line; spacing is not significant.
func ParseItem(line string) (ParsedItem, error) {
	open := strings.Index(line, "(")
	close := strings.Index(line, ")")
	if open < 0 || close < open {
		return ParsedItem{}, fmt.Errorf("summary line %q: no ( details )", line)
	}
	head := strings.Fields(line[:open])
	if len(head) != 2 {
		return ParsedItem{}, fmt.Errorf("summary line %q: want verb and resource", line)
	}
	p := ParsedItem{Verb: head[0], Rsc: head[1], Details: strings.Join(strings.Fields(line[open+1:close]), " ")}
	p.Reason = strings.TrimSpace(line[close+1:])
	return p, nil
}

// HeadBlocks returns crm_simulate -S output up to and including the
// Transition Summary block: "Current cluster status:" and the summary, the
// part gocrm simulate renders so far.
func HeadBlocks(out string) (string, error) {
	i := strings.Index(out, "Transition Summary:\n")
	if i < 0 {
		return "", fmt.Errorf("no \"Transition Summary:\" block in the output")
	}
	j := strings.Index(out[i:], "\n\n")
	if j < 0 {
		return "", fmt.Errorf("unterminated Transition Summary block")
	}
	return out[:i+j+2], nil
}

// RevisedBlock returns the "Revised Cluster Status" block of crm_simulate
// -S output (to the end of the output).
func RevisedBlock(out string) (string, error) {
	i := strings.Index(out, "Revised Cluster Status:\n")
	if i < 0 {
		return "", fmt.Errorf("no \"Revised Cluster Status:\" block in the output")
	}
	return out[i:], nil
}

// WithoutExecuting is crm_simulate -S output without the "Executing
// Cluster Transition" block.
func WithoutExecuting(out string) (string, error) {
	head, err := HeadBlocks(out)
	if err != nil {
		return "", err
	}
	rev, err := RevisedBlock(out)
	if err != nil {
		return "", err
	}
	return head + rev, nil
}

// ComparableBlocks is what gocrm simulate -S prints of crm_simulate -S
// output: all of it (the blocks are checked to be there).
func ComparableBlocks(out string) (string, error) {
	if _, err := HeadBlocks(out); err != nil {
		return "", err
	}
	if !strings.Contains(out, "\nExecuting Cluster Transition:\n") {
		return "", fmt.Errorf("no \"Executing Cluster Transition:\" block in the output")
	}
	if _, err := RevisedBlock(out); err != nil {
		return "", err
	}
	return out, nil
}
