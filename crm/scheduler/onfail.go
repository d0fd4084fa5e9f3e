package scheduler

import (
	"strconv"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/score"
)

// failStrategy is what a failed operation asks for (Pacemaker's enum
// action_fail_response), ordered from mildest to most severe so the
// worst of a resource's failures on a node wins.
type failStrategy int

const (
	failIgnore failStrategy = iota
	failDemote
	failRecover
	failBlock
	failStop
	failStandby
	failFence
)

// opOnFail records the on-fail of a primitive's configured operations by
// "<task>_<interval ms>".
func opOnFail(p *cib.Primitive) map[string]string {
	if p.Operations == nil {
		return nil
	}
	m := map[string]string{}
	for _, op := range p.Operations.Ops {
		ms, err := cib.ParseInterval(op.Interval)
		if err != nil {
			ms = 0
		}
		key := op.Name + "_" + strconv.FormatInt(ms, 10)
		if _, dup := m[key]; !dup && op.OnFail != "" {
			m[key] = op.OnFail
		}
	}
	return m
}

// strategy resolves on-fail for a task as Pacemaker's unpack_operation
// does: values not allowed for the task fall back to the default (stop:
// block without fencing, fence with it; everything else: restart), and
// fence without fencing becomes stop.
func (c *Cluster) strategy(r *Resource, task string, interval int) failStrategy {
	v := r.onFail[task+"_"+strconv.Itoa(interval)]
	if task == "stop" && (v == "standby" || v == "demote" || v == "stop") {
		v = ""
	}
	if v == "demote" {
		v = "" // only for promote and Promoted-role monitors (promotable clones: TODO)
	}
	switch v {
	case "ignore", "nothing":
		return failIgnore
	case "block":
		return failBlock
	case "stop":
		return failStop
	case "standby":
		return failStandby
	case "restart":
		return failRecover
	case "fence":
		if c.StonithEnabled {
			return failFence
		}
		return failStop
	}
	if task == "stop" {
		if c.StonithEnabled {
			return failFence
		}
		return failBlock
	}
	return failRecover
}

// banHard puts a hard or fatal error's -INFINITY on node (or everywhere)
// for the resource, or for an anonymous instance's whole clone (2.1.5's
// "parent" of unpack_rsc_op), and everything in it.
func (c *Cluster) banHard(r *Resource, node *Node) {
	top := r
	if r.IsInstance() {
		top = r.Parent
		for _, n := range c.Nodes {
			if node != nil && n != node {
				continue
			}
			if !containsNode(top.Clone.Located, n) {
				top.Clone.Located = append(top.Clone.Located, n)
			}
		}
	}
	var ban func(x *Resource)
	ban = func(x *Resource) {
		for i, n := range c.Nodes {
			if node == nil || n == node {
				x.Allowed[i] = addScore(x.Allowed[i], -score.Infinity)
			}
		}
		for _, ch := range x.Children {
			ban(ch)
		}
	}
	ban(top)
}

// failStopBan: an on-fail=stop failure keeps the resource (an anonymous
// instance: its whole clone) from every node, as unpack_rsc_op_failure
// does while unpacking, so colocation merges already see it.
func (c *Cluster) failStopBan(r *Resource) {
	if r.IsInstance() {
		c.banHard(r, nil)
		return
	}
	for _, n := range c.Nodes {
		c.banOn(r, n)
	}
}

// applyOnFail is Pacemaker's process_rsc_state for the worst failure of
// r on node: what happens to the resource, and to the node for standby.
func (c *Cluster) applyOnFail(r *Resource, node *Node, s failStrategy, active bool) {
	switch s {
	case failIgnore:
		return
	case failStandby:
		node.Standby = true
		node.StandbyOnFail = true
	case failBlock:
		r.Managed = false
		r.Blocked = true
	case failFence:
		// Treated as still running there, and the node is fenced.
		c.fenceNode(node, r.ID+" failed there")
	case failStop:
		r.NextRole = RoleStopped // banned by failStopBan already
	}
	if active {
		r.Failed = true
	}
}

// banOn puts -INFINITY on node for r alone (a failed stop's
// "__stop_fail__").
func (c *Cluster) banOn(r *Resource, node *Node) {
	i := c.nodeIndex(node)
	r.Allowed[i] = addScore(r.Allowed[i], -score.Infinity)
}
