package scheduler

import (
	"sort"
	"strconv"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/score"
)

// historyOp is one lrm_rsc_op reduced to what role and failure decisions
// need.
type historyOp struct {
	task     string
	interval int
	rc       int
	expected int
	callID   int
	changed  int64  // last-rc-change (0: unknown)
	digest   string // op-digest ("" for crm_simulate's injected results)
	lastFail bool   // the R_last_failure_0 entry
}

// unpackStatus replays each online node's operation history to find where
// resources are active and which failed, then applies fail counts.
func (c *Cluster) unpackStatus(doc *cib.CIB) {
	byID := map[string]*Node{}
	for _, n := range c.Nodes {
		byID[n.ID] = n
	}
	for i, ns := range doc.Status.NodeStates {
		node := byID[ns.ID]
		if node != nil && node.statusPos == 0 {
			node.statusPos = i + 1
		}
		// With fencing disabled, history of offline nodes is not trusted:
		// their resources count as stopped.
		if node == nil || (!node.Online && !c.StonithEnabled) || ns.LRM == nil {
			continue
		}
		for _, lr := range ns.LRM.Resources.Resources {
			r := c.byID[lr.ID]
			cl := c.anonClone(lr.ID)
			if cl != nil {
				r = c.anonymousInstance(cl, node)
				r.historyNamed = true
			}
			if r == nil || r.Group || r.IsClone() {
				continue // orphans: TODO
			}
			failedBefore, uncleanBefore := r.Failed, node.Unclean
			if c.replay(r, node, lr.Ops) && cl != nil {
				cl.NoteKnown(node)
			}
			if uncleanBefore {
				// Failures on a node to be fenced are ignored: fencing
				// recovers them.
				r.Failed = failedBefore
			}
			if node.Maintenance && runsOn(r, node) {
				r.Managed = false // left alone on a node in maintenance
			}
		}
	}
	c.markActiveOnOffline()
	for _, r := range c.primitives() {
		c.pinUnmanaged(r)
		if len(r.RunningOn) > 0 {
			r.Role = RoleStarted
		} else {
			r.Role = RoleStopped
		}
	}
	for _, g := range c.Resources {
		if g.Group && len(g.Children) > 0 {
			g.Role = g.Children[0].Role
		}
		if g.IsClone() {
			cloneStatus(g)
		}
	}
}

// replay reports whether any entry counted (the resource's state on node
// is known).
func (c *Cluster) replay(r *Resource, node *Node, ops []cib.LRMRscOp) bool {
	var hist []historyOp
	for _, op := range ops {
		h := historyOp{task: op.Operation, interval: atoiDefault(op.Interval, 0),
			rc: atoiDefault(op.RCCode, 0), callID: atoiDefault(op.CallID, -1), expected: -1}
		h.changed, _ = strconv.ParseInt(op.LastRCChange, 10, 64)
		h.digest = op.OpDigest
		h.lastFail = strings.HasSuffix(op.ID, "_last_failure_0")
		if parts := strings.Split(op.TransitionKey, ":"); len(parts) == 4 {
			h.expected = atoiDefault(parts[2], -1)
		}
		if h.expected < 0 {
			h.expected = 0
			if h.task == "monitor" && h.interval == 0 {
				h.expected = 7
			}
		}
		hist = append(hist, h)
	}
	sort.SliceStable(hist, func(i, j int) bool { return hist[i].callID < hist[j].callID })
	if r.hasBlockFailure(hist) {
		r.blockFailure = true
	}
	var reschedule []int64 // recurring monitors whose failure expired
	counted := false       // an entry decided the role (else the node still needs a probe)
	role := RoleStopped
	worst := failIgnore // the worst failure since the last clearing success
	lastStart := -1
	var lastFail *historyOp // the newest failure so far
	succeed := func(h historyOp, rc int) {
		switch {
		case h.task == "stop" || rc == 7:
			role = RoleStopped
		case h.task == "start" || h.task == "monitor":
			role = RoleStarted
		}
		// A completed start or stop (or "not running"), or a monitor
		// succeeding where the newest failure was that same monitor
		// (crm_simulate --op-inject can record one), clears earlier
		// failures, except those that moved the node or stopped it.
		again := h.task == "monitor" && lastFail != nil && lastFail.task == h.task && lastFail.interval == h.interval
		if (h.task == "start" || h.task == "stop" || rc == 7 || again) && worst <= failBlock {
			worst = failIgnore
		}
	}
	for i, h := range hist {
		if h.task == "start" {
			lastStart = i
		}
		probe := h.task == "monitor" && h.interval == 0
		if h.lastFail && (h.task == "start" || h.task == "monitor") && r.digestMismatch(h) {
			// check_operation_expiry: the failure was of another
			// definition (an --op-inject result written over it).
			c.clearFailcount(r, node)
		}
		expired := c.opExpired(r, node, h.changed)
		if h.rc == h.expected || (probe && (h.rc == 0 || h.rc == 7)) || (h.rc == 7 && !r.Managed) {
			expired = false
		}
		if expired {
			// Failures older than failure-timeout are forgotten (a
			// recurring monitor's is rescheduled).
			// (Anonymous clone instances are not: seen with 2.1.5.)
			if h.interval > 0 && h.task == "monitor" && node.Online && !node.Unclean {
				reschedule = append(reschedule, int64(h.interval))
			}
			continue
		}
		counted = true
		if h.rc == h.expected || (probe && (h.rc == 0 || h.rc == 7)) || (h.rc == 7 && !r.Managed) {
			// An unmanaged resource found not running is stopped, not
			// failed (Pacemaker's remap_operation).
			succeed(h, h.rc)
			continue
		}
		lastFail = &hist[i]
		s := c.strategy(r, h.task, h.interval)
		notInstalled := h.rc == 5
		if s == failIgnore && !notInstalled {
			succeed(h, h.expected) // "Pretending failed ... succeeded"
			r.FailureIgnored = true
			continue
		}
		if s == failIgnore {
			r.Failed = true // an agent that is not installed cannot be ignored
		}
		if s > worst {
			worst = s
		}
		if h.task == "stop" {
			c.banOn(r, node) // __stop_fail__
		}
		if probe && notInstalled {
			role = RoleStopped
		} else if role < RoleStarted {
			role = RoleStarted
		}
		switch {
		case notInstalled || h.rc == 2 || h.rc == 4 || (h.rc == 3 && h.interval == 0):
			c.banHard(r, node) // hard-error: not on this node again
		case h.rc == 6:
			c.banHard(r, nil) // fatal-error: nowhere
		}
	}
	if counted {
		if r.knownOn == nil {
			r.knownOn = map[*Node]bool{}
		}
		r.knownOn[node] = true
	}
	active := role == RoleStarted
	c.applyOnFail(r, node, worst, active)
	failed := active && worst != failIgnore
	if active {
		r.RunningOn = append(r.RunningOn, node)
		c.historyMonitors(r, node, hist[lastStart+1:])
		c.rescheduleMonitors(r, node, reschedule)
		if failed && worst == failRecover {
			// Pacemaker schedules the recovery's stop while unpacking.
			r.stops = append(r.stops, c.newAction(r, "stop", node, false))
		}
		// Checked after the node criteria (after this stop: a newer action).
		since := hist[lastStart+1:]
		c.configChecks = append(c.configChecks, func() { c.checkMonitorDigests(r, node, since) })
	}
	return counted
}

// historyMonitors creates the optional recurring monitors that are already
// active on node (Pacemaker does this while unpacking, so a later start
// reuses them and they sit late in the resource's action list).
func (c *Cluster) historyMonitors(r *Resource, node *Node, since []historyOp) {
	for _, h := range since {
		if h.task != "monitor" || h.interval <= 0 {
			continue
		}
		if c.findOp(r, "monitor", int64(h.interval), node) == nil {
			c.newOp(r, "monitor", int64(h.interval), node, true)
		}
	}
}

// failCount sums the fail-count-<rsc>#<op>_<interval> node attributes of
// rsc on node.
func failCount(r *Resource, n *Node) int {
	total := 0
	prefix := "fail-count-" + r.historyID()
	for _, k := range n.failCountKeys(r.historyID()) {
		v := n.Attrs[k]
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		rest, ok := failCountRest(k[len(prefix):], r.IsInstance())
		if !ok {
			continue
		}
		i := strings.LastIndexByte(rest, '_')
		if i < 0 {
			continue
		}
		if _, err := strconv.Atoi(rest[i+1:]); err != nil {
			continue
		}
		total = score.Add(total, score.Parse(v))
	}
	return total
}

// failCountRest strips the "#" after the resource id (anonymous clone
// instances also accept an instance number, ":N#") and returns the
// <op>_<interval> part.
func failCountRest(s string, instance bool) (string, bool) {
	if instance && strings.HasPrefix(s, ":") {
		i := strings.IndexByte(s, '#')
		if i < 0 {
			return "", false
		}
		if _, err := strconv.Atoi(s[1:i]); err != nil {
			return "", false
		}
		s = s[i:]
	}
	if !strings.HasPrefix(s, "#") {
		return "", false
	}
	return s[1:], true
}

// SortByStatus orders nodes as their node_state entries appear in the
// status section (how crm_mon lists a resource's active nodes).
func (c *Cluster) SortByStatus(nodes []*Node) {
	pos := func(n *Node) int {
		if n.statusPos == 0 {
			return len(c.Nodes) + 1
		}
		return n.statusPos
	}
	sort.SliceStable(nodes, func(i, j int) bool { return pos(nodes[i]) < pos(nodes[j]) })
}
