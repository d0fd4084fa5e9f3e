package status

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/scheduler"
	"github.com/gorosync/gorosync/crm/score"
	"github.com/gorosync/gorosync/crm/simulate"
)

// XMLOptions select what XML prints.
type XMLOptions struct {
	// Request is echoed in <pacemaker-result request=...>; crm_mon puts
	// its command line there. Empty means "crm_mon -1 --output-as=xml".
	Request string
	// Now is the last_update time; zero means time.Now().
	Now time.Time
}

// apiVersion is the crm_mon XML API version Pacemaker 2.1.5 reports.
const apiVersion = "2.25"

// xw writes crm_mon's two-space indented XML, one element a line.
type xw struct {
	b     strings.Builder
	depth int
}

// attrs renders name/value pairs; values are escaped as libxml2 does.
func attrs(kv ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(kv); i += 2 {
		b.WriteString(" " + kv[i] + `="` + escape(kv[i+1]) + `"`)
	}
	return b.String()
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func escape(s string) string { return escaper.Replace(s) }

func (w *xw) empty(name string, kv ...string) {
	w.b.WriteString(strings.Repeat("  ", w.depth) + "<" + name + attrs(kv...) + "/>\n")
}

func (w *xw) open(name string, kv ...string) {
	w.b.WriteString(strings.Repeat("  ", w.depth) + "<" + name + attrs(kv...) + ">\n")
	w.depth++
}

func (w *xw) close(name string) {
	w.depth--
	w.b.WriteString(strings.Repeat("  ", w.depth) + "</" + name + ">\n")
}

// section writes <name> around what body writes, or <name/> when body
// writes nothing, as libxml2 serialises an element without children.
func (w *xw) section(name string, body func(*xw)) {
	inner := &xw{depth: w.depth + 1}
	body(inner)
	if inner.b.Len() == 0 {
		w.empty(name)
		return
	}
	w.open(name)
	w.b.WriteString(inner.b.String())
	w.close(name)
}

func tf(b bool) string { return strconv.FormatBool(b) }

// XML renders `crm_mon -1 --output-as=xml` for doc.
func XML(doc *cib.CIB, opts XMLOptions) (string, error) {
	v, err := newView(doc)
	if err != nil {
		return "", err
	}
	if opts.Request == "" {
		opts.Request = "crm_mon -1 --output-as=xml"
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	w := &xw{}
	w.open("pacemaker-result", "api-version", apiVersion, "request", opts.Request)
	v.xmlSummary(w, opts.Now)
	v.xmlNodes(w)
	w.section("resources", v.xmlResources)
	v.xmlNodeAttributes(w)
	if v.anyOnline() {
		// crm_mon opens the history list at the first online node.
		w.section("node_history", v.xmlHistory)
	}
	v.xmlFailures(w)
	v.xmlBans(w)
	w.empty("status", "code", "0", "message", "OK")
	w.close("pacemaker-result")
	return w.b.String(), nil
}

func (v *view) prop(name, def string) string {
	if s, ok := v.props[name]; ok {
		return s
	}
	return def
}

func (v *view) boolProp(name string, def bool) string {
	if b, ok := cib.ParseBool(v.props[name]); ok {
		return tf(b)
	}
	return tf(def)
}

func (v *view) xmlSummary(w *xw, now time.Time) {
	w.open("summary")
	w.empty("stack", "type", v.stack())
	if dc := v.dc(); dc != nil {
		w.empty("current_dc", "present", "true", "version", v.props["dc-version"], "name", dc.Name,
			"id", dc.ID, "with_quorum", tf(v.c.HaveQuorum), "mixed_version", "false")
	} else {
		w.empty("current_dc", "present", "false")
	}
	w.empty("last_update", "time", now.Format(ctimeLayout))
	w.empty("last_change", "time", v.doc.LastWritten, "user", v.doc.UpdateUser,
		"client", v.doc.UpdateClient, "origin", v.doc.UpdateOrigin)
	w.empty("nodes_configured", "number", strconv.Itoa(len(v.doc.Configuration.Nodes.Nodes)))
	total, disabled, blocked := v.instances()
	w.empty("resources_configured", "number", strconv.Itoa(total), "disabled", strconv.Itoa(disabled),
		"blocked", strconv.Itoa(blocked))
	w.empty("cluster_options",
		"stonith-enabled", tf(v.c.StonithEnabled),
		"symmetric-cluster", tf(v.c.Symmetric),
		"no-quorum-policy", v.c.NoQuorumPolicy,
		"maintenance-mode", v.boolProp("maintenance-mode", false),
		"stop-all-resources", v.boolProp("stop-all-resources", false),
		"stonith-timeout-ms", strconv.FormatInt(msOf(v.prop("stonith-timeout", "60s")), 10),
		"priority-fencing-delay-ms", strconv.FormatInt(msOf(v.prop("priority-fencing-delay", "0")), 10))
	w.close("summary")
}

// msOf reads a Pacemaker duration ("60s", "2min", "500ms", bare seconds).
func msOf(s string) int64 {
	s = strings.TrimSpace(s)
	units := []struct {
		suffix string
		ms     int64
	}{{"ms", 1}, {"msec", 1}, {"min", 60000}, {"m", 60000}, {"hr", 3600000}, {"h", 3600000}, {"s", 1000}, {"sec", 1000}}
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), 10, 64)
			if err == nil {
				return n * u.ms
			}
		}
	}
	n, _ := strconv.ParseInt(s, 10, 64)
	return n * 1000
}

func (v *view) stateOf(id string) *cib.NodeState {
	for i := range v.doc.Status.NodeStates {
		if v.doc.Status.NodeStates[i].ID == id {
			return &v.doc.Status.NodeStates[i]
		}
	}
	return nil
}

func (v *view) xmlNodes(w *xw) {
	w.open("nodes")
	dc := v.dc()
	for _, n := range v.nodes {
		kv := []string{"name", n.Name, "id", n.ID, "online", tf(n.Online), "standby", tf(n.Standby),
			"standby_onfail", tf(n.StandbyOnFail), "maintenance", tf(n.Maintenance), "pending", tf(n.Pending), "unclean", tf(n.Unclean),
			"health", "green"}
		ns := v.stateOf(n.ID)
		if n.Online {
			fs := n.Attrs["#feature-set"]
			if fs == "" {
				fs = "<3.15.1" // what Pacemaker assumes when the node recorded none
			}
			kv = append(kv, "feature_set", fs)
		}
		// Pacemaker does not expect a node that asked to shut down.
		expected := ns != nil && ns.Expected == "member" && !n.Shutdown
		kv = append(kv, "shutdown", tf(n.Shutdown), "expected_up", tf(expected), "is_dc", tf(n == dc),
			"resources_running", strconv.Itoa(v.runningOn(n)), "type", "member")
		w.empty("node", kv...)
	}
	w.close("nodes")
}

func (v *view) xmlResources(w *xw) {
	for _, r := range v.resources {
		if simulate.Hidden(r) {
			continue
		}
		if r.IsClone() {
			v.xmlClone(w, r)
			continue
		}
		if !r.Group {
			v.xmlPrimitive(w, r)
			continue
		}
		w.open("group", "id", r.ID, "number_resources", strconv.Itoa(len(r.Children)),
			"managed", tf(r.Managed), "disabled", tf(r.Disabled()))
		for _, m := range r.Children {
			v.xmlPrimitive(w, m)
		}
		w.close("group")
	}
}

func (v *view) xmlPrimitive(w *xw, r *scheduler.Resource) {
	role := "Stopped"
	if len(r.RunningOn) > 0 {
		role = "Started"
	}
	id := r.ID
	if r.IsInstance() {
		id = r.Parent.Clone.ChildID // anonymous instances print as the primitive
	}
	kv := []string{"id", id, "resource_agent", r.Agent, "role", role}
	if tr, ok := r.Meta["target-role"]; ok {
		kv = append(kv, "target_role", tr)
	}
	kv = append(kv, "active", tf(len(r.RunningOn) > 0), "orphaned", tf(r.Orphan), "blocked", tf(r.Blocked),
		"managed", tf(r.Managed), "failed", tf(r.Failed), "failure_ignored", tf(r.FailureIgnored),
		"nodes_running_on", strconv.Itoa(len(r.RunningOn)))
	if len(r.RunningOn) == 0 {
		w.empty("resource", kv...)
		return
	}
	w.open("resource", kv...)
	for _, n := range r.RunningOn {
		// crm_mon calls what an offline (unclean) node last reported not cached.
		w.empty("node", "name", n.Name, "id", n.ID, "cached", tf(n.Online))
	}
	w.close("resource")
}

func (v *view) anyOnline() bool {
	for _, n := range v.c.Nodes {
		if n.Online {
			return true
		}
	}
	return false
}

func (v *view) xmlHistory(w *xw) {
	byName := map[string]*scheduler.Node{}
	for _, n := range v.c.Nodes {
		byName[n.ID] = n
	}
	for _, ns := range v.doc.Status.NodeStates {
		n := byName[ns.ID]
		if n == nil || !n.Online || ns.LRM == nil {
			continue
		}
		opened := false
		for _, lr := range ns.LRM.Resources.Resources {
			// An anonymous clone's history names the primitive, which
			// stands for all its instances (they share fail counts).
			r := v.c.HistoryResource(lr.ID)
			if r == nil {
				continue
			}
			id := lr.ID
			if cl := v.c.CloneOf(lr.ID); cl != nil {
				id = cl.Clone.ChildID // "rsc:1" prints as rsc
			}
			ops := shownOps(lr.Ops)
			if len(ops) == 0 {
				continue
			}
			if !opened {
				w.open("node", "name", n.Name)
				opened = true
			}
			kv := []string{"id", id, "orphan", "false", "migration-threshold", strconv.Itoa(r.MigrationThreshold)}
			count, last := v.c.FailCount(r, n)
			if count > 0 {
				kv = append(kv, "fail-count", strconv.Itoa(count))
			}
			if last > 0 {
				kv = append(kv, "last-failure", time.Unix(last, 0).Format(ctimeLayout))
			}
			w.open("resource_history", kv...)
			for _, op := range ops {
				rc := atoi(op.RCCode, 0)
				okv := []string{"call", op.CallID, "task", op.Operation, "rc", strconv.Itoa(rc), "rc_text", scheduler.OCFExitText(rc)}
				if iv := atoi(op.Interval, 0); iv > 0 {
					okv = append(okv, "interval", op.Interval+"ms")
				} else if op.Operation == "monitor" {
					okv[3] = "probe"
				}
				if op.LastRCChange != "" {
					okv = append(okv, "last-rc-change", epochText(op.LastRCChange))
				}
				okv = append(okv, "exec-time", strconv.Itoa(atoi(op.ExecTime, 0))+"ms",
					"queue-time", strconv.Itoa(atoi(op.QueueTime, 0))+"ms")
				w.empty("operation_history", okv...)
			}
			w.close("resource_history")
		}
		if opened {
			w.close("node")
		}
	}
}

// shownOps are the operations crm_mon lists in a resource's history: by
// call id, without probes that found the resource stopped or pending ops.
func shownOps(ops []cib.LRMRscOp) []cib.LRMRscOp {
	var out []cib.LRMRscOp
	for _, op := range ops {
		probe := op.Operation == "monitor" && atoi(op.Interval, 0) == 0
		if probe && atoi(op.RCCode, 0) == 7 {
			continue
		}
		if atoi(op.OpStatus, 0) == -1 {
			continue
		}
		out = append(out, op)
	}
	sort.SliceStable(out, func(i, j int) bool { return atoi(out[i].CallID, -1) < atoi(out[j].CallID, -1) })
	return out
}

func (v *view) xmlFailures(w *xw) {
	if len(v.failures) == 0 {
		return
	}
	w.open("failures")
	for _, f := range v.failures {
		rc, st := atoi(f.Op.RCCode, 0), atoi(f.Op.OpStatus, 0)
		keyName := "op_key"
		if f.Op.OperationKey == "" {
			keyName = "id"
		}
		kv := []string{keyName, f.Key(), "node", f.Node.Name, "exitstatus", scheduler.OCFExitText(rc),
			"exitreason", exitReasonXML(f.Op), "exitcode", strconv.Itoa(rc), "call", f.Op.CallID,
			"status", scheduler.ExecStatusText(st)}
		// The timing attributes come only with a last-rc-change.
		if sec, err := strconv.ParseInt(f.Op.LastRCChange, 10, 64); err == nil && sec > 0 {
			kv = append(kv, "last-rc-change", time.Unix(sec, 0).UTC().Format("2006-01-02 15:04:05Z"))
			kv = appendSet(kv, "queued", f.Op.QueueTime, "exec", f.Op.ExecTime)
			kv = append(kv, "interval", strconv.Itoa(atoi(f.Op.Interval, 0)))
			kv = appendSet(kv, "task", f.Op.Operation)
		}
		w.empty("failure", kv...)
	}
	w.close("failures")
}

// appendSet appends the name/value pairs whose value is set (libxml2
// attributes set from a missing value are not written).
func appendSet(kv []string, pairs ...string) []string {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			kv = append(kv, pairs[i], pairs[i+1])
		}
	}
	return kv
}

// xmlBans lists node-based locations with negative scores, latest first
// (crm_mon prints Pacemaker's prepended constraint list).
func (v *view) xmlBans(w *xw) {
	var bans [][]string
	for _, c := range v.doc.Configuration.Constraints.Items {
		l := c.Location
		if l == nil || l.Node == "" || l.Rsc == "" {
			continue
		}
		s := score.Parse(l.Score)
		if s >= 0 {
			continue
		}
		promoted := tf(l.Role == "Promoted" || l.Role == "Master")
		bans = append(bans, []string{"id", l.ID, "resource", l.Rsc, "node", l.Node,
			"weight", strconv.Itoa(s), "promoted-only", promoted, "master_only", promoted})
	}
	if len(bans) == 0 {
		return
	}
	w.open("bans")
	for i := len(bans) - 1; i >= 0; i-- {
		w.empty("ban", bans[i]...)
	}
	w.close("bans")
}

// xmlClone writes a clone and every instance (stopped and orphaned ones
// too), in instance order.
func (v *view) xmlClone(w *xw, r *scheduler.Resource) {
	kv := []string{"id", r.ID, "multi_state", "false", "unique", "false", "managed", tf(r.Managed),
		"disabled", tf(r.CloneDisabled()), "failed", "false", "failure_ignored", "false"}
	if tr, ok := r.Meta["target-role"]; ok {
		kv = append(kv, "target_role", tr)
	} else if len(r.Children) > 0 {
		if tr, ok := r.Children[0].Meta["target-role"]; ok {
			kv = append(kv, "target_role", tr)
		}
	}
	w.open("clone", kv...)
	for _, inst := range r.Children {
		v.xmlPrimitive(w, inst)
	}
	w.close("clone")
}

// exitReasonXML is crm_mon's exitreason attribute: "none" only when the
// history entry has no exit-reason at all.
func exitReasonXML(op cib.LRMRscOp) string {
	if op.ExitReason == nil {
		return "none"
	}
	return *op.ExitReason
}
