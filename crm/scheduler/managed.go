package scheduler

import "github.com/gorosync/gorosync/crm/score"

// pinUnmanaged gives an unmanaged resource INFINITY on every node it is
// active on, as Pacemaker's native_add_running does ("not_managed_default"),
// so resources colocated with it follow it there.
func (c *Cluster) pinUnmanaged(r *Resource) {
	if r.Managed {
		return
	}
	for _, n := range r.RunningOn {
		i := c.nodeIndex(n)
		r.Allowed[i] = addScore(r.Allowed[i], score.Infinity)
	}
}
