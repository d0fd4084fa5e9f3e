package simulate

import (
	"strings"

	"github.com/gorosync/gorosync/crm/scheduler"
)

// NodeText is a node's state word as Pacemaker's node list prints it
// (pe_output.c node_text_status): "online" and "OFFLINE" nodes are
// gathered into the Online/OFFLINE lists, any other state gets its own
// "Node N: state" line. active: some resource runs on the node.
func NodeText(n *scheduler.Node, active bool) string {
	switch {
	case n.Unclean && n.Online:
		return "UNCLEAN (online)"
	case n.Unclean && n.Pending:
		return "UNCLEAN (pending)"
	case n.Unclean:
		return "UNCLEAN (offline)"
	case n.Pending:
		return "pending"
	case n.StandbyOnFail && n.Online:
		return "standby (on-fail)"
	case n.Standby && n.Online && active:
		return "standby (with active resources)"
	case n.Standby && n.Online:
		return "standby"
	case n.Standby:
		return "OFFLINE (standby)"
	case n.Maintenance && n.Online:
		return "maintenance"
	case n.Maintenance:
		return "OFFLINE (maintenance)"
	case n.Online:
		return "online"
	}
	return "OFFLINE"
}

// WriteMaintenanceBanner writes the notice crm_simulate opens with when
// maintenance-mode is on.
func WriteMaintenanceBanner(b *strings.Builder, c *scheduler.Cluster) {
	if c.MaintenanceMode {
		b.WriteString("\n              *** Resource management is DISABLED ***\n" +
			"  The cluster will not attempt to start, stop or recover services\n\n")
	}
}

// Hidden reports a group or clone Pacemaker leaves out of every resource
// list: some member or instance is active, but only unmanaged ones on
// offline (unclean) nodes, which Pacemaker does not count as where the
// parent runs (native_add_running adds only online nodes to an unmanaged
// primitive's parent), so the list's "running on any node" check fails.
func Hidden(r *scheduler.Resource) bool {
	if !r.Group && !r.IsClone() {
		return false
	}
	active := false
	for _, m := range r.Children {
		for _, n := range m.RunningOn {
			active = true
			if m.Managed || n.Online {
				return false
			}
		}
	}
	return active
}
