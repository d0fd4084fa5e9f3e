package status

import (
	"sort"
	"strconv"

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
	failures  []scheduler.FailedOp
	props     map[string]string
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
	v.failures = listedFailures(c)
	return v, nil
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
