package scheduler

import (
	"strconv"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// failureTimeout is the resource's failure-timeout in seconds (0: none),
// unless an on-fail=block failure disabled it: Pacemaker ignores the
// timeout then, as expiring would unblock the resource behind its back.
func (r *Resource) failureTimeout() int64 {
	if r.blockFailure {
		return 0
	}
	v, ok := r.Meta["failure-timeout"]
	if !ok {
		return 0
	}
	ms, err := cib.ParseInterval(v)
	if err != nil || ms <= 0 {
		return 0
	}
	return ms / 1000
}

// lastFailure is the newest last-failure-<rsc>#<op> time of r on n.
func lastFailure(r *Resource, n *Node) int64 {
	var last int64
	prefix := "last-failure-" + r.historyID()
	for k, v := range n.Attrs {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		if _, ok := failCountRest(k[len(prefix):], r.IsInstance()); !ok {
			continue
		}
		if t, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && t > last {
			last = t
		}
	}
	return last
}

// effectiveFailCount is failCount with failure-timeout applied: a fail
// count whose last failure is older than the timeout counts as 0.
func (c *Cluster) effectiveFailCount(r *Resource, n *Node) int {
	fc := failCount(r, n)
	ft := r.failureTimeout()
	if fc <= 0 || ft <= 0 {
		return fc
	}
	if last := lastFailure(r, n); last > 0 && c.Now.Unix() > last+ft {
		return 0
	}
	return fc
}

// opExpired is Pacemaker's check_operation_expiry for one history entry:
// whether it is older than the failure-timeout. An expired entry whose
// fail count has expired as well schedules clearing the fail count; one
// whose fail count is still effective is not expired after all.
func (c *Cluster) opExpired(r *Resource, n *Node, lastChange int64) bool {
	ft := r.failureTimeout()
	if ft <= 0 || lastChange <= 0 || c.Now.Unix() < lastChange+ft {
		return false
	}
	if failCount(r, n) > 0 {
		if c.effectiveFailCount(r, n) != 0 {
			return false
		}
		c.clearFailcount(r, n)
	}
	return true
}

// clearFailcount schedules the clear_failcount cluster action for r on n
// (once per node).
func (c *Cluster) clearFailcount(r *Resource, n *Node) {
	if c.findOp(r, taskClearFailcount, 0, n) != nil {
		return
	}
	a := c.newOp(r, taskClearFailcount, 0, n, false)
	a.Runnable = true
}

const taskClearFailcount = "clear_failcount"

// hasBlockFailure reports whether the history holds a failure of an
// operation configured with on-fail=block.
func (r *Resource) hasBlockFailure(hist []historyOp) bool {
	for _, h := range hist {
		if h.rc != h.expected && r.onFail[h.task+"_"+strconv.Itoa(h.interval)] == "block" {
			return true
		}
	}
	return false
}
