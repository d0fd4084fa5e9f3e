package scheduler

import (
	"strconv"

	"github.com/gorosync/gorosync/crm/cib"
)

// FailedOp is a history entry crm_simulate -c and crm_mon list under
// "Failed Resource Actions": a failure on an online node that has not
// expired (Pacemaker's record_failed_op while unpacking).
type FailedOp struct {
	Node *Node
	Rsc  string // the lrm_resource id
	Op   cib.LRMRscOp
}

// Key is the entry's operation key (its id when it has none).
func (f FailedOp) Key() string {
	if f.Op.OperationKey != "" {
		return f.Op.OperationKey
	}
	return f.Op.ID
}

// recordFailedOp keeps a failed entry of r on node. Pacemaker lists one
// per operation key and node; all are kept here, as a simulated
// transition may overwrite some (R_last_0) and not others
// (R_last_failure_0). On an opt-in cluster a missing agent (rc 5, or
// op-status 7) is not listed, unless on-fail=ignore pretends an rc 5
// succeeded (crm_simulate -c; seeds 40 44 120 175 of TestOpFailDifferential).
func (c *Cluster) recordFailedOp(r *Resource, node *Node, h historyOp) {
	if !node.Online || h.src == nil {
		return
	}
	if !c.Symmetric && (h.src.OpStatus == "7" || h.rc == 5 && c.strategy(r, h.task, h.interval) != failIgnore) {
		return
	}
	c.FailedOps = append(c.FailedOps, FailedOp{Node: node, Rsc: r.historyID(), Op: *h.src})
}

// FailCount is the fail count of r on n ignoring failure-timeout (as
// crm_simulate's and crm_mon's Migration Summary show it) and the newest
// last-failure time (0: none).
func (c *Cluster) FailCount(r *Resource, n *Node) (int, int64) {
	return failCount(r, n), lastFailure(r, n)
}

// HistoryResource is the primitive an lrm_resource id names: the
// primitive itself or, for an anonymous clone, one of its instances (they
// share fail counts and migration-threshold); nil for anything else.
func (c *Cluster) HistoryResource(id string) *Resource {
	if cl := c.anonClone(id); cl != nil {
		if len(cl.Children) == 0 {
			return nil
		}
		return cl.Children[0]
	}
	r := c.byID[id]
	if r == nil || r.Group || r.IsClone() {
		return nil
	}
	return r
}

// HistoryEntryID is the id of the lrm_rsc_op entry crm_simulate writes
// when it executes the action successfully: R_last_0 for one-off
// operations, R_<task>_<interval> for recurring ones ("" for pseudo and
// cluster actions). The entry replaces an older one with that id.
func (a *Action) HistoryEntryID() string {
	if a.Rsc == nil || a.Pseudo || a.Node == nil || a.Task == taskClearFailcount {
		return ""
	}
	if a.Interval > 0 {
		return a.Rsc.historyID() + "_" + a.Task + "_" + strconv.FormatInt(a.Interval, 10)
	}
	return a.Rsc.historyID() + "_last_0"
}

// execStatusTexts name the executor's op-status values, Pacemaker 2.1.5's
// enum pcmk_exec_status (checked against crm_mon for every value).
var execStatusTexts = [...]string{"pending", "complete", "Cancelled", "Timed Out", "NOT SUPPORTED",
	"Error", "Hard error", "Fatal error", "Not installed", "Internal communication failure",
	"Cannot execute now", "No fence device", "CIB secrets unavailable"}

// ExecStatusText names an op-status as pcmk_exec_status_str does.
func ExecStatusText(st int) string {
	if st < -1 || st+1 >= len(execStatusTexts) {
		return "UNKNOWN!"
	}
	return execStatusTexts[st+1]
}
