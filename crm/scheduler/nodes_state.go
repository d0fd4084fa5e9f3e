package scheduler

import (
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// nodeState decides whether a cluster node is online, unclean (must be
// fenced), pending, shutting down or in maintenance from its node_state
// entry (nil: never seen), the way Pacemaker 2.1.5's unpack_node_state and
// determine_online_status do. Fencing requests go to c.fence.
func (c *Cluster) nodeState(n *Node, ns *cib.NodeState) {
	if ns == nil {
		// Never seen by this cluster: with startup-fencing it must be
		// fenced before resources can be trusted not to run there.
		n.Unclean = c.StonithEnabled && c.StartupFencing
		n.Unseen = true
		return
	}
	n.Shutdown = shutdownRequested(n.Attrs["shutdown"])
	n.Maintenance = isTrue(n.Attrs["maintenance"])
	expectedUp := !n.Shutdown && strings.EqualFold(ns.Expected, "member")
	inCCM := isTrue(ns.InCCM)
	crmdOnline := strings.EqualFold(ns.Crmd, "online")
	join := strings.ToLower(ns.Join)
	if !c.StonithEnabled {
		switch {
		case !inCCM:
		case crmdOnline:
			n.Online = join == "member"
		case !expectedUp:
		default:
			c.fenceNode(n, "peer is unexpectedly down")
		}
	} else {
		n.Online = inCCM
		exp := strings.ToLower(ns.Expected)
		if exp == "" {
			exp = "down"
		}
		terminate := terminateRequested(n.Attrs["terminate"])
		switch {
		case n.Shutdown:
			n.Online = crmdOnline
		case ns.InCCM == "":
			c.fenceNode(n, "peer has not been seen by the cluster")
		case join == "banned":
			c.fenceNode(n, "peer failed Pacemaker membership criteria")
		case !terminate && exp == "down":
			if inCCM || crmdOnline {
				n.Pending, n.Standby = true, true // not ready to run resources
			}
		case terminate && join == "down" && !inCCM && !crmdOnline:
			n.Online = false
		case !inCCM:
			c.fenceNode(n, "peer is no longer part of the cluster")
		case !crmdOnline:
			c.fenceNode(n, "peer process is no longer available")
		case terminate:
			c.fenceNode(n, "termination was requested")
		case join == "member":
		case join == "pending" || join == "down":
			n.Pending, n.Standby = true, true
		default:
			c.fenceNode(n, "peer was in an unknown state")
		}
	}
	if !c.HaveQuorum && n.Online && c.NoQuorumPolicy == "suicide" {
		c.fenceNode(n, "cluster does not have quorum")
	}
}

// shutdownRequested: the transient "shutdown" attribute holds the time the
// node asked to leave; "0" or empty means no request.
func shutdownRequested(v string) bool {
	return v != "" && v != "0"
}

// terminateRequested: "terminate" is true or a nonzero timestamp.
func terminateRequested(v string) bool {
	if isTrue(v) {
		return true
	}
	return v != "" && v[0] >= '1' && v[0] <= '9'
}

func isTrue(v string) bool {
	b, ok := cib.ParseBool(v)
	return ok && b
}

// runsOn reports whether r is active on n.
func runsOn(r *Resource, n *Node) bool {
	for _, on := range r.RunningOn {
		if on == n {
			return true
		}
	}
	return false
}
