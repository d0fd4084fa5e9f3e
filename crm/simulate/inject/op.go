package inject

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/score"
)

// Values crm_simulate writes into injected history entries.
const (
	featureSet   = "3.16.1"
	fakeTEID     = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" // FAKE_TE_ID
	simulatedErr = "Simulated action result"
)

// opInject is crm_simulate's inject_action: a fail count and last-failure
// for a failure, then the result in the resource's history on the node.
func (e *editor) opInject(text string) error {
	spec, err := ParseOpSpec(text)
	if err != nil {
		return err
	}
	if spec.Resource == "" {
		return fmt.Errorf("Invalid resource name: (null)")
	}
	found, prim := findResource(&e.doc.Configuration.Resources, spec.Resource)
	if !found {
		return fmt.Errorf("Invalid resource name: %s", spec.Resource)
	}
	ns, err := e.nodeState(spec.Node)
	if err != nil {
		return err
	}
	// Pacemaker checks the agent only when it must create the history entry.
	lr := findHistory(ns, spec.Resource)
	if lr == nil {
		if err := checkAgent(spec.Resource, prim, ns.ID); err != nil {
			return err
		}
	}
	e.injectFailCount(ns, spec)
	if lr == nil {
		lr = newHistory(ns, spec.Resource, prim)
	}
	e.injectResult(lr, spec)
	return nil
}

// findResource looks id up as pe_find_resource does for these purposes:
// any resource id, or a clone instance "P:N" of a cloned primitive. prim is
// nil for groups and clones (they have no agent).
func findResource(rs *cib.Resources, id string) (found bool, prim *cib.Primitive) {
	inGroup := func(g *cib.Group, id string) *cib.Primitive {
		for i := range g.Primitives {
			if g.Primitives[i].ID == id {
				return &g.Primitives[i]
			}
		}
		return nil
	}
	base, inst := id, false
	if i := strings.LastIndexByte(id, ':'); i > 0 {
		if _, err := strconv.Atoi(id[i+1:]); err == nil {
			base, inst = id[:i], true
		}
	}
	for _, it := range rs.Items {
		switch {
		case it.Primitive != nil:
			if it.Primitive.ID == id {
				return true, it.Primitive
			}
		case it.Group != nil:
			if it.Group.ID == id {
				return true, nil
			}
			if p := inGroup(it.Group, id); p != nil {
				return true, p
			}
		case it.Clone != nil:
			c := it.Clone
			if c.ID == id {
				return true, nil
			}
			if c.Primitive != nil && (c.Primitive.ID == id || inst && c.Primitive.ID == base) {
				return true, c.Primitive
			}
			if c.Group != nil {
				if c.Group.ID == id || inst && c.Group.ID == base {
					return true, nil
				}
				if p := inGroup(c.Group, id); p != nil {
					return true, p
				}
				if p := inGroup(c.Group, base); inst && p != nil {
					return true, p
				}
			}
		}
	}
	return false, nil
}

// checkAgent is pcmk__inject_resource_history's check before it creates a
// history entry.
func checkAgent(rsc string, p *cib.Primitive, nodeID string) error {
	if p == nil || p.Class == "" || p.Type == "" {
		return fmt.Errorf("Resource %s not found in the status section of %s (supply class and type to continue)", rsc, nodeID)
	}
	switch strings.ToLower(p.Class) {
	case "ocf", "stonith", "service", "upstart", "systemd", "lsb":
	default:
		return fmt.Errorf("Invalid class for %s: %s", rsc, p.Class)
	}
	if strings.EqualFold(p.Class, "ocf") && p.Provider == "" {
		return fmt.Errorf("Please specify the provider for resource %s", rsc)
	}
	return nil
}

// findHistory returns the node's lrm_resource with that id.
func findHistory(ns *cib.NodeState, id string) *cib.LRMResource {
	if ns.LRM == nil {
		return nil
	}
	rs := ns.LRM.Resources.Resources
	for i := range rs {
		if rs[i].ID == id {
			return &rs[i]
		}
	}
	return nil
}

// newHistory appends an lrm_resource (and lrm) for id to the node.
func newHistory(ns *cib.NodeState, id string, p *cib.Primitive) *cib.LRMResource {
	if ns.LRM == nil {
		ns.LRM = &cib.LRM{ID: ns.ID}
	}
	rs := &ns.LRM.Resources.Resources
	*rs = append(*rs, cib.LRMResource{ID: id, Class: p.Class, Provider: p.Provider, Type: p.Type})
	return &(*rs)[len(*rs)-1]
}

// injectFailCount is pcmk__inject_failcount: nothing for success or for a
// probe finding the resource stopped; else fail-count "value++" and
// last-failure.
func (e *editor) injectFailCount(ns *cib.NodeState, s OpSpec) {
	if s.RC == 0 || s.RC == 7 && s.Interval == 0 {
		return
	}
	suffix := fmt.Sprintf("%s#%s_%d", s.Resource, s.Task, s.Interval)
	e.transientAttr(ns, "fail-count-"+suffix, "value++")
	e.transientAttr(ns, "last-failure-"+suffix, strconv.FormatInt(e.now.Unix(), 10))
}

// transientAttr adds name=value to the node's first transient attribute
// set, as the CIB update crm_simulate sends leaves it: the nvpair id is
// "<set id>-<name>" with ':' and '#' made '.', and "value++" increments an
// nvpair of that id (1 when new). An older nvpair of the same name with
// another id stays too; the scheduler takes the last one (so an injected
// failure can lower a fail count, as with crm_simulate).
func (e *editor) transientAttr(ns *cib.NodeState, name, value string) {
	e.line("Injecting attribute %s=%s into /node_state '%s'", name, value, ns.ID)
	if ns.TransientAttributes == nil {
		ns.TransientAttributes = &cib.TransientAttributes{ID: ns.ID}
	}
	sets := &ns.TransientAttributes.InstanceAttributes
	if len(*sets) == 0 {
		*sets = append(*sets, cib.NVSet{ID: ns.ID})
	}
	set := &(*sets)[0]
	id := strings.NewReplacer(":", ".", "#", ".").Replace(set.ID + "-" + name)
	for i := range set.Pairs {
		if p := &set.Pairs[i]; p.ID == id {
			if value == "value++" {
				value = score.String(score.Add(score.Parse(p.Value), 1))
			}
			p.Name, p.Value = name, value
			return
		}
	}
	if value == "value++" {
		value = "1"
	}
	set.Pairs = append(set.Pairs, cib.NVPair{ID: id, Name: name, Value: value})
}

// injectResult records an --op-inject result: the expected result is 0,
// a failure's exit reason crm_simulate's "Simulated action result".
func (e *editor) injectResult(lr *cib.LRMResource, s OpSpec) {
	e.writeResult(lr, s, 0, "", simulatedErr)
}

// findOp returns the history entry with id, appending it if missing.
func findOp(lr *cib.LRMResource, id string) *cib.LRMRscOp {
	for i := range lr.Ops {
		if lr.Ops[i].ID == id {
			return &lr.Ops[i]
		}
	}
	lr.Ops = append(lr.Ops, cib.LRMRscOp{ID: id})
	return &lr.Ops[len(lr.Ops)-1]
}

// setExtra sets an attribute kept in a struct's catch-all list.
func setExtra(attrs *[]xml.Attr, name, value string) {
	for i := range *attrs {
		if (*attrs)[i].Name.Local == name {
			(*attrs)[i].Value = value
			return
		}
	}
	*attrs = append(*attrs, xml.Attr{Name: xml.Name{Local: name}, Value: value})
}
