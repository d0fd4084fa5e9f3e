package configure

import (
	"sort"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// PCSConfig prints resources as `pcs resource config [ID...]` does.
func PCSConfig(c *cib.CIB, ids []string) (string, error) {
	var b strings.Builder
	want := map[string]bool{}
	for _, id := range ids {
		if _, ok := findResource(c, id); !ok {
			return "", errorf("unable to find resource '%s'", id)
		}
		want[id] = true
	}
	for _, r := range c.Configuration.Resources.Items {
		switch {
		case r.Primitive != nil && (len(want) == 0 || want[r.Primitive.ID]):
			configPrimitive(&b, r.Primitive, "")
		case r.Group != nil:
			if len(want) == 0 || want[r.Group.ID] {
				configGroup(&b, r.Group, "")
				continue
			}
			for i := range r.Group.Primitives {
				if want[r.Group.Primitives[i].ID] {
					configPrimitive(&b, &r.Group.Primitives[i], "")
				}
			}
		case r.Clone != nil && (len(want) == 0 || want[r.Clone.ID]):
			cl := r.Clone
			b.WriteString("Clone: " + cl.ID + "\n")
			configSets(&b, "  ", "Meta Attributes", cl.MetaAttributes)
			if cl.Primitive != nil {
				configPrimitive(&b, cl.Primitive, "  ")
			}
			if cl.Group != nil {
				configGroup(&b, cl.Group, "  ")
			}
		}
	}
	return b.String(), nil
}

func configGroup(b *strings.Builder, g *cib.Group, ind string) {
	b.WriteString(ind + "Group: " + g.ID + "\n")
	configSets(b, ind+"  ", "Meta Attributes", g.MetaAttributes)
	for i := range g.Primitives {
		configPrimitive(b, &g.Primitives[i], ind+"  ")
	}
}

func configPrimitive(b *strings.Builder, p *cib.Primitive, ind string) {
	b.WriteString(ind + "Resource: " + p.ID + " (class=" + p.Class)
	if p.Provider != "" {
		b.WriteString(" provider=" + p.Provider)
	}
	b.WriteString(" type=" + p.Type + ")\n")
	configSets(b, ind+"  ", "Attributes", p.InstanceAttributes)
	configSets(b, ind+"  ", "Meta Attributes", p.MetaAttributes)
	configSets(b, ind+"  ", "Utilization", p.Utilization)
	if p.Operations != nil && len(p.Operations.Ops) > 0 {
		b.WriteString(ind + "  Operations:\n")
		for _, o := range p.Operations.Ops {
			b.WriteString(ind + "    " + o.Name + ": " + o.ID + "\n")
			for _, kv := range [][2]string{{"interval", o.Interval}, {"timeout", o.Timeout}, {"on-fail", o.OnFail},
				{"role", o.Role}, {"enabled", o.Enabled}, {"start-delay", o.StartDelay},
				{"interval-origin", o.IntervalOrigin}, {"record-pending", o.RecordPending}} {
				if kv[1] != "" {
					b.WriteString(ind + "      " + kv[0] + "=" + kv[1] + "\n")
				}
			}
			for _, s := range o.InstanceAttributes {
				for _, p := range s.Pairs {
					b.WriteString(ind + "      " + p.Name + "=" + p.Value + "\n")
				}
			}
		}
	}
}

func configSets(b *strings.Builder, ind, title string, ss cib.Sets) {
	for _, s := range ss {
		b.WriteString(ind + title + ": " + s.ID + "\n")
		// pcs lists a set's pairs by name, not in document order
		pairs := append([]cib.NVPair(nil), s.Pairs...)
		sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].Name < pairs[j].Name })
		for _, p := range pairs {
			b.WriteString(ind + "  " + p.Name + "=" + p.Value + "\n")
		}
	}
}
