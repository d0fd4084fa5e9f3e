package simulate

import (
	"sort"
	"strings"

	"github.com/gorosync/gorosync/crm/scheduler"
)

// CloneBlock is how crm_simulate and crm_mon print an anonymous clone
// (Pacemaker's pe__clone_default): a "Clone Set: ID [CHILD]" header, full
// lines for instances that are failed, unmanaged, orphaned or active on
// several nodes, "Started: [ nodes ]", and with inactive resources shown
// "Stopped: [ nodes ]" for the nodes without an instance.
type CloneBlock struct {
	Header string   // "Clone Set: R-clone [R]" plus " (flags)"
	Items  []string // list items without indentation or "* "
}

// Clone renders an anonymous clone. Stopped nodes are the clone's allowed
// nodes (every node in a symmetric cluster; in an asymmetric one, before
// scheduling, the nodes with history for it).
func Clone(c *scheduler.Cluster, r *scheduler.Resource, inactive bool) CloneBlock {
	info := r.Clone
	var flags []string // in crm_simulate's order: "(unmanaged, disabled)"
	if !r.Managed {
		flags = append(flags, "unmanaged")
	}
	if r.CloneDisabled() {
		flags = append(flags, "disabled")
	}
	blk := CloneBlock{Header: "Clone Set: " + r.ID + " [" + info.ChildID + "]"}
	if len(flags) > 0 {
		blk.Header += " (" + strings.Join(flags, ", ") + ")"
	}
	insts := append([]*scheduler.Resource(nil), r.Children...)
	sort.SliceStable(insts, func(i, j int) bool { return instanceLess(insts[i].ID, insts[j].ID) })
	var started []string
	running := map[*scheduler.Node]bool{}
	for _, inst := range insts {
		for _, n := range inst.RunningOn {
			// Pacemaker counts an unmanaged instance's offline node as
			// not running the clone (see Hidden).
			if inst.Managed || n.Online {
				running[n] = true
			}
		}
		switch {
		case len(inst.RunningOn) == 0:
		case inst.Orphan || !inst.Managed || inst.Failed || len(inst.RunningOn) > 1 || onUncleanOffline(inst):
			blk.Items = append(blk.Items, instanceLine(inst))
		default:
			started = append(started, inst.RunningOn[0].Name)
		}
	}
	sort.SliceStable(started, func(i, j int) bool { return naturalLess(started[i], started[j]) })
	if len(started) > 0 {
		blk.Items = append(blk.Items, "Started: [ "+strings.Join(started, " ")+" ]")
	}
	if !inactive || info.Max <= len(started) {
		return blk
	}
	var candidates []*scheduler.Node
	switch {
	case c.Symmetric:
		candidates = c.Nodes
	case len(info.Located) > 0:
		candidates = info.Located
	default:
		candidates = info.KnownOn
	}
	// Each node's state ("Stopped", "Stopped (disabled)", or the text of
	// a masked probe failure there); one line per state, states in byte
	// order (pe__clone_default's sorted_hash_table_values).
	byState := map[string][]string{}
	for _, n := range candidates {
		if running[n] {
			continue
		}
		state := "Stopped"
		if r.CloneDisabled() {
			state = "Stopped (disabled)"
		}
		if rc, ok := info.FailedProbes[n]; ok {
			state = "Stopped (" + scheduler.OCFExitText(rc) + ")"
		}
		byState[state] = append(byState[state], n.Name)
	}
	states := make([]string, 0, len(byState))
	for st := range byState {
		states = append(states, st)
	}
	sort.Strings(states)
	for _, st := range states {
		nodes := byState[st]
		sort.SliceStable(nodes, func(i, j int) bool { return naturalLess(nodes[i], nodes[j]) })
		blk.Items = append(blk.Items, st+": [ "+strings.Join(nodes, " ")+" ]")
	}
	return blk
}

// instanceLine prints an instance like a primitive, under the cloned
// primitive's id (anonymous instances have no number of their own).
func instanceLine(inst *scheduler.Resource) string {
	l := primitiveLine(inst)
	return inst.Parent.Clone.ChildID + l[len(inst.ID):]
}

// instanceLess orders instance ids by their number.
func instanceLess(a, b string) bool {
	na, nb := a[strings.LastIndexByte(a, ':')+1:], b[strings.LastIndexByte(b, ':')+1:]
	if len(na) != len(nb) {
		return len(na) < len(nb)
	}
	return na < nb
}

// onUncleanOffline: an instance on an offline unclean node gets its own
// line ("Started N (UNCLEAN)") instead of joining the Started list.
func onUncleanOffline(inst *scheduler.Resource) bool {
	for _, n := range inst.RunningOn {
		if n.Unclean && !n.Online {
			return true
		}
	}
	return false
}
