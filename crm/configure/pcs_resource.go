package configure

import (
	"sort"
	"strings"

	"github.com/gorosync/gorosync/crm/agent"
	"github.com/gorosync/gorosync/crm/cib"
)

// PCS applies commands in pcs 0.11.5 syntax.
type PCS struct {
	Agents Agents
	Force  bool   // --force
	Warn   Warner // warnings pcs prints and carries on
}

// pcsArgs is a split command line: instance attributes, ops, meta.
type pcsArgs struct {
	params []pair
	ops    []pcsOp
	meta   []pair
	// create ... clone [CLONE_ID] [k=v...]: a "meta" after "clone" still
	// means the primitive's meta attributes in pcs 0.11
	clone     bool
	cloneID   string
	cloneMeta []pair
}

// splitPCSArgs reads "k=v... [op NAME k=v...]... [meta k=v...] [clone [ID] k=v...]".
func splitPCSArgs(args []string) (pcsArgs, error) {
	var out pcsArgs
	section := "params"
	for i := 0; i < len(args); i++ {
		w := args[i]
		switch w {
		case "op":
			if i+1 >= len(args) || strings.Contains(args[i+1], "=") || args[i+1] == "op" || args[i+1] == "meta" {
				return out, errorf("When using 'op' you must specify an operation name after 'op'")
			}
			i++
			out.ops = append(out.ops, pcsOp{Name: args[i]})
			section = "op"
			continue
		case "meta":
			section = "meta"
			continue
		case "clone":
			if out.clone {
				return out, errorf("'clone' can be specified only once")
			}
			out.clone, section = true, "clone"
			if i+1 < len(args) && !pcsCreateKeyword(args[i+1]) && !strings.Contains(args[i+1], "=") {
				i++
				out.cloneID = args[i]
			}
			continue
		case "promotable", "bundle":
			return out, errorf("'%s' is not supported by gocrm yet", w)
		}
		k := strings.IndexByte(w, '=')
		if k <= 0 {
			return out, errorf("missing value of '%s' option", w)
		}
		p := pair{w[:k], w[k+1:]}
		switch section {
		case "params":
			out.params = append(out.params, p)
		case "meta":
			out.meta = append(out.meta, p)
		case "clone":
			out.cloneMeta = append(out.cloneMeta, p)
		case "op":
			op := &out.ops[len(out.ops)-1]
			op.Attrs = append(op.Attrs, p)
		}
	}
	return out, nil
}

func pcsCreateKeyword(w string) bool {
	switch w {
	case "op", "meta", "clone", "promotable", "bundle":
		return true
	}
	return false
}

// resolveAgent expands a pcs agent name ("IPaddr2" -> ocf:heartbeat:IPaddr2)
// and fetches its meta-data; md is nil for an unknown agent with --force.
func (p *PCS) resolveAgent(name string) (AgentName, *agent.Metadata, error) {
	a, full, err := parseAgentName(name)
	if err != nil {
		return a, nil, err
	}
	if !full {
		provs := p.Agents.OCFProviders(name)
		switch len(provs) {
		case 0:
			return a, nil, errorf("Unable to find agent '%s', try specifying its full name", name)
		case 1:
			a = AgentName{Class: "ocf", Provider: provs[0], Type: name}
			p.Warn.warn("Assumed agent name '%s' (deduced from '%s')", a, name)
		default:
			names := make([]string, len(provs))
			for i, pr := range provs {
				names[i] = "'ocf:" + pr + ":" + name + "'"
			}
			return a, nil, errorf("Multiple agents match '%s', please specify full name: %s or %s", name, strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
		}
	}
	md, err := p.Agents.Metadata(a)
	if err != nil {
		if !p.Force {
			return a, nil, forceable("Agent '%s' is not installed or does not provide valid metadata: %v", a, err)
		}
		p.Warn.warn("Warning: Agent '%s' is not installed or does not provide valid metadata: %v", a, err)
		return a, nil, nil
	}
	return a, md, nil
}

// checkParams validates instance attributes against the meta-data.
func (p *PCS) checkParams(md *agent.Metadata, params []pair, creating bool) error {
	if md == nil {
		return nil
	}
	var unknown []string
	given := map[string]bool{}
	for _, kv := range params {
		given[kv.Name] = kv.Value != ""
		if _, ok := md.Param(kv.Name); !ok {
			unknown = append(unknown, kv.Name)
		}
	}
	var allowed []string
	for _, ps := range md.Parameters {
		allowed = append(allowed, ps.Name)
	}
	sort.Strings(allowed)
	report := func(err error) error {
		if p.Force {
			p.Warn.warn("Warning: %s", err.(*Error).Msg)
			return nil
		}
		return err
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		what := "option"
		if len(unknown) > 1 {
			what = "options:"
		}
		if err := report(forceable("invalid resource %s %s, allowed options are: %s", what, quoteList(unknown), quoteList(allowed))); err != nil {
			return err
		}
	}
	if !creating {
		return nil
	}
	var missing []string
	for _, ps := range md.Parameters {
		if ps.IsRequired() && !given[ps.Name] {
			missing = append(missing, ps.Name)
		}
	}
	switch len(missing) {
	case 0:
	case 1:
		return report(forceable("required resource option '%s' is missing", missing[0]))
	default:
		return report(forceable("required resource options %s are missing", quoteList(missing)))
	}
	return nil
}

// CreateOptions are pcs resource create's flags.
type CreateOptions struct {
	Group    string // --group
	Disabled bool   // --disabled
}

// ResourceCreate is `pcs resource create ID AGENT [k=v...] [op ...] [meta ...]`.
func (p *PCS) ResourceCreate(c *cib.CIB, id, agentName string, args []string, opt CreateOptions) error {
	if err := checkPCSID(id, "resource name"); err != nil {
		return err
	}
	ids := collectIDs(c)
	if ids[id] {
		return errorf("'%s' already exists", id)
	}
	var group *cib.Group
	if opt.Group != "" {
		if err := checkPCSID(opt.Group, "group name"); err != nil {
			return err
		}
		if l, ok := findResource(c, opt.Group); ok {
			if l.group == nil || l.prim != nil {
				return errorf("'%s' is not a group", opt.Group)
			}
			group = l.group
		} else if ids[opt.Group] {
			return errorf("'%s' is not a group", opt.Group)
		}
	}
	a, md, err := p.resolveAgent(agentName)
	if err != nil {
		return err
	}
	pa, err := splitPCSArgs(args)
	if err != nil {
		return err
	}
	if err := p.checkParams(md, pa.params, true); err != nil {
		return err
	}
	if err := checkOps(pa.ops, md, p.Force, p.Warn); err != nil {
		return err
	}
	if pa.clone {
		if opt.Group != "" {
			return errorf("you can specify only one of clone, promotable, bundle or --group")
		}
		if pa.cloneMeta, err = uniquePairs(pa.cloneMeta); err != nil {
			return err
		}
		if err := p.checkCloneChild([]cib.Primitive{{ID: id, Class: a.Class, Provider: a.Provider, Type: a.Type}}, "", pa.cloneMeta); err != nil {
			return err
		}
		if pa.cloneID != "" {
			if err := checkPCSID(pa.cloneID, "id"); err != nil {
				return err
			}
			if ids[pa.cloneID] || pa.cloneID == id {
				return errorf("'%s' already exists", pa.cloneID)
			}
		}
	}
	ids[id] = true
	prim := cib.Primitive{ID: id, Class: a.Class, Provider: a.Provider, Type: a.Type}
	if set := newSortedSet(id+"-instance_attributes", pa.params, ids); set != nil {
		prim.InstanceAttributes = cib.Sets{*set}
	}
	meta := pa.meta
	if opt.Disabled && !pa.clone {
		meta = append(meta, pair{"target-role", "Stopped"})
	}
	if set := newSortedSet(id+"-meta_attributes", meta, ids); set != nil {
		prim.MetaAttributes = cib.Sets{*set}
	}
	given := map[string]bool{}
	for _, op := range pa.ops {
		given[op.Name] = true
	}
	all := append(append([]pcsOp(nil), pa.ops...), defaultOps(md, given)...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	prim.Operations = &cib.Operations{}
	for _, op := range all {
		o, err := buildOp(id, op, ids)
		if err != nil {
			return err
		}
		prim.Operations.Ops = append(prim.Operations.Ops, o)
	}
	rs := &c.Configuration.Resources
	switch {
	case pa.clone:
		rs.Items = append(rs.Items, cib.Resource{Clone: newCreatedClone(&prim, pa, opt.Disabled, ids)})
	case group != nil:
		group.Primitives = append(group.Primitives, prim)
	case opt.Group != "":
		rs.Items = append(rs.Items, cib.Resource{Group: &cib.Group{ID: opt.Group, Primitives: []cib.Primitive{prim}}})
	default:
		rs.Items = append(rs.Items, cib.Resource{Primitive: &prim})
	}
	return nil
}

// newSortedSet builds a fresh set with pairs sorted by name (pcs's
// append_new_nvset); nil when there is nothing to hold.
func newSortedSet(id string, pairs []pair, ids idSet) *cib.NVSet {
	var ps []pair
	seen := map[string]int{}
	for _, kv := range pairs {
		if kv.Value == "" {
			continue
		}
		if i, dup := seen[kv.Name]; dup {
			ps[i] = kv // the last value wins, as in a dict
			continue
		}
		seen[kv.Name] = len(ps)
		ps = append(ps, kv)
	}
	if len(ps) == 0 {
		return nil
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
	set := cib.NVSet{ID: ids.pcsUnique(sanitizeID(id))}
	for _, kv := range ps {
		set.Pairs = append(set.Pairs, cib.NVPair{ID: ids.pcsUnique(sanitizeID(set.ID + "-" + kv.Name)), Name: kv.Name, Value: kv.Value})
	}
	return &set
}

// ResourceDelete is `pcs resource delete ID`: the resource (a group with
// its members), constraints naming it, and a group it empties.
func (p *PCS) ResourceDelete(c *cib.CIB, id string) error {
	l, ok := findResource(c, id)
	if !ok {
		return errorf("Resource '%s' does not exist.", id)
	}
	gone := map[string]bool{id: true}
	rs := &c.Configuration.Resources
	switch {
	case l.prim != nil && l.member && l.clone == nil:
		if len(l.group.Primitives) == 1 {
			gone[l.group.ID] = true
		}
		takePrimitive(c, id)
	case l.prim != nil && l.clone == nil:
		takePrimitive(c, id)
	default:
		// a group, a clone or something held in a clone: the whole top entry
		top := rs.Items[l.top]
		gone[top.ID()] = true
		if top.Group != nil {
			for _, m := range top.Group.Primitives {
				gone[m.ID] = true
			}
		}
		if top.Clone != nil {
			if top.Clone.Primitive != nil {
				gone[top.Clone.Primitive.ID] = true
			}
			if top.Clone.Group != nil {
				gone[top.Clone.Group.ID] = true
				for _, m := range top.Clone.Group.Primitives {
					gone[m.ID] = true
				}
			}
		}
		rs.Items = append(rs.Items[:l.top:l.top], rs.Items[l.top+1:]...)
	}
	for _, cid := range dropConstraintsFor(c, gone) {
		p.Warn.warn("Removing Constraint - %s", cid)
	}
	p.Warn.warn("Deleting Resource - %s", id)
	return nil
}

// ResourceMeta is `pcs resource meta ID k=v...` (empty value removes).
func (p *PCS) ResourceMeta(c *cib.CIB, id string, args []string) error {
	l, ok := findResource(c, id)
	if !ok || l.kind() == "resource" {
		return errorf("unable to find a resource/clone/group: %s", id)
	}
	pairs, err := parsePairs(args, "meta option")
	if err != nil {
		return err
	}
	return p.applyMeta(c, l, id, pairs)
}

func (p *PCS) applyMeta(c *cib.CIB, l rscLoc, id string, pairs []pair) error {
	if len(pairs) == 0 {
		return nil
	}
	ids := collectIDs(c)
	ss := metaSetOf(l)
	set := firstPlainSet(ss, func() string { return ids.pcsUnique(id + "-meta_attributes") })
	setPairs(set, pairs, ids.pcsUnique)
	return nil
}

// ResourceUpdate is `pcs resource update ID [k=v...] [op NAME k=v...] [meta k=v...]`.
func (p *PCS) ResourceUpdate(c *cib.CIB, id string, args []string) error {
	l, ok := findResource(c, id)
	if !ok {
		return errorf("Unable to find resource: %s", id)
	}
	pa, err := splitPCSArgs(args)
	if err != nil {
		return err
	}
	if pa.clone {
		return errorf("missing value of 'clone' option")
	}
	if l.prim == nil {
		if len(pa.params) > 0 || len(pa.ops) > 0 {
			return errorf("'%s' is not a primitive resource; only meta attributes can be updated", id)
		}
		return p.applyMeta(c, l, id, pa.meta)
	}
	prim := l.prim
	a := AgentName{Class: prim.Class, Provider: prim.Provider, Type: prim.Type}
	md, err := p.Agents.Metadata(a)
	if err != nil {
		if !p.Force {
			return forceable("Agent '%s' is not installed or does not provide valid metadata: %v", a, err)
		}
		p.Warn.warn("Warning: Agent '%s' is not installed or does not provide valid metadata: %v", a, err)
		md = nil
	}
	if err := p.checkParams(md, pa.params, false); err != nil {
		return err
	}
	if err := checkOps(pa.ops, md, p.Force, p.Warn); err != nil {
		return err
	}
	ids := collectIDs(c)
	if len(pa.params) > 0 {
		set := firstPlainSet(&prim.InstanceAttributes, func() string { return ids.pcsUnique(id + "-instance_attributes") })
		setPairs(set, pa.params, ids.pcsUnique)
	}
	for _, op := range pa.ops {
		if prim.Operations == nil {
			prim.Operations = &cib.Operations{}
		}
		pos := -1
		var kept []cib.Op
		for _, o := range prim.Operations.Ops {
			if o.Name == op.Name {
				if pos < 0 {
					pos = len(kept)
				}
				delete(ids, o.ID)
				continue
			}
			kept = append(kept, o)
		}
		o, err := buildOp(id, op, ids)
		if err != nil {
			return err
		}
		if pos < 0 {
			kept = append(kept, o)
		} else {
			kept = append(kept[:pos], append([]cib.Op{o}, kept[pos:]...)...)
		}
		prim.Operations.Ops = kept
	}
	return p.applyMeta(c, l, id, pa.meta)
}

// GroupAdd is `pcs resource group add G R...`: creates the group at the end
// of <resources> or extends it; members move out of their old place.
func (p *PCS) GroupAdd(c *cib.CIB, gid string, members []string) error {
	if len(members) == 0 {
		return errorf("No resources to add")
	}
	if err := checkPCSID(gid, "group name"); err != nil {
		return err
	}
	var group *cib.Group
	if l, ok := findResource(c, gid); ok {
		if l.group == nil || l.prim != nil {
			return errorf("'%s' is not a group", gid)
		}
		group = l.group
	} else if collectIDs(c)[gid] {
		return errorf("'%s' is not a group", gid)
	}
	seen := map[string]bool{}
	for _, m := range members {
		l, ok := findResource(c, m)
		switch {
		case !ok:
			return errorf("'%s' does not exist", m)
		case l.prim == nil:
			return errorf("'%s' is not a primitive resource", m)
		case l.clone != nil:
			return errorf("'%s' is a clone resource, clone resources cannot be put into a group", m)
		case seen[m]:
			return errorf("Resource '%s' is specified more than once", m)
		}
		if group != nil && l.group == group {
			return errorf("'%s' already exists in '%s'", m, gid)
		}
		seen[m] = true
	}
	var prims []cib.Primitive
	for _, m := range members {
		pr, _ := takePrimitive(c, m)
		prims = append(prims, pr)
	}
	if group != nil {
		// the group may have moved when a member left an emptied group
		l, ok := findResource(c, gid)
		if !ok {
			return errorf("'%s' does not exist", gid)
		}
		l.group.Primitives = append(l.group.Primitives, prims...)
		return nil
	}
	rs := &c.Configuration.Resources
	rs.Items = append(rs.Items, cib.Resource{Group: &cib.Group{ID: gid, Primitives: prims}})
	return nil
}
