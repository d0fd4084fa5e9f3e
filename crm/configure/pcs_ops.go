package configure

import (
	"sort"
	"strconv"
	"strings"

	"github.com/gorosync/gorosync/crm/agent"
	"github.com/gorosync/gorosync/crm/cib"
)

// pcsOp is one operation being built, attributes in the order given.
type pcsOp struct {
	Name  string
	Attrs []pair // without name
}

func (o *pcsOp) get(k string) (string, bool) {
	for _, a := range o.Attrs {
		if a.Name == k {
			return a.Value, true
		}
	}
	return "", false
}

var pcsOpAttrs = map[string]bool{
	"id": true, "name": true, "interval": true, "description": true, "start-delay": true,
	"interval-origin": true, "timeout": true, "enabled": true, "record-pending": true,
	"role": true, "on-fail": true, "OCF_CHECK_LEVEL": true,
}

var onFailValues = []string{"block", "demote", "fence", "ignore", "restart", "restart-container", "standby", "stop"}

// defaultInterval is pcs's interval for an op given without one.
func defaultInterval(name string) string {
	if name == "monitor" {
		return "60s"
	}
	return "0s"
}

// checkOps validates user operations as pcs does; unknown op names are
// forceable (a warning when forced or when the agent is unknown).
func checkOps(ops []pcsOp, md *agent.Metadata, force bool, w Warner) error {
	allowed := map[string]bool{}
	if md != nil {
		for _, a := range md.Actions {
			allowed[a.Name] = true
		}
	}
	for _, op := range ops {
		for _, a := range op.Attrs {
			if !pcsOpAttrs[a.Name] {
				return errorf("invalid resource operation option '%s', allowed options are: %s", a.Name, quoteList(keys(pcsOpAttrs)))
			}
			if a.Name == "on-fail" && !contains(onFailValues, strings.ToLower(a.Value)) {
				return errorf("'%s' is not a valid on-fail value, use %s", a.Value, quoteList(onFailValues))
			}
		}
		if !allowed[op.Name] {
			if md != nil && !force {
				return forceable("'%s' is not a valid operation name value, use %s", op.Name, quoteList(keys(allowed)))
			}
			w.warn("Warning: '%s' is not a valid operation name value", op.Name)
		}
	}
	seen := map[string]string{}
	for _, op := range ops {
		iv, ok := op.get("interval")
		if !ok {
			iv = defaultInterval(op.Name)
		}
		ms, err := cib.ParseInterval(iv)
		if err != nil {
			return errorf("'%s' is not a valid interval value, use time interval (e.g. 1, 2s, 3m, 4h, ...)", iv)
		}
		key := op.Name + "/" + strconv.FormatInt(ms, 10)
		if prev, dup := seen[key]; dup {
			return errorf("multiple specification of the same operation with the same interval:\n%s with intervals %s, %s", op.Name, prev, iv)
		}
		seen[key] = iv
	}
	return nil
}

// defaultOps is what pcs adds from the agent's actions for names the
// user did not give: every action but meta-data, status and validate-all
// (plus monitor when missing); with no meta-data only monitor 60s.
func defaultOps(md *agent.Metadata, given map[string]bool) []pcsOp {
	var acts []agent.ActionSpec
	if md != nil {
		for _, a := range md.Actions {
			switch a.Name {
			case "meta-data", "status", "validate-all":
				continue
			}
			acts = append(acts, a)
		}
	}
	hasMonitor := false
	for _, a := range acts {
		if a.Name == "monitor" {
			hasMonitor = true
		}
	}
	if !hasMonitor {
		acts = append(acts, agent.ActionSpec{Name: "monitor"})
	}
	used := map[string]map[int64]bool{}
	var out []pcsOp
	for _, a := range acts {
		if given[a.Name] {
			continue
		}
		iv := a.Interval
		if iv == "" {
			iv = defaultInterval(a.Name)
		}
		// Two defaults of one name on one interval get the next free
		// second, as pcs's uniquify does.
		if ms, err := cib.ParseInterval(iv); err == nil {
			sec := ms / 1000
			if used[a.Name] == nil {
				used[a.Name] = map[int64]bool{}
			}
			if used[a.Name][sec] {
				for used[a.Name][sec] {
					sec++
				}
				iv = strconv.FormatInt(sec, 10)
			}
			used[a.Name][sec] = true
		}
		op := pcsOp{Name: a.Name, Attrs: []pair{{"interval", iv}}}
		if a.Timeout != "" {
			op.Attrs = append(op.Attrs, pair{"timeout", a.Timeout})
		}
		if a.Role != "" {
			op.Attrs = append(op.Attrs, pair{"role", a.Role})
		}
		if a.Depth != "" && a.Depth != "0" {
			op.Attrs = append(op.Attrs, pair{"OCF_CHECK_LEVEL", a.Depth})
		}
		out = append(out, op)
	}
	return out
}

// buildOp turns a pcsOp into an <op>, id <rsc>-<name>-interval-<interval>.
func buildOp(rscID string, op pcsOp, ids idSet) (cib.Op, error) {
	o := cib.Op{Name: op.Name}
	if _, ok := op.get("interval"); !ok {
		op.Attrs = append([]pair{{"interval", defaultInterval(op.Name)}}, op.Attrs...)
	}
	var level string
	for _, a := range op.Attrs {
		v := a.Value
		switch a.Name {
		case "id":
			if ids[v] {
				return o, errorf("'%s' already exists", v)
			}
			if err := checkPCSID(v, "operation id"); err != nil {
				return o, err
			}
			ids[v] = true
			o.ID = v
		case "interval":
			o.Interval = v
		case "timeout":
			o.Timeout = v
		case "on-fail":
			o.OnFail = strings.ToLower(v)
		case "role":
			o.Role = v
		case "enabled":
			o.Enabled = strings.ToLower(v)
		case "start-delay":
			o.StartDelay = v
		case "interval-origin":
			o.IntervalOrigin = v
		case "record-pending":
			o.RecordPending = strings.ToLower(v)
		case "description":
			o.Description = v
		case "OCF_CHECK_LEVEL":
			level = v
		}
	}
	if o.ID == "" {
		o.ID = ids.pcsUnique(sanitizeID(rscID + "-" + op.Name + "-interval-" + o.Interval))
	}
	if level != "" {
		set := cib.NVSet{ID: ids.pcsUnique(o.ID + "-instance_attributes")}
		set.Pairs = []cib.NVPair{{ID: ids.pcsUnique(set.ID + "-OCF_CHECK_LEVEL"), Name: "OCF_CHECK_LEVEL", Value: level}}
		o.InstanceAttributes = cib.Sets{set}
	}
	return o, nil
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// quoteList formats 'a', 'b', 'c' as pcs lists values.
func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = "'" + s + "'"
	}
	return strings.Join(q, ", ")
}
