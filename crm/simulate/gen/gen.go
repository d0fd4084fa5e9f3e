// Package gen generates random small Pacemaker clusters (a CIB with
// configuration and status) from a seed, for differential tests of gocrm's
// scheduler against Pacemaker's crm_simulate. The same seed and Features
// always give the same XML.
//
// The generator only produces what the gocrm scheduler implements; each
// Feature switch adds one kind of input, so the two can grow together.
package gen

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"

	"github.com/gorosync/gorosync/crm/cib"
)

// Features selects the kinds of input the generator may produce.
type Features struct {
	Groups     bool // groups of 2–4 primitives
	Location   bool // rsc_location with node and score
	Colocation bool // rsc_colocation between top-level resources
	Order      bool // rsc_order between top-level resources
	Stickiness bool // resource-stickiness in rsc_defaults / meta
	Standby    bool // nodes with standby=on
	Offline    bool // nodes that are down
	Running    bool // resources already running (status history)
	Failures   bool // failed monitors/starts with fail counts
	Threshold  bool // migration-threshold
	TargetRole bool // target-role=Stopped
	Priority   bool // priority meta attribute
	Unmanaged  bool // is-managed=false on some resources
	Asymmetric bool // symmetric-cluster=false (opt-in placement)
	Clones     bool // anonymous clones of primitives (clone-max, instances running)
	Interleave bool // interleave=true on clones, and extra clone-to-clone orders and colocations (clone.go)
	// Failure handling (see failures.go).
	OnFail         bool // on-fail on monitor/start/stop ops, every value
	FailureTimeout bool // failure-timeout, last-failure times, start-failure-is-fatal=false
	StopFailures   bool // failed stops
	HardErrors     bool // rc 2/5/6 results and probes that find a resource running or not installed
	// Move adds the cli-prefer/cli-ban constraints crm_resource --move and
	// --ban write, some with lifetimes ending before or after Now (move.go).
	Move bool
	// Cluster-wide policies and node states (cluster.go).
	NoQuorum    bool // have-quorum=0 with each no-quorum-policy
	Stonith     bool // stonith-enabled=true, usually with a fence device
	Maintenance bool // maintenance-mode, node maintenance, stop-all-resources
	Shutdown    bool // nodes with the transient shutdown attribute
	Unclean     bool // nodes lost or with their controller gone while expected up
	// Sets adds rsc_order and rsc_colocation constraints with
	// resource_sets (sets.go).
	Sets bool
}

// All enables every feature.
var All = Features{Groups: true, Location: true, Colocation: true, Order: true, Stickiness: true,
	Standby: true, Offline: true, Running: true, Failures: true, Threshold: true, TargetRole: true,
	Priority: true, Unmanaged: true, Asymmetric: true, Clones: true, Interleave: true,
	OnFail: true, FailureTimeout: true, StopFailures: true, HardErrors: true, Move: true,
	NoQuorum: true, Stonith: true, Maintenance: true, Shutdown: true, Unclean: true, Sets: true}

// Implemented is what gocrm's scheduler handles so far, and so what the
// differential test against crm_simulate generates. Grow it together with
// the scheduler. Maintenance joined at 16:45 (TestDifferential 502 and
// TestInjectDifferential 302 seeds compared whole: 0 differ), Interleave
// at 18:45 (TestDifferential 502 seeds whole: 0 differ).
var Implemented = Features{
	Groups: true, Location: true, Colocation: true, Order: true, Stickiness: true, Standby: true, Offline: true,
	Running: true, Failures: true, Threshold: true, TargetRole: true, Priority: true,
	Asymmetric: true, Clones: true, Interleave: true, Unmanaged: true, Move: true,
	Stonith: true, Shutdown: true, Unclean: true, NoQuorum: true, Maintenance: true, OnFail: true,
	HardErrors: true, FailureTimeout: true, StopFailures: true,
}

// Limits bound the size of a generated cluster.
type Limits struct {
	MaxNodes      int // 1..MaxNodes nodes
	MaxPrimitives int // total primitives, groups included
	// Exact makes it exactly MaxNodes nodes and MaxPrimitives primitives
	// (for benchmarks) instead of a random count up to them.
	Exact bool
}

// Default is the range: up to 4 nodes and about 30 primitives.
var Default = Limits{MaxNodes: 4, MaxPrimitives: 30}

// Bench is the scale benchmark: 16 nodes and 2,000 primitives.
var Bench = Limits{MaxNodes: 16, MaxPrimitives: 2000, Exact: true}

type prim struct {
	id, class, provider, typ string
	monitor                  int64             // ms, 0 = none
	timeout                  int64             // ms of the monitor op, 0 = default
	onFail                   map[string]string // op name -> on-fail
}

type top struct {
	id       string
	members  []*prim // one for a lone primitive
	group    bool
	clone    bool // a clone of members[0]
	cloneMax int  // 0: clone-max not set (one per node)
}

// Generate builds the CIB for seed.
func Generate(seed uint64, f Features, lim Limits) *cib.CIB {
	c, _ := GenerateUsed(seed, f, lim)
	return c
}

// XML is Generate followed by Marshal.
func XML(seed uint64, f Features, lim Limits) ([]byte, error) {
	return Generate(seed, f, lim).Marshal()
}

type generator struct {
	r      *rand.Rand
	f      Features
	nvID   int
	nodes  []string
	online []bool
	tops   []*top

	startNotFatal bool // start-failure-is-fatal=false
	// stonith: this cluster has stonith-enabled=true.
	stonith bool
	// used: the cluster.go features this seed drew (GenerateUsed).
	used Features
	// policy is the cluster.go features' own random stream, so that
	// switching them on leaves the rest of a seed's cluster unchanged.
	policy *rand.Rand
	// inter is the Interleave feature's own random stream (clone.go).
	inter *rand.Rand
	sets  *rand.Rand // resource-set constraints' own stream (sets.go)
}

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

func (g *generator) pick(options ...string) string { return options[g.r.IntN(len(options))] }

func (g *generator) id(prefix string) string {
	g.nvID++
	return fmt.Sprintf("%s-%d", prefix, g.nvID)
}

func (g *generator) nvset(prefix string, kv ...string) cib.NVSet {
	s := cib.NVSet{ID: g.id(prefix)}
	for i := 0; i+1 < len(kv); i += 2 {
		s.Pairs = append(s.Pairs, cib.NVPair{ID: g.id(prefix + "-" + kv[i]), Name: kv[i], Value: kv[i+1]})
	}
	return s
}

var scoreChoices = []string{"-INFINITY", "-100", "-10", "5", "10", "50", "100", "200", "INFINITY"}

func (g *generator) build(lim Limits) *cib.CIB {
	c := &cib.CIB{
		CRMFeatureSet: "3.16.1", ValidateWith: "pacemaker-3.9", Epoch: "1", NumUpdates: "0",
		AdminEpoch: "0", HaveQuorum: "1", DCUUID: "1",
	}
	cf := &c.Configuration
	props := []string{"stonith-enabled", "false", "no-quorum-policy", "ignore"}
	if g.f.Asymmetric && g.chance(0.2) {
		props = append(props, "symmetric-cluster", "false")
	}
	props = g.failureProps(props)
	g.policyStream(func() { props = g.clusterProps(c, props) })
	cf.CRMConfig.PropertySets = cib.Sets{g.nvset("cib-bootstrap-options", props...)}

	// Nodes: distinct numbers so names sort in interesting ways (node10 < node2).
	n := lim.MaxNodes
	if !lim.Exact {
		n = 1 + g.r.IntN(lim.MaxNodes)
	}
	nums := g.r.Perm(max(12, lim.MaxNodes))[:n]
	for i := 0; i < n; i++ {
		name := "node" + strconv.Itoa(nums[i]+1)
		node := cib.Node{ID: strconv.Itoa(i + 1), Uname: name}
		if g.f.Standby && g.chance(0.15) {
			node.InstanceAttributes = cib.Sets{g.nvset("nodes-"+node.ID, "standby", "on")}
		}
		cf.Nodes.Nodes = append(cf.Nodes.Nodes, node)
		g.nodes = append(g.nodes, name)
		g.online = append(g.online, !(g.f.Offline && g.chance(0.15)))
	}

	// Resources.
	maxPrims := lim.MaxPrimitives
	if !lim.Exact {
		maxPrims = 1 + g.r.IntN(lim.MaxPrimitives)
	}
	total := 0
	for total < maxPrims {
		i := len(g.tops) + 1
		t := &top{}
		size := 1
		if g.f.Groups && g.chance(0.3) {
			size = 2 + g.r.IntN(3)
			t.group = true
			t.id = g.pick("grp", "g", "group_") + strconv.Itoa(i)
		}
		for k := 0; k < size && total < maxPrims; k++ {
			t.members = append(t.members, g.newPrim(i, k))
			total++
		}
		if !t.group {
			t.id = t.members[0].id
			if g.f.Clones && g.chance(0.3) {
				g.makeClone(t)
			}
		}
		g.tops = append(g.tops, t)
	}
	for _, t := range g.tops {
		if t.clone {
			cf.Resources.Items = append(cf.Resources.Items, cib.Resource{Clone: g.clone(t)})
			continue
		}
		if t.group {
			grp := &cib.Group{ID: t.id}
			g.meta(&grp.MetaAttributes, t.id, true)
			for _, p := range t.members {
				grp.Primitives = append(grp.Primitives, g.primitive(p, false))
			}
			cf.Resources.Items = append(cf.Resources.Items, cib.Resource{Group: grp})
		} else {
			pr := g.primitive(t.members[0], true)
			cf.Resources.Items = append(cf.Resources.Items, cib.Resource{Primitive: &pr})
		}
	}

	g.constraints(cf)
	g.defaults(cf)
	g.status(c)
	g.moves(c)
	g.policyStream(func() {
		g.fenceDevice(cf)
		g.nodeStates(c)
	})
	return c
}

func (g *generator) newPrim(i, k int) *prim {
	p := &prim{}
	switch g.r.IntN(3) {
	case 0:
		p.class, p.provider, p.typ = "ocf", "heartbeat", "Dummy"
	case 1:
		p.class, p.provider, p.typ = "ocf", "pacemaker", "Dummy"
	default:
		p.class, p.typ = "systemd", g.pick("haproxy", "memcached", "nginx")
	}
	base := g.pick("rsc", "vip", "db", "r", "web_server", "x")
	if k == 0 {
		p.id = fmt.Sprintf("%s%d", base, i)
	} else {
		p.id = fmt.Sprintf("%s%d_%d", base, i, k)
	}
	if g.chance(0.6) {
		p.monitor = []int64{5000, 10000, 30000}[g.r.IntN(3)]
		if g.chance(0.3) {
			p.timeout = 30000
		}
	}
	g.onFail(p)
	return p
}

func (g *generator) primitive(p *prim, lone bool) cib.Primitive {
	pr := cib.Primitive{ID: p.id, Class: p.class, Provider: p.provider, Type: p.typ}
	if p.monitor > 0 {
		op := cib.Op{ID: p.id + "-monitor-interval-" + strconv.FormatInt(p.monitor/1000, 10) + "s",
			Name: "monitor", Interval: strconv.FormatInt(p.monitor/1000, 10) + "s"}
		if p.timeout > 0 {
			op.Timeout = strconv.FormatInt(p.timeout/1000, 10) + "s"
		}
		op.OnFail = p.onFail["monitor"]
		pr.Operations = &cib.Operations{Ops: []cib.Op{op}}
	}
	g.failOps(&pr, p)
	g.meta(&pr.MetaAttributes, p.id, lone)
	return pr
}

// meta adds a random meta_attributes set to a resource (lone primitive or
// group; members get fewer).
func (g *generator) meta(sets *cib.Sets, owner string, topLevel bool) {
	var kv []string
	if g.f.TargetRole && topLevel && g.chance(0.05) {
		kv = append(kv, "target-role", "Stopped")
	}
	if g.f.Stickiness && g.chance(0.1) {
		kv = append(kv, "resource-stickiness", g.pick("0", "50", "100", "INFINITY"))
	}
	if g.f.Threshold && g.chance(0.1) {
		kv = append(kv, "migration-threshold", g.pick("1", "2", "3"))
	}
	if g.f.Unmanaged && g.chance(0.04) {
		kv = append(kv, "is-managed", "false")
	}
	kv = g.failureMeta(kv)
	if g.f.Priority && topLevel && g.chance(0.1) {
		kv = append(kv, "priority", g.pick("1", "2", "5"))
	}
	if len(kv) > 0 {
		*sets = append(*sets, g.nvset(owner+"-meta_attributes", kv...))
	}
}

func (g *generator) defaults(cf *cib.Configuration) {
	var kv []string
	if g.f.Stickiness && g.chance(0.6) {
		kv = append(kv, "resource-stickiness", g.pick("0", "1", "100", "INFINITY"))
	}
	if g.f.Threshold && g.chance(0.5) {
		kv = append(kv, "migration-threshold", g.pick("1", "2", "3"))
	}
	if len(kv) > 0 {
		cf.RscDefaults = &cib.Defaults{MetaAttributes: cib.Sets{g.nvset("rsc-options", kv...)}}
	}
}

// allIDs lists every resource id that constraints may name.
func (g *generator) allIDs(membersToo bool) []string {
	var ids []string
	for _, t := range g.tops {
		ids = append(ids, t.id)
		if t.group && membersToo {
			for _, p := range t.members {
				ids = append(ids, p.id)
			}
		}
	}
	return ids
}

func (g *generator) constraints(cf *cib.Configuration) {
	if g.f.Location {
		ids := g.allIDs(true)
		for i, n := 0, g.r.IntN(len(ids)+1); i < n; i++ {
			rsc := ids[g.r.IntN(len(ids))]
			node := g.nodes[g.r.IntN(len(g.nodes))]
			sc := scoreChoices[g.r.IntN(len(scoreChoices))]
			cf.Constraints.Items = append(cf.Constraints.Items, cib.Constraint{Location: &cib.Location{
				ID: fmt.Sprintf("loc-%s-%s-%d", rsc, node, i), Rsc: rsc, Node: node, Score: sc}})
		}
	}
	tops := g.allIDs(false)
	if g.f.Colocation && len(tops) > 1 {
		// Only "later with earlier" so colocation chains have no loops.
		for i, n := 0, g.r.IntN(len(tops)/2+1); i < n; i++ {
			a, b := g.r.IntN(len(tops)), g.r.IntN(len(tops))
			if a == b {
				continue
			}
			if a < b {
				a, b = b, a
			}
			cf.Constraints.Items = append(cf.Constraints.Items, cib.Constraint{Colocation: &cib.Colocation{
				ID: fmt.Sprintf("col-%s-%s", tops[a], tops[b]), Rsc: tops[a], WithRsc: tops[b],
				Score: g.pick("INFINITY", "INFINITY", "-INFINITY", "100")}})
		}
	}
	if g.f.Order && len(tops) > 1 {
		for i, n := 0, g.r.IntN(len(tops)/2+1); i < n; i++ {
			a, b := g.r.IntN(len(tops)), g.r.IntN(len(tops))
			if a == b {
				continue
			}
			if a > b {
				a, b = b, a
			}
			o := &cib.Order{ID: fmt.Sprintf("ord-%s-%s", tops[a], tops[b]), First: tops[a], Then: tops[b]}
			if g.chance(0.3) {
				o.Kind = "Optional"
			}
			if g.chance(0.2) {
				o.Symmetrical = "false"
			}
			cf.Constraints.Items = append(cf.Constraints.Items, cib.Constraint{Order: o})
		}
	}
	g.cloneConstraints(cf)
	if g.f.Sets && len(tops) > 1 {
		saved := g.r
		g.r = g.sets
		g.setConstraints(cf, tops)
		g.r = saved
	}
	// Drop duplicate ids (the same pair chosen twice).
	seen := map[string]bool{}
	kept := cf.Constraints.Items[:0]
	for _, c := range cf.Constraints.Items {
		if !seen[c.ID()] {
			seen[c.ID()] = true
			kept = append(kept, c)
		}
	}
	cf.Constraints.Items = kept
}

// Digest is Pacemaker's op-digest for an operation of a resource without
// instance attributes: the MD5 of the sorted parameter XML (only
// CRM_meta_timeout for recurring operations), as the controller records it.
func Digest(params map[string]string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := " <parameters"
	for _, k := range keys {
		s += " " + k + "=\"" + params[k] + "\""
	}
	s += "/>\n"
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

type history struct {
	rsc   *cib.LRMResource
	calls *int
	node  string
}

func (h *history) op(key, task string, interval int64, rc, expect int, digest string) cib.LRMRscOp {
	*h.calls++
	return cib.LRMRscOp{
		ID: key, OperationKey: "", Operation: task, CRMFeatureSet: "3.16.1",
		TransitionKey:   fmt.Sprintf("%d:1:%d:00000000-0000-0000-0000-000000000001", *h.calls, expect),
		TransitionMagic: fmt.Sprintf("0:%d;%d:1:%d:00000000-0000-0000-0000-000000000001", rc, *h.calls, expect),
		OnNode:          h.node, CallID: strconv.Itoa(*h.calls), RCCode: strconv.Itoa(rc), OpStatus: "0",
		Interval: strconv.FormatInt(interval, 10), LastRCChange: "1700000000", ExecTime: "0", QueueTime: "0",
		OpDigest: digest,
	}
}

func (g *generator) status(c *cib.CIB) {
	startDigest := Digest(nil)
	calls := make([]int, len(g.nodes))
	lrm := make([][]cib.LRMResource, len(g.nodes))
	fails := make([][]cib.NVPair, len(g.nodes))
	onlineIdx := []int{}
	for i, on := range g.online {
		if on {
			onlineIdx = append(onlineIdx, i)
		}
	}
	for _, t := range g.tops {
		// Where the resource (or the whole group) runs, if anywhere.
		where := -1
		if g.f.Running && len(onlineIdx) > 0 && g.chance(0.5) {
			where = onlineIdx[g.r.IntN(len(onlineIdx))]
		}
		runOn := g.cloneNodes(t, onlineIdx)
		if t.clone {
			where = -1
		}
		for mi, p := range t.members {
			here := where
			if t.group && where >= 0 && mi > 0 && g.chance(0.1) {
				here = -1 // a group partially running
			}
			for ni := range g.nodes {
				if !g.online[ni] {
					continue
				}
				h := &history{rsc: &cib.LRMResource{ID: p.id, Class: p.class, Provider: p.provider, Type: p.typ},
					calls: &calls[ni], node: g.nodes[ni]}
				switch {
				case ni == here || runOn[ni]:
					g.running(h, p, &fails[ni], startDigest)
				case g.chance(0.6):
					rc := g.probeRC()
					op := h.op(p.id+"_last_0", "monitor", 0, rc, 7, startDigest)
					op.OperationKey = p.id + "_monitor_0"
					h.rsc.Ops = append(h.rsc.Ops, op)
					if rc != 7 && rc != 0 {
						fail := op
						fail.ID = p.id + "_last_failure_0"
						when := g.stamp(&h.rsc.Ops[len(h.rsc.Ops)-1], &fail)
						h.rsc.Ops = append(h.rsc.Ops, fail)
						if rc != 5 { // the controller counts no probe that found it not installed
							addFail(&fails[ni], g.nodes[ni], p.id, "monitor_0", "1", when)
						}
					}
				default:
					continue
				}
				lrm[ni] = append(lrm[ni], *h.rsc)
			}
		}
	}
	for i, name := range g.nodes {
		id := strconv.Itoa(i + 1)
		if !g.online[i] {
			if g.chance(0.5) {
				c.Status.NodeStates = append(c.Status.NodeStates, cib.NodeState{ID: id, Uname: name,
					InCCM: "false", Crmd: "offline", Join: "down", Expected: "down"})
			}
			continue
		}
		ns := cib.NodeState{ID: id, Uname: name, InCCM: "true", Crmd: "online", Join: "member", Expected: "member"}
		ns.LRM = &cib.LRM{ID: id, Resources: cib.LRMResources{Resources: lrm[i]}}
		if len(fails[i]) > 0 {
			ns.TransientAttributes = &cib.TransientAttributes{ID: id, InstanceAttributes: cib.Sets{
				{ID: "status-" + id, Pairs: fails[i]}}}
		}
		c.Status.NodeStates = append(c.Status.NodeStates, ns)
	}
}

// running writes the history of a resource started on h.node, possibly
// with a failure.
func (g *generator) running(h *history, p *prim, fails *[]cib.NVPair, startDigest string) {
	if g.failedStop(h, p, fails, startDigest) {
		return
	}
	failStart := g.f.Failures && g.chance(0.05)
	if failStart {
		op := h.op(p.id+"_last_0", "start", 0, g.failRC(1), 0, startDigest)
		op.OperationKey = p.id + "_start_0"
		fail := op
		fail.ID = p.id + "_last_failure_0"
		when := g.stamp(&op, &fail)
		h.rsc.Ops = append(h.rsc.Ops, op, fail)
		addFail(fails, h.node, p.id, "start_0", g.startFailCount(), when)
		return
	}
	op := h.op(p.id+"_last_0", "start", 0, 0, 0, startDigest)
	op.OperationKey = p.id + "_start_0"
	h.rsc.Ops = append(h.rsc.Ops, op)
	if p.monitor == 0 {
		return
	}
	timeout := p.timeout
	if timeout == 0 {
		timeout = 20000
	}
	key := fmt.Sprintf("%s_monitor_%d", p.id, p.monitor)
	digest := Digest(map[string]string{"CRM_meta_timeout": strconv.FormatInt(timeout, 10)})
	if g.f.Failures && g.chance(0.12) {
		mon := h.op(key, "monitor", p.monitor, g.failRC(7), 0, digest)
		mon.OperationKey = key
		fail := mon
		fail.ID = p.id + "_last_failure_0"
		when := g.stamp(&mon, &fail)
		h.rsc.Ops = append(h.rsc.Ops, mon, fail)
		addFail(fails, h.node, p.id, fmt.Sprintf("monitor_%d", p.monitor), g.pick("1", "1", "2", "3"), when)
		return
	}
	mon := h.op(key, "monitor", p.monitor, 0, 0, digest)
	mon.OperationKey = key
	h.rsc.Ops = append(h.rsc.Ops, mon)
}

func failCount(node, rsc, op, value string) cib.NVPair {
	return cib.NVPair{ID: "status-" + node + "-fail-count-" + rsc + "." + op,
		Name: "fail-count-" + rsc + "#" + op, Value: value}
}
