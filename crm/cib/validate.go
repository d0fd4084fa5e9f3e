package cib

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gorosync/gorosync/crm/score"
)

// FieldError is a validation problem: which element (by tag and id), which
// field, and what is wrong.
type FieldError struct {
	Element string // XML tag, e.g. "primitive"
	ID      string // the element's id ("" when it has none)
	Field   string // attribute or child name ("" for the element itself)
	Msg     string
}

func (e *FieldError) Error() string {
	s := e.Element
	if e.ID != "" {
		s += fmt.Sprintf(" %q", e.ID)
	}
	if e.Field != "" {
		s += ": " + e.Field
	}
	return s + ": " + e.Msg
}

// Validate checks what the scheduler relies on: required attributes, ids
// unique within the configuration, agent classes, constraint references and
// scores, and the integers of the operation history. It returns every
// problem found, joined; each is a *FieldError.
func (c *CIB) Validate() error {
	v := &validator{ids: map[string]string{}}
	v.config(&c.Configuration)
	v.status(&c.Status)
	return errors.Join(v.errs...)
}

type validator struct {
	errs []error
	ids  map[string]string // id -> element tag, configuration section
}

func (v *validator) add(elem, id, field, format string, args ...any) {
	v.errs = append(v.errs, &FieldError{Element: elem, ID: id, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// id records a configuration id and reports a missing or duplicate one.
func (v *validator) id(elem, id, context string) {
	if id == "" {
		v.add(elem, context, "id", "missing")
		return
	}
	if prev, dup := v.ids[id]; dup {
		v.add(elem, id, "id", "already used by a <%s>", prev)
		return
	}
	v.ids[id] = elem
}

func (v *validator) sets(elem string, ss Sets, owner string) {
	for _, s := range ss {
		if s.IDRef != "" {
			continue
		}
		v.id(elem, s.ID, owner)
		for _, p := range s.Pairs {
			if p.IDRef != "" {
				continue
			}
			v.id("nvpair", p.ID, s.ID)
			if p.Name == "" {
				v.add("nvpair", p.ID, "name", "missing")
			}
		}
		for i := range s.Rules {
			v.rule(&s.Rules[i], s.ID)
		}
	}
}

func (v *validator) rule(r *Rule, owner string) {
	if r.IDRef != "" {
		return
	}
	v.id("rule", r.ID, owner)
	if r.Score != "" {
		if _, err := score.ParseStrict(r.Score); err != nil {
			v.add("rule", r.ID, "score", "%v", err)
		}
	}
	switch r.BooleanOp {
	case "", "and", "or":
	default:
		v.add("rule", r.ID, "boolean-op", "%q is not and/or", r.BooleanOp)
	}
	for _, e := range r.Expressions {
		v.id("expression", e.ID, r.ID)
		if e.Attribute == "" {
			v.add("expression", e.ID, "attribute", "missing")
		}
		switch e.Operation {
		case "lt", "gt", "lte", "gte", "eq", "ne":
			if e.Value == "" {
				v.add("expression", e.ID, "value", "missing for operation %q", e.Operation)
			}
		case "defined", "not_defined":
		default:
			v.add("expression", e.ID, "operation", "%q is not one of lt gt lte gte eq ne defined not_defined", e.Operation)
		}
	}
	for i := range r.Rules {
		v.rule(&r.Rules[i], r.ID)
	}
}

func (v *validator) config(cf *Configuration) {
	v.sets("cluster_property_set", cf.CRMConfig.PropertySets, "crm_config")
	unames := map[string]bool{}
	for _, n := range cf.Nodes.Nodes {
		v.id("node", n.ID, n.Uname)
		if n.Uname == "" {
			v.add("node", n.ID, "uname", "missing")
		} else if unames[n.Uname] {
			v.add("node", n.ID, "uname", "%q is used by another node", n.Uname)
		}
		unames[n.Uname] = true
		v.sets("instance_attributes", n.InstanceAttributes, n.ID)
		v.sets("utilization", n.Utilization, n.ID)
	}
	rscs := map[string]bool{}
	for _, r := range cf.Resources.Items {
		switch {
		case r.Primitive != nil:
			v.primitive(r.Primitive, rscs)
		case r.Group != nil:
			v.group(r.Group, rscs)
		case r.Clone != nil:
			cl := r.Clone
			v.id("clone", cl.ID, "")
			rscs[cl.ID] = true
			v.sets("instance_attributes", cl.InstanceAttributes, cl.ID)
			v.sets("meta_attributes", cl.MetaAttributes, cl.ID)
			switch {
			case cl.Primitive != nil && cl.Group != nil:
				v.add("clone", cl.ID, "", "holds both a primitive and a group")
			case cl.Primitive != nil:
				v.primitive(cl.Primitive, rscs)
			case cl.Group != nil:
				v.group(cl.Group, rscs)
			default:
				v.add("clone", cl.ID, "", "holds no primitive or group")
			}
		}
	}
	for _, c := range cf.Constraints.Items {
		switch {
		case c.Location != nil:
			v.location(c.Location, rscs)
		case c.Colocation != nil:
			v.colocation(c.Colocation, rscs)
		case c.Order != nil:
			v.order(c.Order, rscs)
		}
	}
	if cf.RscDefaults != nil {
		v.sets("meta_attributes", cf.RscDefaults.MetaAttributes, "rsc_defaults")
	}
	if cf.OpDefaults != nil {
		v.sets("meta_attributes", cf.OpDefaults.MetaAttributes, "op_defaults")
	}
}

func (v *validator) primitive(p *Primitive, rscs map[string]bool) {
	v.id("primitive", p.ID, "")
	rscs[p.ID] = true
	if p.Template == "" {
		switch p.Class {
		case "":
			v.add("primitive", p.ID, "class", "missing")
		case "ocf":
			if p.Provider == "" {
				v.add("primitive", p.ID, "provider", "missing (class ocf needs one)")
			}
		case "lsb", "systemd", "service", "stonith", "nagios", "upstart", "heartbeat":
		default:
			v.add("primitive", p.ID, "class", "unknown resource class %q", p.Class)
		}
		if p.Type == "" {
			v.add("primitive", p.ID, "type", "missing")
		}
	}
	v.sets("instance_attributes", p.InstanceAttributes, p.ID)
	v.sets("meta_attributes", p.MetaAttributes, p.ID)
	v.sets("utilization", p.Utilization, p.ID)
	if p.Operations != nil {
		for _, op := range p.Operations.Ops {
			v.id("op", op.ID, p.ID)
			if op.Name == "" {
				v.add("op", op.ID, "name", "missing")
			}
			if op.Interval == "" {
				v.add("op", op.ID, "interval", "missing")
			} else if _, err := ParseInterval(op.Interval); err != nil {
				v.add("op", op.ID, "interval", "%v", err)
			}
			v.sets("instance_attributes", op.InstanceAttributes, op.ID)
			v.sets("meta_attributes", op.MetaAttributes, op.ID)
		}
	}
}

func (v *validator) group(g *Group, rscs map[string]bool) {
	v.id("group", g.ID, "")
	rscs[g.ID] = true
	if len(g.Primitives) == 0 {
		v.add("group", g.ID, "", "has no primitives")
	}
	v.sets("instance_attributes", g.InstanceAttributes, g.ID)
	v.sets("meta_attributes", g.MetaAttributes, g.ID)
	for i := range g.Primitives {
		v.primitive(&g.Primitives[i], rscs)
	}
}

func (v *validator) ref(elem, id, field, rsc string, rscs map[string]bool) {
	if rsc == "" {
		v.add(elem, id, field, "missing")
	} else if !rscs[rsc] {
		v.add(elem, id, field, "no resource named %q", rsc)
	}
}

func (v *validator) score(elem, id, s string) {
	if s == "" {
		return
	}
	if _, err := score.ParseStrict(s); err != nil {
		v.add(elem, id, "score", "%v", err)
	}
}

func (v *validator) location(l *Location, rscs map[string]bool) {
	v.id("rsc_location", l.ID, "")
	if l.RscPattern == "" && len(l.Unknown) == 0 {
		v.ref("rsc_location", l.ID, "rsc", l.Rsc, rscs)
	}
	if len(l.Rules) == 0 {
		if l.Node == "" && len(l.Unknown) == 0 {
			v.add("rsc_location", l.ID, "node", "missing (and no rule)")
		}
		if l.Node != "" && l.Score == "" {
			v.add("rsc_location", l.ID, "score", "missing")
		}
	}
	v.score("rsc_location", l.ID, l.Score)
	for i := range l.Rules {
		v.rule(&l.Rules[i], l.ID)
	}
}

func (v *validator) colocation(c *Colocation, rscs map[string]bool) {
	v.id("rsc_colocation", c.ID, "")
	v.resourceSets("rsc_colocation", c.ID, c.Sets, rscs)
	if len(c.Unknown) == 0 && len(c.Sets) == 0 {
		v.ref("rsc_colocation", c.ID, "rsc", c.Rsc, rscs)
		v.ref("rsc_colocation", c.ID, "with-rsc", c.WithRsc, rscs)
		if c.Rsc != "" && c.Rsc == c.WithRsc {
			v.add("rsc_colocation", c.ID, "with-rsc", "resource %q is colocated with itself", c.Rsc)
		}
	}
	v.score("rsc_colocation", c.ID, c.Score)
}

func (v *validator) order(o *Order, rscs map[string]bool) {
	v.id("rsc_order", o.ID, "")
	v.resourceSets("rsc_order", o.ID, o.Sets, rscs)
	if len(o.Unknown) == 0 && len(o.Sets) == 0 {
		v.ref("rsc_order", o.ID, "first", o.First, rscs)
		v.ref("rsc_order", o.ID, "then", o.Then, rscs)
		if o.First != "" && o.First == o.Then {
			v.add("rsc_order", o.ID, "then", "resource %q is ordered after itself", o.First)
		}
	}
	for field, a := range map[string]string{"first-action": o.FirstAction, "then-action": o.ThenAction} {
		switch a {
		case "", "start", "stop", "promote", "demote":
		default:
			v.add("rsc_order", o.ID, field, "%q is not start/stop/promote/demote", a)
		}
	}
	switch o.Kind {
	case "", "Mandatory", "Optional", "Serialize":
	default:
		v.add("rsc_order", o.ID, "kind", "%q is not Mandatory/Optional/Serialize", o.Kind)
	}
	if o.Symmetrical != "" {
		if _, ok := ParseBool(o.Symmetrical); !ok {
			v.add("rsc_order", o.ID, "symmetrical", "%q is not a boolean", o.Symmetrical)
		}
	}
	v.score("rsc_order", o.ID, o.Score)
}

func (v *validator) status(st *Status) {
	for _, ns := range st.NodeStates {
		if ns.ID == "" {
			v.add("node_state", ns.Uname, "id", "missing")
		}
		if ns.LRM == nil {
			continue
		}
		for _, lr := range ns.LRM.Resources.Resources {
			if lr.ID == "" {
				v.add("lrm_resource", "", "id", "missing (node_state %q)", ns.ID)
			}
			for _, op := range lr.Ops {
				if op.ID == "" {
					v.add("lrm_rsc_op", "", "id", "missing (lrm_resource %q)", lr.ID)
				}
				if op.Operation == "" {
					v.add("lrm_rsc_op", op.ID, "operation", "missing")
				}
				for field, s := range map[string]string{"call-id": op.CallID, "rc-code": op.RCCode, "interval": op.Interval, "op-status": op.OpStatus} {
					if s == "" && field == "op-status" {
						continue
					}
					if _, err := strconv.Atoi(s); err != nil {
						v.add("lrm_rsc_op", op.ID, field, "%q is not an integer", s)
					}
				}
			}
		}
	}
}
