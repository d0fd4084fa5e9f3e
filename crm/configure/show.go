package configure

import (
	"regexp"
	"sort"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// showObj is one object of crmsh's show listing.
type showObj struct {
	rank int // crmsh's cli sort order: node, primitive, group, clone, constraints, ...
	id   string
	text string
}

const lineBreak = " \\\n\t"

var noQuotesRE = regexp.MustCompile(`^[\w.-]+$`)

func quoteValue(v string) string {
	if noQuotesRE.MatchString(v) {
		return v
	}
	return `"` + strings.ReplaceAll(v, `"`, `\"`) + `"`
}

func nvText(name, value string) string { return name + "=" + quoteValue(value) }

// setText is "params a=1 b=2" (one line), as crmsh prints attribute sets.
func setText(keyword string, s cib.NVSet) string {
	parts := []string{keyword}
	if s.Score != "" {
		parts = append(parts, crmScore(s.Score)+":")
	}
	for _, p := range s.Pairs {
		parts = append(parts, nvText(p.Name, p.Value))
	}
	return strings.Join(parts, " ")
}

func crmScore(s string) string { return strings.ReplaceAll(s, "INFINITY", "inf") }

// rscType is crmsh's agent spelling: ocf:heartbeat agents by type alone.
func rscType(p *cib.Primitive) string {
	if p.Class == "ocf" && p.Provider == "heartbeat" || p.Class == "" && p.Provider == "" {
		return p.Type
	}
	return p.Agent()
}

func opText(o cib.Op) string {
	parts := []string{"op", o.Name}
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, nvText(k, v))
		}
	}
	parts = append(parts, nvText("interval", o.Interval))
	add("timeout", o.Timeout)
	add("on-fail", o.OnFail)
	add("role", o.Role)
	add("enabled", o.Enabled)
	add("start-delay", o.StartDelay)
	add("interval-origin", o.IntervalOrigin)
	add("record-pending", o.RecordPending)
	add("description", o.Description)
	for _, a := range o.Extra {
		add(a.Name.Local, a.Value)
	}
	return strings.Join(parts, " ")
}

func primitiveText(p *cib.Primitive) string {
	l := []string{"primitive " + p.ID + " " + rscType(p)}
	if p.Description != "" {
		l = append(l, nvText("description", p.Description))
	}
	for _, s := range p.InstanceAttributes {
		l = append(l, setText("params", s))
	}
	for _, s := range p.MetaAttributes {
		l = append(l, setText("meta", s))
	}
	if p.Operations != nil {
		for _, o := range p.Operations.Ops {
			l = append(l, opText(o))
		}
	}
	for _, s := range p.Utilization {
		l = append(l, setText("utilization", s))
	}
	return strings.Join(l, lineBreak)
}

func containerText(kind, id, desc string, children []string, params, meta cib.Sets) string {
	l := []string{kind + " " + id + " " + strings.Join(children, " ")}
	if desc != "" {
		l = append(l, nvText("description", desc))
	}
	for _, s := range params {
		l = append(l, setText("params", s))
	}
	for _, s := range meta {
		l = append(l, setText("meta", s))
	}
	return strings.Join(l, lineBreak)
}

func propertyText(kind string, s cib.NVSet) string {
	head := kind + " " + s.ID + ":"
	if !noQuotesRE.MatchString(s.ID) {
		head = kind + ` $id="` + s.ID + `"`
	}
	l := []string{head}
	for _, p := range s.Pairs {
		l = append(l, nvText(p.Name, p.Value))
	}
	return strings.Join(l, lineBreak)
}

func withRole(rsc, role string) string {
	if role != "" {
		return rsc + ":" + role
	}
	return rsc
}

// showObjects lists the configuration as crmsh's show does.
func showObjects(c *cib.CIB) []showObj {
	var objs []showObj
	add := func(rank int, id, text string) { objs = append(objs, showObj{rank, id, text}) }
	cf := &c.Configuration
	for _, n := range cf.Nodes.Nodes {
		head := "node "
		if n.ID != n.Uname {
			if noQuotesRE.MatchString(n.ID) {
				head += n.ID + ": "
			} else {
				head += `$id="` + n.ID + `" `
			}
		}
		head += n.Uname
		if n.Type != "" && n.Type != "normal" {
			head += ":" + n.Type
		}
		l := []string{head}
		for _, s := range n.InstanceAttributes {
			l = append(l, setText("attributes", s))
		}
		for _, s := range n.Utilization {
			l = append(l, setText("utilization", s))
		}
		id := n.ID
		if id == "" {
			id = n.Uname
		}
		add(0, id, strings.Join(l, lineBreak))
	}
	addGroup := func(g *cib.Group) {
		var ch []string
		for i := range g.Primitives {
			add(1, g.Primitives[i].ID, primitiveText(&g.Primitives[i]))
			ch = append(ch, g.Primitives[i].ID)
		}
		add(2, g.ID, containerText("group", g.ID, g.Description, ch, g.InstanceAttributes, g.MetaAttributes))
	}
	for _, r := range cf.Resources.Items {
		switch {
		case r.Primitive != nil:
			add(1, r.Primitive.ID, primitiveText(r.Primitive))
		case r.Group != nil:
			addGroup(r.Group)
		case r.Clone != nil:
			cl := r.Clone
			var ch []string
			if cl.Primitive != nil {
				add(1, cl.Primitive.ID, primitiveText(cl.Primitive))
				ch = append(ch, cl.Primitive.ID)
			}
			if cl.Group != nil {
				addGroup(cl.Group)
				ch = append(ch, cl.Group.ID)
			}
			add(3, cl.ID, containerText("clone", cl.ID, cl.Description, ch, cl.InstanceAttributes, cl.MetaAttributes))
		}
	}
	for _, k := range cf.Constraints.Items {
		switch {
		case k.Location != nil && len(k.Location.Unknown) == 0 && hasNestedRule(k.Location):
			add(4, k.Location.ID, locationXMLText(k.Location))
		case k.Location != nil && len(k.Location.Unknown) == 0:
			l := k.Location
			s := "location " + l.ID + " " + l.Rsc
			if l.Role != "" {
				s += " role=" + l.Role
			}
			if l.ResourceDiscovery != "" {
				s += " resource-discovery=" + l.ResourceDiscovery
			}
			if l.Node != "" {
				s += " " + crmScore(l.Score) + ": " + l.Node
			}
			for i := range l.Rules {
				s += lineBreak + "rule " + ruleText(&l.Rules[i])
			}
			add(4, l.ID, s)
		case k.Colocation != nil && len(k.Colocation.Sets) > 0 && len(k.Colocation.Unknown) == 0:
			add(4, k.Colocation.ID, setConstraintText(k))
		case k.Order != nil && len(k.Order.Sets) > 0 && len(k.Order.Unknown) == 0:
			add(4, k.Order.ID, setConstraintText(k))
		case k.Colocation != nil && len(k.Colocation.Unknown) == 0:
			x := k.Colocation
			s := "colocation " + x.ID + " "
			if x.Score != "" {
				s += crmScore(x.Score) + ": "
			}
			s += withRole(x.Rsc, x.RscRole) + " " + withRole(x.WithRsc, x.WithRscRole)
			if x.NodeAttribute != "" {
				s += " node-attribute=" + x.NodeAttribute
			}
			add(4, x.ID, s)
		case k.Order != nil && len(k.Order.Unknown) == 0:
			o := k.Order
			s := "order " + o.ID + " "
			if o.Score != "" {
				s += crmScore(o.Score) + ": "
			} else if o.Kind != "" {
				s += o.Kind + ": "
			}
			s += withRole(o.First, o.FirstAction) + " " + withRole(o.Then, o.ThenAction)
			if o.Symmetrical != "" {
				s += " symmetrical=" + o.Symmetrical
			}
			add(4, o.ID, s)
		}
	}
	for _, s := range cf.CRMConfig.PropertySets {
		add(5, s.ID, propertyText("property", s))
	}
	if cf.RscDefaults != nil {
		for _, s := range cf.RscDefaults.MetaAttributes {
			add(6, s.ID, propertyText("rsc_defaults", s))
		}
	}
	if cf.OpDefaults != nil {
		for _, s := range cf.OpDefaults.MetaAttributes {
			add(7, s.ID, propertyText("op_defaults", s))
		}
	}
	sort.SliceStable(objs, func(i, j int) bool {
		if objs[i].rank != objs[j].rank {
			return objs[i].rank < objs[j].rank
		}
		return objs[i].id < objs[j].id
	})
	return objs
}

// Show prints the configuration (or the objects named in ids) the way
// `crm configure show` does, without colour.
func Show(c *cib.CIB, ids []string) (string, error) {
	objs := showObjects(c)
	if len(ids) > 0 {
		want := map[string]bool{}
		for _, id := range ids {
			found := false
			for _, o := range objs {
				if o.id == id {
					found = true
				}
			}
			if !found {
				return "", errorf("object %s does not exist", id)
			}
			want[id] = true
		}
		var sel []showObj
		for _, o := range objs {
			if want[o.id] {
				sel = append(sel, o)
			}
		}
		objs = sel
	}
	var b strings.Builder
	for _, o := range objs {
		b.WriteString(o.text)
		b.WriteByte('\n')
	}
	return b.String(), nil
}
