package simulate

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gorosync/gorosync/crm/scheduler"
)

// Counts are Pacemaker's resource instance counts (pe__count_common):
// every primitive, orphans only while active; disabled ones (target-role
// Stopped) and blocked ones (on-fail=block, or a failed stop nothing can
// fence).
func Counts(resources []*scheduler.Resource) (total, disabled, blocked int) {
	for _, r := range resources {
		for _, p := range r.Primitives() {
			if p.Orphan && len(p.RunningOn) == 0 {
				continue
			}
			total++
			if p.Disabled() {
				disabled++
			}
			if p.Blocked {
				blocked++
			}
		}
	}
	return total, disabled, blocked
}

// WriteCounts writes crm_simulate's opening line "N of M resource
// instances DISABLED and K BLOCKED from further action due to failure"
// (and a blank line), printed only when something is disabled or blocked.
func WriteCounts(b *strings.Builder, c *scheduler.Cluster) {
	total, disabled, blocked := Counts(c.Resources)
	if disabled == 0 && blocked == 0 {
		return
	}
	fmt.Fprintf(b, "%d of %d resource instances DISABLED and %d BLOCKED from further action due to failure\n\n",
		disabled, total, blocked)
}

// WriteStatus writes a cluster status block ("Current cluster status:")
// the way crm_simulate prints it: the node list, then every resource.
func WriteStatus(b *strings.Builder, heading string, c *scheduler.Cluster) {
	b.WriteString(heading + "\n")
	b.WriteString("  * Node List:\n")
	var online, offline []string
	nodes := append([]*scheduler.Node(nil), c.Nodes...)
	sort.SliceStable(nodes, func(i, j int) bool { return naturalLess(nodes[i].Name, nodes[j].Name) })
	active := nodesWithResources(c)
	for _, n := range nodes {
		switch state := NodeText(n, active[n]); state {
		case "online":
			online = append(online, n.Name)
		case "OFFLINE":
			offline = append(offline, n.Name)
		default:
			b.WriteString("    * Node " + n.Name + ": " + state + "\n")
		}
	}
	if len(online) > 0 {
		b.WriteString("    * Online: [ " + strings.Join(online, " ") + " ]\n")
	}
	if len(offline) > 0 {
		b.WriteString("    * OFFLINE: [ " + strings.Join(offline, " ") + " ]\n")
	}
	b.WriteString("\n  * Full List of Resources:\n")
	if len(c.Resources) == 0 {
		b.WriteString("    * No resources\n")
	}
	for _, r := range c.Resources {
		if Hidden(r) {
			continue
		}
		if r.IsClone() {
			blk := Clone(c, r, true)
			b.WriteString("    * " + blk.Header + ":\n")
			for _, it := range blk.Items {
				b.WriteString("      * " + it + "\n")
			}
			continue
		}
		if r.Group {
			var flags []string
			if !r.Managed {
				flags = append(flags, "unmanaged")
			}
			if r.Disabled() {
				flags = append(flags, "disabled")
			}
			head := "    * Resource Group: " + r.ID
			if len(flags) > 0 {
				head += " (" + strings.Join(flags, ", ") + ")"
			}
			b.WriteString(head + ":\n")
			for _, m := range r.Children {
				b.WriteString("      * " + primitiveLine(m) + "\n")
			}
			continue
		}
		b.WriteString("    * " + primitiveLine(r) + "\n")
	}
	b.WriteString("\n")
}

// nodesWithResources is the set of nodes some primitive is active on, in
// one pass over the resources (not one per node).
func nodesWithResources(c *scheduler.Cluster) map[*scheduler.Node]bool {
	active := map[*scheduler.Node]bool{}
	for _, r := range c.Resources {
		for _, p := range r.Primitives() {
			for _, on := range p.RunningOn {
				active[on] = true
			}
		}
	}
	return active
}

// primitiveLine is "id<TAB>(agent):<TAB> State[ nodes][ (flags)]".
func primitiveLine(r *scheduler.Resource) string {
	state := "Stopped"
	if len(r.RunningOn) > 0 {
		state = "Started"
		if r.Failed {
			state = "FAILED"
		}
		if r.Orphan {
			state = "ORPHANED " + state
		}
		if len(r.RunningOn) == 1 {
			state += " " + r.RunningOn[0].Name
		}
	}
	if len(r.RunningOn) == 0 && r.FailedProbe != nil {
		// pe__failed_probe_for_rsc; crm_simulate leaves the space.
		state += " (" + scheduler.OCFExitText(r.FailedProbe.RC) + ") "
	}
	var flags []string
	// Only a resource active on one node shows that node's state
	// (pe__common_output_text drops the node when there are several).
	if len(r.RunningOn) == 1 && r.RunningOn[0].Unclean && !r.RunningOn[0].Online {
		flags = append(flags, "UNCLEAN")
	}
	if r.Disabled() {
		flags = append(flags, "disabled")
	}
	switch {
	case r.Blocked:
		flags = append(flags, "blocked")
	case !r.Managed:
		flags = append(flags, "unmanaged")
	}
	if r.FailureIgnored {
		flags = append(flags, "failure ignored")
	}
	if len(flags) > 0 {
		state += " (" + strings.Join(flags, ", ") + ")"
	}
	if len(r.RunningOn) > 1 {
		// Active on several nodes: the flags come before the node list.
		state += " [ " + strings.Join(nodeNames(r.RunningOn), " ") + " ]"
	}
	return r.ID + "\t(" + r.Agent + "):\t " + state
}

// naturalLess is Pacemaker's node list order (scheduler.NaturalLess).
var naturalLess = scheduler.NaturalLess

func nodeNames(nodes []*scheduler.Node) []string {
	names := make([]string, 0, len(nodes))
	for _, n := range nodes {
		names = append(names, n.Name)
	}
	return names
}
