package configure

import (
	"sort"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// parsePCSCloneArgs reads `resource clone`'s tail: [CLONE_ID] then meta
// options, bare or after "meta" (both go to the clone, as pcs 0.11 does).
func parsePCSCloneArgs(args []string) (cloneID string, meta []pair, err error) {
	if len(args) > 0 && args[0] != "op" && args[0] != "meta" && !strings.Contains(args[0], "=") {
		cloneID, args = args[0], args[1:]
	}
	for _, w := range args {
		switch w {
		case "meta":
			continue
		case "op":
			return "", nil, errorf("op settings must be changed on base resource, not the clone")
		}
		k := strings.IndexByte(w, '=')
		if k <= 0 {
			return "", nil, errorf("missing value of '%s' option", w)
		}
		meta = append(meta, pair{w[:k], w[k+1:]})
	}
	meta, err = uniquePairs(meta)
	return cloneID, meta, err
}

// uniquePairs drops repeated name=value options and refuses a name given
// two different values (pcs prepare_options).
func uniquePairs(ps []pair) ([]pair, error) {
	var out []pair
	seen := map[string]string{}
	for _, p := range ps {
		if v, dup := seen[p.Name]; dup {
			if v != p.Value {
				return nil, errorf("duplicate option '%s' with different values '%s' and '%s'", p.Name, v, p.Value)
			}
			continue
		}
		seen[p.Name] = p.Value
		out = append(out, p)
	}
	return out, nil
}

// checkCloneChild refuses meta options the clone's primitives cannot take:
// globally-unique or promotable on a non-OCF agent, and (as pcs loads
// every OCF agent's meta-data) an OCF agent without meta-data unless forced.
func (p *PCS) checkCloneChild(prims []cib.Primitive, group string, meta []pair) error {
	for _, pr := range prims {
		a := AgentName{Class: pr.Class, Provider: pr.Provider, Type: pr.Type}
		if pr.Class != "ocf" {
			for _, attr := range []string{"globally-unique", "promotable"} {
				for _, kv := range meta {
					if v, ok := cib.ParseBool(kv.Value); kv.Name == attr && ok && v {
						where := " of resource '" + pr.ID + "'"
						if group != "" {
							where += " in group '" + group + "'"
						}
						return errorf("Clone option '%s' is not compatible with '%s' resource agent%s", attr, a, where)
					}
				}
			}
			continue
		}
		if _, err := p.Agents.Metadata(a); err != nil {
			if !p.Force {
				return forceable("Agent '%s' is not installed or does not provide valid metadata: %v", a, err)
			}
			p.Warn.warn("Warning: Agent '%s' is not installed or does not provide valid metadata: %v", a, err)
		}
	}
	return nil
}

// ResourceClone is `pcs resource clone ID [CLONE_ID] [meta options]`: the
// primitive or group moves into a new clone appended to <resources>, and
// constraints naming it now name the clone. A primitive taken from a group
// leaves the group (an emptied group goes). Clones of groups are written
// as pcs writes them although gocrm's scheduler does not run them yet.
func (p *PCS) ResourceClone(c *cib.CIB, id string, args []string) error {
	l, ok := findResource(c, id)
	if !ok || l.prim == nil && l.group == nil {
		return errorf("unable to find group or resource: %s", id)
	}
	if l.clone != nil {
		if l.prim != nil {
			return errorf("%s is already a clone resource", id)
		}
		return errorf("cannot clone a group that has already been cloned")
	}
	if l.prim != nil && l.prim.Class == "stonith" {
		msg := "No need to clone stonith resource '" + id + "', any node can use a stonith resource (unless specifically banned) regardless of whether the stonith resource is running on that node or not"
		if !p.Force {
			return forceable("%s", msg)
		}
		p.Warn.warn("Warning: %s", msg)
	}
	cloneID, meta, err := parsePCSCloneArgs(args)
	if err != nil {
		return err
	}
	var prims []cib.Primitive
	group := ""
	if l.prim != nil {
		prims = []cib.Primitive{*l.prim}
	} else {
		prims, group = l.group.Primitives, l.group.ID
	}
	if err := p.checkCloneChild(prims, group, meta); err != nil {
		return err
	}
	ids := collectIDs(c)
	if cloneID != "" {
		if checkPCSID(cloneID, "id") != nil {
			return errorf("invalid id '%s'", cloneID)
		}
		if ids[cloneID] {
			return errorf("id '%s' already exists", cloneID)
		}
		ids[cloneID] = true
	} else {
		cloneID = ids.pcsUnique(id + "-clone")
	}
	cl := &cib.Clone{ID: cloneID}
	rs := &c.Configuration.Resources
	if l.prim != nil {
		pr, _ := takePrimitive(c, id)
		cl.Primitive = &pr
	} else {
		cl.Group = l.group
		rs.Items = append(rs.Items[:l.top:l.top], rs.Items[l.top+1:]...)
	}
	if set := legacyMetaSet(cloneID+"-meta_attributes", meta, ids); set != nil {
		cl.MetaAttributes = cib.Sets{*set}
	}
	rs.Items = append(rs.Items, cib.Resource{Clone: cl})
	renameConstraintRefs(c, id, cloneID, nil)
	if group != "" {
		p.Warn.warn("Warning: gocrm's scheduler does not run clones of groups yet; the CIB holds '%s' as pcs writes it", cloneID)
	}
	return nil
}

// legacyMetaSet is the set pcs's older code path writes: pairs sorted by
// name, empty values left out, nvpair ids <set id>-<name> taken as they are.
func legacyMetaSet(base string, meta []pair, ids idSet) *cib.NVSet {
	var ps []pair
	for _, kv := range meta {
		if kv.Value != "" {
			ps = append(ps, kv)
		}
	}
	if len(ps) == 0 {
		return nil
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
	set := cib.NVSet{ID: ids.pcsUnique(base)}
	for _, kv := range ps {
		set.Pairs = append(set.Pairs, cib.NVPair{ID: set.ID + "-" + kv.Name, Name: kv.Name, Value: kv.Value})
	}
	return &set
}

// renameConstraintRefs points constraints naming from at to instead;
// report (may be nil) hears about each change.
func renameConstraintRefs(c *cib.CIB, from, to string, report func(k cib.Constraint)) {
	for _, k := range c.Configuration.Constraints.Items {
		changed := false
		for _, ref := range constraintRefPtrs(k) {
			if *ref == from {
				*ref = to
				changed = true
			}
		}
		if changed && report != nil {
			report(k)
		}
	}
}

// Unclone is `pcs resource unclone ID` (ID the clone or what it holds):
// the clone goes with the constraints naming it and its child is appended
// to <resources>. A member of a cloned group with other members only
// leaves the group.
func (p *PCS) Unclone(c *cib.CIB, id string) error {
	l, ok := findResource(c, id)
	if !ok || l.prim == nil && l.group == nil && l.clone == nil {
		return errorf("could not find resource: %s", id)
	}
	if l.clone == nil {
		return errorf("'%s' is not a clone resource", id)
	}
	cl := l.clone
	rs := &c.Configuration.Resources
	if l.prim != nil && cl.Group != nil && len(cl.Group.Primitives) > 1 {
		g := cl.Group
		for j := range g.Primitives {
			if g.Primitives[j].ID == id {
				pr := g.Primitives[j]
				g.Primitives = append(g.Primitives[:j:j], g.Primitives[j+1:]...)
				rs.Items = append(rs.Items, cib.Resource{Primitive: &pr})
				break
			}
		}
		return nil
	}
	var child cib.Resource
	switch {
	case l.prim != nil:
		pr := *l.prim
		child.Primitive = &pr
	case l.group != nil:
		child.Group = l.group
	case cl.Primitive != nil:
		child.Primitive = cl.Primitive
	case cl.Group != nil:
		child.Group = cl.Group
	default:
		return errorf("'%s' is not a clone resource", id)
	}
	dropConstraintsFor(c, map[string]bool{cl.ID: true})
	rs.Items = append(rs.Items[:l.top:l.top], rs.Items[l.top+1:]...)
	rs.Items = append(rs.Items, child)
	return nil
}

// newCreatedClone wraps a primitive being created (`resource create ...
// clone`): id <primitive>-clone unless given, meta from the options after
// "clone", and --disabled's target-role on the clone, not the primitive.
func newCreatedClone(prim *cib.Primitive, pa pcsArgs, disabled bool, ids idSet) *cib.Clone {
	cid := pa.cloneID
	if cid == "" {
		cid = ids.pcsUnique(prim.ID + "-clone")
	} else {
		ids[cid] = true
	}
	cl := &cib.Clone{ID: cid, Primitive: prim}
	if set := newSortedSet(cid+"-meta_attributes", pa.cloneMeta, ids); set != nil {
		cl.MetaAttributes = cib.Sets{*set}
	}
	if disabled {
		set := firstPlainSet(&cl.MetaAttributes, func() string { return ids.pcsUnique(cid + "-meta_attributes") })
		setPairs(set, []pair{{"target-role", "Stopped"}}, ids.pcsUnique)
	}
	return cl
}
