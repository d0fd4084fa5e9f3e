package scheduler

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/score"
)

// Cluster is the scheduler's working set, built from a CIB.
type Cluster struct {
	Nodes      []*Node     // sorted by name
	Resources  []*Resource // top level, in processing order
	byID       map[string]*Resource
	setByID    map[string]*cib.ResourceSet // resource_sets by id, for id-ref
	nodeByName map[string]int
	// showScores records crm_simulate -s's score lines in scoreLines
	// (scores.go); byName is the node order they use.
	showScores bool
	scoreLines []string
	byName     []int
	// configChecks are the history checks Pacemaker makes after applying
	// node criteria (check_actions_for; see checkConfigChanges).
	configChecks []func()

	// Now is when rules and failure-timeout are evaluated (Options.Now).
	Now time.Time

	Symmetric bool
	Policies
	Fencing []*Fence // unclean nodes' fencing, first reason per node
	// FailedOps are the failures "Failed Resource Actions" lists
	// (failedops.go).
	FailedOps []FailedOp

	colocations []*Colocation
	actions     []*Action
	orderings   []ordering
	rscOrders   []rscOrder
	relaxed     []*Action            // one-or-more pseudo-actions (relaxed_sets.go)
	clones      map[string]*Resource // anonymous clones by cloned primitive id
	probeStops  []probeStop
	// interleaveEdges: instance orderings the walk made for interleaved
	// clones (interleave.go), added to the graph by buildEdges.
	interleaveEdges []actionEdge
	nodeActions     []*Action       // fencing and shutdowns (node_actions.go), in creation order
	activeOps       []activeHistory // recurring operations of active resources (maintenance.go)
	Warnings        []string
}

func (c *Cluster) warnf(format string, args ...any) {
	c.Warnings = append(c.Warnings, fmt.Sprintf(format, args...))
}

// Unpack builds the working set: options, nodes, resources and their meta
// attributes, constraints, and the state derived from the status section.
func Unpack(doc *cib.CIB) (*Cluster, error) { return unpack(doc, Options{}) }

func unpack(doc *cib.CIB, opts Options) (*Cluster, error) {
	c := &Cluster{byID: map[string]*Resource{}, nodeByName: map[string]int{}, Now: opts.now()}
	props := doc.Configuration.CRMConfig.PropertySets.Map()
	c.Symmetric = boolOpt(props, "symmetric-cluster", true)
	c.unpackPolicies(props, doc.HaveQuorum, extraAttr(doc, "no-quorum-panic"))

	if err := c.unpackNodes(doc); err != nil {
		return nil, err
	}
	if err := c.unpackResources(doc); err != nil {
		return nil, err
	}
	c.unpackStatus(doc)
	c.unpackConstraints(doc)
	return c, nil
}

func boolOpt(m map[string]string, name string, def bool) bool {
	if v, ok := m[name]; ok {
		if b, ok := cib.ParseBool(v); ok {
			return b
		}
	}
	return def
}

func (c *Cluster) unpackNodes(doc *cib.CIB) error {
	states := map[string]*cib.NodeState{}
	for i := range doc.Status.NodeStates {
		ns := &doc.Status.NodeStates[i]
		states[ns.ID] = ns
	}
	for _, cn := range doc.Configuration.Nodes.Nodes {
		if cn.Type != "" && cn.Type != "member" && cn.Type != "normal" {
			continue // remote/ping nodes: not modelled yet
		}
		if cn.Uname == "" {
			return fmt.Errorf("node %q: uname missing", cn.ID)
		}
		n := &Node{Name: cn.Uname, ID: cn.ID, Attrs: map[string]string{}, dc: cn.ID == doc.DCUUID}
		n.configAttrs = cn.InstanceAttributes.Map()
		for k, v := range n.configAttrs {
			n.Attrs[k] = v
		}
		ns := states[cn.ID]
		if ns != nil && ns.TransientAttributes != nil {
			// Pacemaker unpacks node attributes overwriting: of two
			// nvpairs with one name (crm_simulate --op-inject adds a
			// fail count beside an existing one) the last wins.
			for _, set := range ns.TransientAttributes.InstanceAttributes {
				if len(set.Rules) > 0 {
					continue
				}
				for _, p := range set.Pairs {
					n.Attrs[p.Name] = p.Value
				}
			}
		}
		c.nodeState(n, ns)
		n.Attrs["#uname"] = n.Name
		n.Attrs["#id"] = n.ID
		n.Attrs["#kind"] = "cluster"
		// Pacemaker evaluates standby only for nodes with a node_state.
		if ns != nil && isTrue(n.Attrs["standby"]) {
			n.Standby = true
		}
		c.Nodes = append(c.Nodes, n)
	}
	sort.SliceStable(c.Nodes, func(i, j int) bool { return c.Nodes[i].Name < c.Nodes[j].Name })
	for i, n := range c.Nodes {
		if _, dup := c.nodeByName[n.Name]; dup {
			return fmt.Errorf("node %q: uname %q used twice", n.ID, n.Name)
		}
		c.nodeByName[n.Name] = i
	}
	return nil
}

func (c *Cluster) nodeIndex(n *Node) int { return c.nodeByName[n.Name] }

// metaDefaults are the resource meta attributes every resource gets from
// rsc_defaults (unconditional sets only).
func (c *Cluster) unpackResources(doc *cib.CIB) error {
	var defaults map[string]string
	if doc.Configuration.RscDefaults != nil {
		defaults = doc.Configuration.RscDefaults.MetaAttributes.Map()
	}
	for _, item := range doc.Configuration.Resources.Items {
		switch {
		case item.Primitive != nil:
			r := c.newPrimitive(item.Primitive, nil, defaults)
			c.Resources = append(c.Resources, r)
		case item.Group != nil:
			g := item.Group
			gr := &Resource{ID: g.ID, Group: true}
			gr.explicitMeta = g.MetaAttributes.Map()
			gr.Meta = mergeMeta(gr.explicitMeta, nil, defaults)
			c.setCommon(gr)
			for i := range g.Primitives {
				m := c.newPrimitive(&g.Primitives[i], gr, defaults)
				gr.Children = append(gr.Children, m)
			}
			c.byID[gr.ID] = gr
			c.Resources = append(c.Resources, gr)
		case item.Clone != nil:
			if cl := c.newClone(item.Clone, defaults); cl != nil {
				c.Resources = append(c.Resources, cl)
			}
		default:
			c.warnf("resource %q: %s not supported yet; ignored", item.ID(), kindOf(item))
		}
	}
	// Stable sort by priority, highest first (placement-strategy=default).
	sort.SliceStable(c.Resources, func(i, j int) bool { return c.Resources[i].Priority > c.Resources[j].Priority })
	for _, r := range c.all() {
		r.Allowed = make([]int, len(c.Nodes))
		if !c.Symmetric {
			for i := range r.Allowed {
				r.Allowed[i] = notAllowed
			}
		}
	}
	return nil
}

// notAllowed marks a node absent from an asymmetric cluster's allowed set.
const notAllowed = -2 * score.Infinity

func kindOf(item cib.Resource) string {
	switch {
	case item.Clone != nil:
		return "clone"
	case item.Other != nil:
		return "<" + item.Other.XMLName.Local + ">"
	}
	return "this resource kind"
}

// mergeMeta applies Pacemaker's precedence: the resource's own meta
// attributes, then the parent group's explicit ones, then rsc_defaults.
func mergeMeta(own, parent, defaults map[string]string) map[string]string {
	m := map[string]string{}
	for _, src := range []map[string]string{defaults, parent, own} {
		for k, v := range src {
			m[k] = v
		}
	}
	return m
}

func (c *Cluster) newPrimitive(p *cib.Primitive, parent *Resource, defaults map[string]string) *Resource {
	r := &Resource{ID: p.ID, Parent: parent, Agent: p.Agent()}
	var parentMeta map[string]string
	if parent != nil {
		parentMeta = parent.explicitMeta
	}
	r.Meta = mergeMeta(p.MetaAttributes.Map(), parentMeta, defaults)
	if strings.EqualFold(p.Class, "stonith") {
		c.HaveStonithResource = true
		r.FenceDevice = true
	}
	r.monitors = recurringMonitors(p)
	r.monitorDigest = monitorDigests(p)
	r.onFail = opOnFail(p)
	c.setCommon(r)
	c.byID[r.ID] = r
	return r
}

func (c *Cluster) setCommon(r *Resource) {
	m := r.Meta
	r.Priority = score.Parse(m["priority"])
	if v, ok := m["resource-stickiness"]; ok && v != "default" {
		r.Stickiness = score.Parse(v)
	}
	r.MigrationThreshold = score.Infinity
	if v, ok := m["migration-threshold"]; ok {
		r.MigrationThreshold = score.Parse(v)
		if r.MigrationThreshold < 0 {
			r.MigrationThreshold = 1
		}
	}
	r.Managed = true
	if v, ok := m["is-managed"]; ok {
		if b, ok := cib.ParseBool(v); ok {
			r.Managed = b
		}
	}
	if isTrue(m["maintenance"]) || c.MaintenanceMode {
		r.Managed = false
		r.maintenance = true
	}
	r.managedConf = r.Managed
	if strings.EqualFold(m["target-role"], "Stopped") {
		r.targetStopped = true
	}
}

// all returns every resource: top-level ones and group members.
func (c *Cluster) all() []*Resource {
	var out []*Resource
	for _, r := range c.Resources {
		out = append(out, r)
		out = append(out, r.Children...)
	}
	return out
}

// primitives returns the primitives in processing order.
func (c *Cluster) primitives() []*Resource {
	var out []*Resource
	for _, r := range c.Resources {
		if r.Group || r.IsClone() {
			out = append(out, r.Children...)
		} else {
			out = append(out, r)
		}
	}
	return out
}

func atoiDefault(s string, def int) int {
	v, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return v
}

// recurringMonitors lists the intervals of a primitive's enabled recurring
// monitors for the Started role.
func recurringMonitors(p *cib.Primitive) []int64 {
	if p.Operations == nil {
		return nil
	}
	var out []int64
	for _, op := range p.Operations.Ops {
		if op.Name != "monitor" || (op.Role != "" && op.Role != "Started") {
			continue
		}
		if v, ok := cib.ParseBool(op.Enabled); ok && !v {
			continue
		}
		ms, err := cib.ParseInterval(op.Interval)
		if err != nil || ms <= 0 {
			continue
		}
		out = append(out, ms)
	}
	return out
}
