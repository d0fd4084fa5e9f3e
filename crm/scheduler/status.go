package scheduler

import (
	"slices"
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
	key      string // operation_key (else the entry's id)
	status   string // op-status ("0": done, "-1": pending)
	src      *cib.LRMRscOp
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
			node.lrmOrder = append(node.lrmOrder, r)
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
				for _, st := range r.stops {
					st.Optional = true // an unmanaged resource's stop is optional
				}
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
// is known). It follows 2.1.5's unpack_rsc_op per entry (remap, expiry,
// masked probe failures, hard and fatal errors) and process_rsc_state.
func (c *Cluster) replay(r *Resource, node *Node, ops []cib.LRMRscOp) bool {
	var hist []historyOp
	for i := range ops {
		op := ops[i]
		h := historyOp{src: &ops[i], task: op.Operation, interval: atoiDefault(op.Interval, 0),
			rc: atoiDefault(op.RCCode, 0), callID: atoiDefault(op.CallID, -1), expected: -1,
			key: op.OperationKey}
		if h.key == "" {
			h.key = op.ID
		}
		h.changed, _ = strconv.ParseInt(op.LastRCChange, 10, 64)
		h.digest = op.OpDigest
		h.status = op.OpStatus
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
	role := RoleUnknown
	worst := failIgnore // the worst failure since the last clearing success
	lastFailure := ""   // operation key of the newest failure
	lastStart := -1
	// state is update_resource_state: the role an entry leaves, and
	// whether it clears earlier failures (not those that moved the node
	// or stopped the resource).
	state := func(h historyOp, rc int, masked bool) {
		clear := false
		switch {
		case rc == 5 || masked:
			role = RoleStopped
		case rc == 7:
			clear = true
		case h.task == "monitor":
			clear = h.key == lastFailure
			role = max(role, RoleStarted)
		case h.task == "start":
			role, clear = RoleStarted, true
		case h.task == "stop":
			role, clear = RoleStopped, true
		default:
			role = max(role, RoleStarted)
		}
		if clear && worst <= failBlock {
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
		if probe && (h.rc == 0 || h.rc == 7) {
			expired = false // such probes never expire
		}
		// remap_operation: a probe that found the agent missing or its
		// parameters invalid means "not running".
		rc := h.rc
		masked := probe && (rc == 5 || rc == 2)
		if masked {
			rc = 7
		}
		failed := rc != h.expected
		hard, fatal := false, false
		switch rc {
		case 0:
			if probe {
				failed = false // the probe found it active
			}
		case 7:
			if probe || !r.Managed {
				failed = false
				role = RoleStopped
				worst = failIgnore
			}
		case 6:
			fatal = true
		case 3:
			hard = h.interval == 0
		case 5, 2, 4:
			hard = true
		}
		if hard && h.task == "stop" && !c.canFence(node) {
			// check_recoverable: a failed stop nothing can recover.
			// remap_operation calls it for the hard-error codes only, not
			// for rc 6 (not configured, a fatal error): no "No further
			// recovery" there and the resource is not blocked (seed 309 of
			// -with StopFailures).
			r.Managed, r.Blocked = false, true
		}
		if masked && expired && h.rc != h.expected {
			if role <= RoleStopped {
				role = RoleUnknown
			}
			continue
		}
		if expired && failed {
			// Failures older than failure-timeout are forgotten (a
			// recurring monitor's is rescheduled).
			if h.interval == 0 {
				continue
			}
			if node.Online && !node.Unclean {
				if h.task == "monitor" {
					reschedule = append(reschedule, int64(h.interval))
				}
				continue
			}
		}
		if failed && !masked {
			// A masked probe failure is not listed (crm_simulate -c).
			c.recordFailedOp(r, node, h)
		}
		if masked {
			state(h, h.expected, true)
			c.recordFailedProbe(r, node, h.rc)
			c.banHard(r, node)
			continue
		}
		if !failed {
			state(h, rc, false)
			continue
		}
		s := c.strategy(r, h.task, h.interval)
		if s == failIgnore {
			state(h, h.expected, false) // "Pretending failed ... succeeded"
			r.FailureIgnored = true
			if !slices.Contains(r.ignoredOn, node) {
				r.ignoredOn = append(r.ignoredOn, node)
			}
			continue
		}
		lastFailure = h.key
		worst = max(worst, s)
		if h.task == "stop" {
			c.banOn(r, node) // __stop_fail__
		}
		role = max(role, RoleStarted)
		if s == failStop {
			c.failStopBan(r)
		}
		switch {
		case hard:
			c.banHard(r, node) // hard-error: not on this node again
		case fatal:
			c.banHard(r, nil) // fatal-error: nowhere
		}
	}
	counted := role != RoleUnknown
	if counted {
		if r.knownOn == nil {
			r.knownOn = map[*Node]bool{}
		}
		r.knownOn[node] = true
	}
	active := role == RoleStarted
	c.historyMonitors(r, node, hist)
	if active {
		c.fenceIfActiveOffline(r, node)
	}
	if node.Unclean {
		// process_rsc_state: fencing recovers whatever failed there (no
		// recovery stop now; it keeps the graph's action ids).
		worst = failIgnore
	}
	c.applyOnFail(r, node, worst, active)
	failed := active && worst != failIgnore
	if failed {
		r.failedOn = append(r.failedOn, node)
	}
	if active {
		r.RunningOn = append(r.RunningOn, node)
		c.noteActiveHistory(r, node, hist)
		c.rescheduleMonitors(r, node, reschedule)
		if failed && worst == failRecover {
			// Pacemaker schedules the recovery's stop while unpacking;
			// an unmanaged resource's actions are optional (custom_action),
			// so it makes no group stop required.
			r.stops = append(r.stops, c.newAction(r, "stop", node, !r.Managed))
		}
		// Checked after the node criteria (after this stop: a newer action).
		since := hist[lastStart+1:]
		c.configChecks = append(c.configChecks, func() { c.checkMonitorDigests(r, node, since) })
	}
	return counted
}

// recordFailedProbe keeps the first masked probe failure of r (for a
// clone instance: per node, on the clone) for display.
func (c *Cluster) recordFailedProbe(r *Resource, node *Node, rc int) {
	if !node.Online {
		return
	}
	if r.IsInstance() {
		cl := r.Parent.Clone
		if cl.FailedProbes == nil {
			cl.FailedProbes = map[*Node]int{}
		}
		if _, ok := cl.FailedProbes[node]; !ok {
			cl.FailedProbes[node] = rc
		}
		return
	}
	if r.FailedProbe == nil {
		r.FailedProbe = &FailedProbe{Node: node, RC: rc}
	} else {
		r.laterProbes = append(r.laterProbes, FailedProbe{Node: node, RC: rc})
	}
}

// OCFExitText names an OCF exit code as Pacemaker's
// services_ocf_exitcode_str.
func OCFExitText(rc int) string {
	switch rc {
	case 0:
		return "ok"
	case 1:
		return "error"
	case 2:
		return "invalid parameter"
	case 3:
		return "unimplemented feature"
	case 4:
		return "insufficient privileges"
	case 5:
		return "not installed"
	case 6:
		return "not configured"
	case 7:
		return "not running"
	case 8:
		return "promoted"
	case 9:
		return "promoted (failed)"
	case 190:
		return "OCF_DEGRADED"
	case 191:
		return "promoted (degraded)"
	}
	return "unknown"
}

// historyMonitors creates the optional recurring monitors that are already
// active on node (Pacemaker does this while unpacking, so a later start
// reuses them and they sit late in the resource's action list). As 2.1.5's
// process_recurring, it goes by the history's last start and last stop,
// not by the role: a monitor that found the resource stopped counts too.
func (c *Cluster) historyMonitors(r *Resource, node *Node, hist []historyOp) {
	if !node.Online {
		return // process_recurring skips offline nodes
	}
	start, stop := activeOps(hist)
	for i, h := range hist {
		if start < stop && i <= stop || i < start {
			continue // not active, or older than the last start
		}
		if h.task != "monitor" || h.interval <= 0 || h.status == "-1" {
			continue
		}
		if c.findOp(r, "monitor", int64(h.interval), node) == nil {
			c.newOp(r, "monitor", int64(h.interval), node, true)
		}
	}
}

// activeOps is 2.1.5's calculate_active_ops: the index of the last start
// (else of the last promote or demote, else of the first successful
// monitor after the last stop) and of the last successful stop; -1 if
// none.
func activeOps(hist []historyOp) (start, stop int) {
	start, stop = -1, -1
	impliedMonitor, impliedClone := -1, -1
	for i, h := range hist {
		switch {
		case h.task == "stop" && h.status == "0":
			stop = i
		case h.task == "start" || h.task == "migrate_from":
			start = i
		case impliedMonitor <= stop && h.task == "monitor":
			if h.rc == 0 || h.rc == 8 {
				impliedMonitor = i
			}
		case h.task == "promote" || h.task == "demote":
			impliedClone = i
		}
	}
	if start == -1 {
		if impliedClone != -1 {
			start = impliedClone
		} else if impliedMonitor != -1 {
			start = impliedMonitor
		}
	}
	return start, stop
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
