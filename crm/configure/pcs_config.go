package configure

import (
	"sort"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// PCSConfig prints resources as `pcs resource config [ID...]` does: the
// primitives, then the groups, then the clones, each kind in document
// order. Without ids only top-level resources are printed (with what they
// hold); with ids exactly the named ones, at any depth.
func PCSConfig(c *cib.CIB, ids []string) (string, error) {
	var b strings.Builder
	want := map[string]bool{}
	for _, id := range ids {
		if _, ok := findResource(c, id); !ok {
			return "", errorf("unable to find resource '%s'", id)
		}
		want[id] = true
	}
	show := func(id string, top bool) bool { return len(want) == 0 && top || want[id] }
	var prims []*cib.Primitive
	var topPrim []bool
	var groups []*cib.Group
	var topGroup []bool
	var clones []*cib.Clone
	addGroup := func(g *cib.Group, top bool) {
		groups, topGroup = append(groups, g), append(topGroup, top)
		for i := range g.Primitives {
			prims, topPrim = append(prims, &g.Primitives[i]), append(topPrim, false)
		}
	}
	for _, r := range c.Configuration.Resources.Items {
		switch {
		case r.Primitive != nil:
			prims, topPrim = append(prims, r.Primitive), append(topPrim, true)
		case r.Group != nil:
			addGroup(r.Group, true)
		case r.Clone != nil:
			clones = append(clones, r.Clone)
			if r.Clone.Primitive != nil {
				prims, topPrim = append(prims, r.Clone.Primitive), append(topPrim, false)
			}
			if r.Clone.Group != nil {
				addGroup(r.Clone.Group, false)
			}
		}
	}
	for i, p := range prims {
		if show(p.ID, topPrim[i]) {
			configPrimitive(&b, p, "")
		}
	}
	for i, g := range groups {
		if show(g.ID, topGroup[i]) {
			configGroup(&b, g, "")
		}
	}
	for _, cl := range clones {
		if !show(cl.ID, true) {
			continue
		}
		b.WriteString("Clone: " + cl.ID + "\n")
		configSets(&b, "  ", "Meta Attributes", cl.MetaAttributes)
		if cl.Primitive != nil {
			configPrimitive(&b, cl.Primitive, "  ")
		}
		if cl.Group != nil {
			configGroup(&b, cl.Group, "  ")
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
