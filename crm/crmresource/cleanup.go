package crmresource

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/scheduler"
)

// CleanupOptions are crm_resource --cleanup / --refresh's arguments.
type CleanupOptions struct {
	Resource  string // -r; "" = every resource
	Node      string // -N; "" = every node
	Operation string // -n: only this operation's failures
	Interval  string // -I: with Operation, its interval (default 0)
	Force     bool   // --force: clean a group member alone, not its group
	Refresh   bool   // --refresh: erase the history whether or not it failed
}

// Cleanup is crm_resource --cleanup (or --refresh) applied to the file:
// remove the fail-count-* and last-failure-* transient attributes of the
// resources on the nodes, and erase their operation history where it
// holds a failure (with Refresh: always), so the scheduler forgets the
// failures and re-probes. A group member is widened to its group unless
// Force.
func Cleanup(doc *cib.CIB, o CleanupOptions) (Result, error) {
	var info rscInfo
	if o.Resource != "" {
		var ok bool
		if info, ok = findResource(doc, o.Resource); !ok {
			return Result{}, errNoResource(o.Resource)
		}
		if !o.Force && info.top != info.id {
			info, _ = findResource(doc, info.top)
		}
	}
	node := ""
	if o.Node != "" {
		var ok bool
		if node, ok = findNode(doc, o.Node); !ok {
			return Result{}, errNoNode(o.Node)
		}
	}
	filter := opFilter{}
	if o.Operation != "" {
		spec := o.Interval
		if spec == "" {
			spec = "0"
		}
		ms, err := cib.ParseInterval(spec)
		if err != nil {
			return Result{}, fail(ExitUsage, "crm_resource: Invalid interval specified: "+o.Interval)
		}
		filter = opFilter{op: o.Operation, ms: strconv.FormatInt(ms, 10)}
	}
	online, err := onlineNodes(doc)
	if err != nil {
		return Result{}, err
	}
	st := newStatusEdit(doc)
	var out []string
	if o.Resource == "" {
		targets := nodeNames(doc)
		if node != "" {
			targets = []string{node}
		}
		for _, n := range targets {
			st.clearAttrs(n, "", filter)
			for _, rsc := range st.resourcesOn(n) {
				if o.Refresh || st.failedOn(rsc, n, filter) {
					st.eraseHistory(rsc, n)
				}
			}
		}
		if !o.Refresh {
			where := "all nodes"
			if node != "" {
				where = node
			}
			out = append(out, "Cleaned up all resources on "+where)
		}
		return st.finish(doc, out), nil
	}
	for _, p := range info.primitives {
		targets := []string{node}
		if node == "" {
			targets = st.knownOn(p)
			if len(targets) == 0 {
				targets = nodeNames(doc)
			}
			targets = onlyOnline(targets, online)
		}
		for _, n := range targets {
			st.clearAttrs(n, p, filter)
			if o.Refresh || st.failedOn(p, n, filter) {
				st.eraseHistory(p, n)
			}
			out = append(out, "Cleaned up "+p+" on "+n)
		}
	}
	return st.finish(doc, out), nil
}

type opFilter struct{ op, ms string }

func onlineNodes(doc *cib.CIB) (map[string]bool, error) {
	c, err := scheduler.Unpack(doc)
	if err != nil {
		return nil, err
	}
	m := map[string]bool{}
	for _, n := range c.Nodes {
		m[n.Name] = n.Online
	}
	return m, nil
}

func onlyOnline(nodes []string, online map[string]bool) []string {
	var out []string
	for _, n := range nodes {
		if online[n] {
			out = append(out, n)
		}
	}
	return out
}

// statusEdit is a copy-on-write view of the status section.
type statusEdit struct {
	states  []cib.NodeState
	updates int
}

func newStatusEdit(doc *cib.CIB) *statusEdit {
	return &statusEdit{states: append([]cib.NodeState(nil), doc.Status.NodeStates...)}
}

// finish commits; status updates count in num_updates, not the epoch.
func (s *statusEdit) finish(doc *cib.CIB, out []string) Result {
	doc.Status.NodeStates = s.states
	if s.updates > 0 {
		n, _ := strconv.Atoi(doc.NumUpdates)
		doc.NumUpdates = strconv.Itoa(n + s.updates)
	}
	return Result{Out: out, Updates: s.updates}
}

func (s *statusEdit) state(node string) *cib.NodeState {
	for i := range s.states {
		if s.states[i].Uname == node {
			return &s.states[i]
		}
	}
	return nil
}

// knownOn lists the nodes with history for the resource, in status order.
func (s *statusEdit) knownOn(rsc string) []string {
	var out []string
	for _, ns := range s.states {
		if ns.LRM == nil {
			continue
		}
		for _, lr := range ns.LRM.Resources.Resources {
			if lr.ID == rsc && len(lr.Ops) > 0 {
				out = append(out, ns.Uname)
				break
			}
		}
	}
	return out
}

func (s *statusEdit) resourcesOn(node string) []string {
	ns := s.state(node)
	if ns == nil || ns.LRM == nil {
		return nil
	}
	var out []string
	for _, lr := range ns.LRM.Resources.Resources {
		out = append(out, lr.ID)
	}
	return out
}

// failedOn reports whether the resource's history on the node records a
// failed operation (matching the filter).
func (s *statusEdit) failedOn(rsc, node string, f opFilter) bool {
	ns := s.state(node)
	if ns == nil || ns.LRM == nil {
		return false
	}
	for _, lr := range ns.LRM.Resources.Resources {
		if lr.ID != rsc {
			continue
		}
		for _, op := range lr.Ops {
			if f.op != "" && (!strings.EqualFold(op.Operation, f.op) || op.Interval != f.ms) {
				continue
			}
			if opFailed(op) {
				return true
			}
		}
	}
	return false
}

// opFailed: an operation that did not end as the transition expected
// (probes finding the resource running or stopped are fine), or that the
// executor reports as failed (timeout, error, not installed, ...).
func opFailed(op cib.LRMRscOp) bool {
	status, err := strconv.Atoi(op.OpStatus)
	if err != nil {
		return false
	}
	switch status {
	case -1, 1: // pending, cancelled
		return false
	case 0:
	default:
		return true
	}
	rc, err := strconv.Atoi(op.RCCode)
	if err != nil {
		return false
	}
	expected := 0
	if op.Operation == "monitor" && op.Interval == "0" {
		expected = 7
	}
	if parts := strings.Split(op.TransitionKey, ":"); len(parts) == 4 {
		if v, err := strconv.Atoi(parts[2]); err == nil {
			expected = v
		}
	}
	if op.Operation == "monitor" && op.Interval == "0" && (rc == 0 || rc == 7 || rc == 8) {
		return false
	}
	return rc != expected
}

// eraseHistory removes the resource's lrm_resource from the node (the
// controller's lrm_delete).
func (s *statusEdit) eraseHistory(rsc, node string) {
	for i := range s.states {
		ns := &s.states[i]
		if ns.Uname != node || ns.LRM == nil {
			continue
		}
		var kept []cib.LRMResource
		for _, lr := range ns.LRM.Resources.Resources {
			if lr.ID != rsc {
				kept = append(kept, lr)
			}
		}
		if len(kept) == len(ns.LRM.Resources.Resources) {
			return
		}
		lrm := *ns.LRM
		lrm.Resources.Resources = kept
		ns.LRM = &lrm
		s.updates++
		return
	}
}

// clearAttrs removes fail-count-* and last-failure-* transient attributes
// of rsc ("" = every resource) on the node, as attrd's clear-failure
// request does.
func (s *statusEdit) clearAttrs(node, rsc string, f opFilter) {
	rscPat := ".+"
	if rsc != "" {
		rscPat = regexp.QuoteMeta(rsc)
	}
	opPat := ".+_[0-9]+"
	if f.op != "" {
		opPat = regexp.QuoteMeta(f.op) + "_" + f.ms
	}
	re := regexp.MustCompile("^(fail-count|last-failure)-" + rscPat + "#" + opPat + "$")
	for i := range s.states {
		ns := &s.states[i]
		if ns.Uname != node || ns.TransientAttributes == nil {
			continue
		}
		ta := *ns.TransientAttributes
		ta.InstanceAttributes = append(cib.Sets(nil), ta.InstanceAttributes...)
		changed := false
		for j, set := range ta.InstanceAttributes {
			var kept []cib.NVPair
			for _, p := range set.Pairs {
				if re.MatchString(p.Name) {
					changed = true
					continue
				}
				kept = append(kept, p)
			}
			set.Pairs = kept
			ta.InstanceAttributes[j] = set
		}
		if changed {
			ns.TransientAttributes = &ta
			s.updates++
		}
	}
}
