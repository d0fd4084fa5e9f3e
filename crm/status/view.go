package status

import (
	"sort"
	"strconv"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/scheduler"
	"github.com/gorosync/gorosync/crm/simulate"
)

// view is what both renderers print: the unpacked cluster (resources in
// the scheduler's order, highest priority first, as crm_mon lists them)
// and the failed actions.
type view struct {
	doc       *cib.CIB
	c         *scheduler.Cluster
	nodes     []*scheduler.Node     // in crm_mon's (natural) order
	resources []*scheduler.Resource // top level, by priority
	failures  []failure
	props     map[string]string
}

// failure is one failed operation from the status section.
type failure struct {
	rsc  string
	node string
	op   cib.LRMRscOp
	rc   int
}

func newView(doc *cib.CIB) (*view, error) {
	c, err := scheduler.Unpack(doc)
	if err != nil {
		return nil, err
	}
	v := &view{doc: doc, c: c, props: doc.Configuration.CRMConfig.PropertySets.Map()}
	v.nodes = append(v.nodes, c.Nodes...)
	sort.SliceStable(v.nodes, func(i, j int) bool { return simulate.NaturalLess(v.nodes[i].Name, v.nodes[j].Name) })
	v.resources = c.Resources
	v.failures = collectFailures(doc, c)
	return v, nil
}

// collectFailures walks the history of online nodes in status order, each
// resource's operations by call id, and keeps failed ones once per
// operation key and node (the _last_0 and _last_failure_0 entries of one
// failure are the same failure).
func collectFailures(doc *cib.CIB, c *scheduler.Cluster) []failure {
	online := map[string]string{}
	for _, n := range c.Nodes {
		if n.Online {
			online[n.ID] = n.Name
		}
	}
	unmanaged := map[string]bool{}
	for _, r := range c.Resources {
		for _, p := range append([]*scheduler.Resource{r}, r.Children...) {
			if !p.Managed {
				unmanaged[p.ID] = true
			}
		}
		if r.IsClone() && len(r.Children) > 0 && !r.Children[0].Managed {
			unmanaged[r.Clone.ChildID] = true // history names the primitive
		}
	}
	var out []failure
	seen := map[string]bool{}
	for _, ns := range doc.Status.NodeStates {
		name, ok := online[ns.ID]
		if !ok || ns.LRM == nil {
			continue
		}
		for _, lr := range ns.LRM.Resources.Resources {
			ops := append([]cib.LRMRscOp(nil), lr.Ops...)
			sort.SliceStable(ops, func(i, j int) bool { return atoi(ops[i].CallID, -1) < atoi(ops[j].CallID, -1) })
			for _, op := range ops {
				rc, bad := opFailed(op)
				// An unmanaged resource found not running is simply
				// stopped, not failed.
				if !bad || (unmanaged[lr.ID] && rc == 7 && atoi(op.OpStatus, 0) == 0) || maskedProbe(op, rc) {
					continue
				}
				key := opKey(lr.ID, op) + "\x00" + name
				if seen[key] {
					continue
				}
				seen[key] = true
				out = append(out, failure{rsc: lr.ID, node: name, op: op, rc: rc})
			}
		}
	}
	return out
}

// opKey is <rsc>_<task>_<interval>, as the operation_key attribute holds.
func opKey(rsc string, op cib.LRMRscOp) string {
	if op.OperationKey != "" {
		return op.OperationKey
	}
	return rsc + "_" + op.Operation + "_" + op.Interval
}

// opFailed reports whether op did not return what was expected: a bad
// execution status, or an rc other than the one its transition key
// expected (probes may find the resource stopped or running).
func opFailed(op cib.LRMRscOp) (rc int, failed bool) {
	rc = atoi(op.RCCode, 0)
	if atoi(op.OpStatus, 0) != 0 {
		return rc, true
	}
	expected := -1
	if parts := strings.Split(op.TransitionKey, ":"); len(parts) == 4 {
		expected = atoi(parts[2], -1)
	}
	probe := op.Operation == "monitor" && atoi(op.Interval, 0) == 0
	if probe && (rc == 0 || rc == 7) {
		return rc, false
	}
	if expected < 0 {
		expected = 0
	}
	return rc, rc != expected
}

func atoi(s string, def int) int {
	v, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return v
}

// active reports whether a primitive or any group member runs somewhere.
func active(r *scheduler.Resource) bool {
	if len(r.RunningOn) > 0 {
		return true
	}
	for _, m := range r.Children {
		if len(m.RunningOn) > 0 {
			return true
		}
	}
	return false
}

// instances counts primitives (group members count one each) and the
// disabled ones among them.
func (v *view) instances() (total, disabled, blocked int) {
	return simulate.Counts(v.resources)
}

// dc is the configured node whose id is the CIB's dc-uuid, or nil.
func (v *view) dc() *scheduler.Node {
	if v.doc.DCUUID == "" {
		return nil
	}
	for _, n := range v.c.Nodes {
		if n.ID == v.doc.DCUUID {
			return n
		}
	}
	return nil
}

// runningOn lists the resources active on n.
func (v *view) runningOn(n *scheduler.Node) int {
	count := 0
	for _, r := range v.resources {
		for _, p := range r.Primitives() {
			for _, on := range p.RunningOn {
				if on == n {
					count++
				}
			}
		}
	}
	return count
}

// maskedProbe: a probe that found the agent not installed or its
// parameters invalid only means "not running here"; crm_mon leaves it out
// of the failed actions (2.1.5 pcmk_xe_mask_probe_failure).
func maskedProbe(op cib.LRMRscOp, rc int) bool {
	if op.Operation != "monitor" || atoi(op.Interval, 0) != 0 {
		return false
	}
	return rc == 5 || rc == 2
}
