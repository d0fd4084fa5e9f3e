package status

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/scheduler"
	"github.com/gorosync/gorosync/crm/simulate"
)

// Options select what Text prints.
type Options struct {
	// Inactive lists stopped resources too (crm_mon -r).
	Inactive bool
	// Failcounts adds the Migration Summary (crm_mon -f).
	Failcounts bool
	// Now is the "Last updated" time; zero means time.Now().
	Now time.Time
}

// ctimeLayout is C's ctime() without the newline.
const ctimeLayout = "Mon Jan _2 15:04:05 2006"

// Text renders `crm_mon -1 [-r]` for doc.
func Text(doc *cib.CIB, opts Options) (string, error) {
	v, err := newView(doc)
	if err != nil {
		return "", err
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	var b strings.Builder
	v.writeSummary(&b, now)
	b.WriteString("\n")
	v.writeManagementBanner(&b)
	v.writeNodes(&b)
	b.WriteString("\n")
	v.writeResources(&b, opts.Inactive)
	if opts.Failcounts {
		v.writeMigrationSummary(&b)
	}
	if len(v.failures) > 0 {
		b.WriteString("\nFailed Resource Actions:\n")
		for _, f := range v.failures {
			b.WriteString("  * " + friendly(f) + "\n")
		}
	}
	return b.String(), nil
}

// writeMigrationSummary prints each online node's fail counts, the
// header with the first online node and a node only when it has some.
func (v *view) writeMigrationSummary(b *strings.Builder) {
	for i, nf := range simulate.MigrationSummary(v.doc, v.c) {
		if i == 0 {
			b.WriteString("\nMigration Summary:\n")
		}
		if len(nf.Lines) > 0 {
			b.WriteString("  * Node: " + nf.Node.Name + ":\n")
		}
		for _, l := range nf.Lines {
			b.WriteString("    * " + l + "\n")
		}
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func (v *view) stack() string {
	if s := v.props["cluster-infrastructure"]; s != "" {
		return s
	}
	return "unknown"
}

func (v *view) dcVersion() string {
	if s := v.props["dc-version"]; s != "" {
		return s
	}
	return "unknown"
}

// lastChange is "<when> by <user> via <client> on <origin>", each part
// only when the CIB has it.
func (v *view) lastChange() string {
	s := v.doc.LastWritten
	if v.doc.UpdateUser != "" {
		s += " by " + v.doc.UpdateUser
	}
	if v.doc.UpdateClient != "" {
		s += " via " + v.doc.UpdateClient
	}
	if v.doc.UpdateOrigin != "" {
		s += " on " + v.doc.UpdateOrigin
	}
	return s
}

func (v *view) writeSummary(b *strings.Builder, now time.Time) {
	b.WriteString("Cluster Summary:\n")
	b.WriteString("  * Stack: " + v.stack() + "\n")
	if dc := v.dc(); dc != nil {
		quorum := "partition with quorum"
		if !v.c.HaveQuorum {
			quorum = "partition WITHOUT quorum"
		}
		fmt.Fprintf(b, "  * Current DC: %s (version %s) - %s\n", dc.Name, v.dcVersion(), quorum)
	} else {
		b.WriteString("  * Current DC: NONE\n")
	}
	b.WriteString("  * Last updated: " + now.Format(ctimeLayout) + "\n")
	b.WriteString("  * Last change:  " + v.lastChange() + "\n")
	b.WriteString("  * " + plural(len(v.doc.Configuration.Nodes.Nodes), "node") + " configured\n")
	total, disabled, blocked := v.instances()
	line := "  * " + plural(total, "resource instance") + " configured"
	switch {
	case disabled > 0 && blocked > 0:
		line += fmt.Sprintf(" (%d DISABLED, %d BLOCKED from further action due to failure)", disabled, blocked)
	case disabled > 0:
		line += fmt.Sprintf(" (%d DISABLED)", disabled)
	case blocked > 0:
		line += fmt.Sprintf(" (%d BLOCKED from further action due to failure)", blocked)
	}
	b.WriteString(line + "\n")
}

// nodeState is the special state crm_mon prints on a node's own line, or
// "" for a node that goes into the Online/OFFLINE lists.
func (v *view) nodeState(n *scheduler.Node) string {
	switch st := simulate.NodeText(n, v.runningOn(n) > 0); st {
	case "online", "OFFLINE":
		return ""
	default:
		return st
	}
}

func (v *view) writeNodes(b *strings.Builder) {
	b.WriteString("Node List:\n")
	var online, offline []string
	for _, n := range v.nodes {
		if st := v.nodeState(n); st != "" {
			b.WriteString("  * Node " + n.Name + ": " + st + "\n")
			continue
		}
		if n.Online {
			online = append(online, n.Name)
		} else {
			offline = append(offline, n.Name)
		}
	}
	if len(online) > 0 {
		b.WriteString("  * Online: [ " + strings.Join(online, " ") + " ]\n")
	}
	if len(offline) > 0 {
		b.WriteString("  * OFFLINE: [ " + strings.Join(offline, " ") + " ]\n")
	}
}

func (v *view) writeResources(b *strings.Builder, inactive bool) {
	if inactive {
		b.WriteString("Full List of Resources:\n")
	} else {
		b.WriteString("Active Resources:\n")
	}
	printed := false
	for _, r := range v.resources {
		if (!inactive && !active(r)) || simulate.Hidden(r) {
			continue
		}
		printed = true
		if r.IsClone() {
			blk := simulate.Clone(v.c, r, inactive)
			b.WriteString("  * " + blk.Header + ":\n")
			for _, it := range blk.Items {
				b.WriteString("    * " + it + "\n")
			}
			continue
		}
		if !r.Group {
			b.WriteString("  * " + simulate.PrimitiveLine(r) + "\n")
			continue
		}
		b.WriteString("  * Resource Group: " + r.ID + groupFlags(r, inactive) + ":\n")
		for _, m := range r.Children {
			if inactive || len(m.RunningOn) > 0 {
				b.WriteString("    * " + simulate.PrimitiveLine(m) + "\n")
			}
		}
	}
	if !printed {
		if inactive {
			b.WriteString("  * No resources\n")
		} else {
			b.WriteString("  * No active resources\n")
		}
	}
}

// groupFlags is the " (...)" after a group's id: inactive members (only
// when they are hidden), unmanaged, disabled.
func groupFlags(g *scheduler.Resource, inactive bool) string {
	var flags []string
	if !inactive {
		stopped := 0
		for _, m := range g.Children {
			if len(m.RunningOn) == 0 {
				stopped++
			}
		}
		if stopped > 0 {
			flags = append(flags, plural(stopped, "member")+" inactive")
		}
	}
	if !g.Managed {
		flags = append(flags, "unmanaged")
	}
	if g.Disabled() {
		flags = append(flags, "disabled")
	}
	if len(flags) == 0 {
		return ""
	}
	return " (" + strings.Join(flags, ", ") + ")"
}
