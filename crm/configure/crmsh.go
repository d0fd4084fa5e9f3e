package configure

import (
	"regexp"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// Crmsh applies `crm configure` commands in crmsh 4.4.1 syntax.
type Crmsh struct {
	Agents Agents
	Force  bool   // crm -F
	Warn   Warner // crmsh's WARNING lines
}

// Apply runs one configure subcommand (args[0] is its name) on c. show
// returns its text in out; edits return "".
func (m *Crmsh) Apply(c *cib.CIB, args []string) (out string, err error) {
	if len(args) == 0 {
		return "", errorf("configure: missing command")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "primitive":
		return "", m.primitive(c, rest)
	case "group":
		return "", m.group(c, rest)
	case "clone":
		return "", m.clone(c, rest)
	case "colocation", "collocation":
		return "", m.colocation(c, rest)
	case "order":
		return "", m.order(c, rest)
	case "location":
		return "", m.location(c, rest)
	case "property":
		return "", m.nvsetCommand(c, "property", rest)
	case "rsc_defaults":
		return "", m.nvsetCommand(c, "rsc_defaults", rest)
	case "op_defaults":
		return "", m.nvsetCommand(c, "op_defaults", rest)
	case "delete":
		return "", m.delete(c, rest)
	case "show":
		return Show(c, rest)
	}
	return "", errorf("configure: unknown command %q (gocrm supports primitive, group, clone, colocation, order, location, property, rsc_defaults, op_defaults, delete, show)", cmd)
}

// crmshArgs is a primitive's or group's tail: attribute lists and ops in
// command-line order.
type crmshArgs struct {
	params, meta []pair
	ops          []pcsOp
	order        []string // "params", "meta", "op" as first seen
}

func splitCrmshArgs(id string, words []string, implicitParams bool) (crmshArgs, error) {
	var out crmshArgs
	section := ""
	if implicitParams {
		section = "params"
	}
	seen := map[string]bool{}
	mark := func(s string) {
		if !seen[s] {
			seen[s] = true
			out.order = append(out.order, s)
		}
	}
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch w {
		case "params", "meta":
			section = w
			continue
		case "op":
			if i+1 >= len(words) || strings.Contains(words[i+1], "=") {
				return out, errorf("%s: syntax error near <op>: expected an operation name", id)
			}
			i++
			out.ops = append(out.ops, pcsOp{Name: words[i]})
			mark("op")
			section = "op"
			continue
		case "utilization", "operations", "rule":
			return out, errorf("%s: '%s' is not supported by gocrm yet", id, w)
		}
		k := strings.IndexByte(w, '=')
		if k <= 0 || section == "" {
			return out, errorf("%s: syntax error near <%s>", id, w)
		}
		p := pair{w[:k], w[k+1:]}
		switch section {
		case "params":
			mark("params")
			out.params = append(out.params, p)
		case "meta":
			mark("meta")
			out.meta = append(out.meta, p)
		case "op":
			op := &out.ops[len(out.ops)-1]
			op.Attrs = append(op.Attrs, p)
		}
	}
	return out, nil
}

// existing reports an id already in use, in crmsh's words.
func existing(c *cib.CIB, kind, id string) error {
	if l, ok := findResource(c, id); ok {
		return errorf("Cannot create %s with ID '%s': Found existing %s with same ID.", kind, id, l.kind())
	}
	for _, k := range c.Configuration.Constraints.Items {
		if k.ID() == id {
			return errorf("Cannot create %s with ID '%s': Found existing %s with same ID.", kind, id, crmshConstraintKind(k))
		}
	}
	if collectIDs(c)[id] {
		return errorf("Cannot create %s with ID '%s': the ID is already in use.", kind, id)
	}
	return nil
}

func (m *Crmsh) primitive(c *cib.CIB, args []string) error {
	if len(args) < 2 {
		return errorf("primitive: expected <id> <agent>")
	}
	id, agentName := args[0], args[1]
	if err := checkCRMID(id); err != nil {
		return err
	}
	if err := existing(c, "primitive", id); err != nil {
		return err
	}
	a, full, err := parseAgentName(agentName)
	if err != nil {
		return errorf("%s: %s", id, err.(*Error).Msg)
	}
	if !full {
		a = AgentName{Class: "ocf", Provider: "heartbeat", Type: agentName}
	}
	ca, err := splitCrmshArgs(id, args[2:], true)
	if err != nil {
		return err
	}
	md, mderr := m.Agents.Metadata(a)
	if mderr != nil {
		if !m.Force {
			return errorf("%s: got no meta-data, does this RA exist?", a)
		}
		m.Warn.warn("%s: got no meta-data, does this RA exist?", a)
	}
	if md != nil {
		var probs []string
		given := map[string]bool{}
		for _, p := range ca.params {
			given[p.Name] = true
			if _, ok := md.Param(p.Name); !ok {
				probs = append(probs, "parameter \""+p.Name+"\" is not known")
			}
		}
		for _, ps := range md.Parameters {
			if ps.IsRequired() && !given[ps.Name] {
				probs = append(probs, "required parameter \""+ps.Name+"\" not defined")
			}
		}
		if len(probs) > 0 {
			if !m.Force {
				return errorf("%s: %s", id, strings.Join(probs, "; "))
			}
			m.Warn.warn("%s: %s", id, strings.Join(probs, "; "))
		}
	}
	ids := collectIDs(c)
	ids[id] = true
	prim := cib.Primitive{ID: id, Class: a.Class, Provider: a.Provider, Type: a.Type}
	ca.buildSections(id, ids, &prim.InstanceAttributes, &prim.MetaAttributes, func() {
		prim.Operations = &cib.Operations{}
		for _, op := range ca.ops {
			prim.Operations.Ops = append(prim.Operations.Ops, crmshOp(id, op, ids))
		}
	})
	rs := &c.Configuration.Resources
	rs.Items = append(rs.Items, cib.Resource{Primitive: &prim})
	return nil
}

// buildSections fills the params and meta sets (and, through ops, the
// operations) in the order the command wrote them, which is the order
// crmsh makes their ids unique in.
func (ca crmshArgs) buildSections(id string, ids idSet, inst, meta *cib.Sets, ops func()) {
	for _, sec := range ca.order {
		switch sec {
		case "params":
			*inst = cib.Sets{crmshSet(id+"-instance_attributes", ca.params, ids)}
		case "meta":
			*meta = cib.Sets{crmshSet(id+"-meta_attributes", ca.meta, ids)}
		case "op":
			if ops != nil {
				ops()
			}
		}
	}
}

func crmshSet(id string, pairs []pair, ids idSet) cib.NVSet {
	set := cib.NVSet{ID: ids.crmshUnique(id)}
	for _, p := range pairs {
		set.Pairs = append(set.Pairs, cib.NVPair{ID: ids.crmshUnique(set.ID + "-" + p.Name), Name: p.Name, Value: p.Value})
	}
	return set
}

// crmshOp builds an <op>; without an interval crmsh adds interval="0".
func crmshOp(rsc string, op pcsOp, ids idSet) cib.Op {
	o := cib.Op{Name: op.Name, Interval: "0"}
	for _, a := range op.Attrs {
		switch a.Name {
		case "interval":
			o.Interval = a.Value
		case "timeout":
			o.Timeout = a.Value
		case "on-fail":
			o.OnFail = a.Value
		case "role":
			o.Role = a.Value
		case "enabled":
			o.Enabled = a.Value
		case "start-delay":
			o.StartDelay = a.Value
		case "interval-origin":
			o.IntervalOrigin = a.Value
		case "record-pending":
			o.RecordPending = a.Value
		case "description":
			o.Description = a.Value
		case "id":
			o.ID = a.Value
		default:
			o.Extra = append(o.Extra, xmlAttr(a.Name, a.Value))
		}
	}
	if o.ID == "" {
		o.ID = ids.crmshUnique(rsc + "-" + op.Name + "-" + o.Interval)
	}
	return o
}

func (m *Crmsh) group(c *cib.CIB, args []string) error {
	if len(args) < 2 {
		return errorf("group: expected <id> <rsc>...")
	}
	id := args[0]
	if err := checkCRMID(id); err != nil {
		return err
	}
	if err := existing(c, "group", id); err != nil {
		return err
	}
	var members []string
	rest := args[1:]
	for len(rest) > 0 && rest[0] != "meta" && rest[0] != "params" {
		members = append(members, rest[0])
		rest = rest[1:]
	}
	ca, err := splitCrmshArgs(id, rest, false)
	if err != nil {
		return err
	}
	if len(ca.ops) > 0 {
		return errorf("%s: a group has no operations", id)
	}
	var probs []string
	seen := map[string]bool{}
	for _, r := range members {
		l, ok := findResource(c, r)
		switch {
		case !ok:
			probs = append(probs, id+" refers to missing object "+r)
		case l.prim == nil:
			probs = append(probs, "Cannot create group:"+id+": Child "+l.kind()+":"+r+" is not a primitive")
		case l.clone != nil:
			probs = append(probs, "Cannot create group:"+id+": Child primitive:"+r+" already in clone:"+l.clone.ID)
		case l.member:
			probs = append(probs, "Cannot create group:"+id+": Child primitive:"+r+" already in group:"+l.group.ID)
		case seen[r]:
			probs = append(probs, id+": resource "+r+" listed twice")
		}
		seen[r] = true
	}
	if len(probs) > 0 {
		return errorf("%s", strings.Join(probs, "\n"))
	}
	ids := collectIDs(c)
	ids[id] = true
	g := cib.Group{ID: id}
	for _, r := range members {
		p, _ := takePrimitive(c, r)
		g.Primitives = append(g.Primitives, p)
	}
	ca.buildSections(id, ids, &g.InstanceAttributes, &g.MetaAttributes, nil)
	rs := &c.Configuration.Resources
	rs.Items = append(rs.Items, cib.Resource{Group: &g})
	return nil
}

var crmshScoreRE = regexp.MustCompile(`^[+-]?(inf(inity)?|INF(INITY)?|[0-9]+)$`)

// ParseCrmshScore reads crmsh's "<score>:" token (without the colon):
// [+-]inf, [+-]INFINITY, an integer, advisory or mandatory. The result is
// the CIB's spelling.
func ParseCrmshScore(s string) (string, error) {
	switch strings.ToLower(s) {
	case "advisory":
		return "0", nil
	case "mandatory":
		return "INFINITY", nil
	}
	if !crmshScoreRE.MatchString(s) || len(s) > 19 {
		return "", errorf("invalid score %q: use an integer, inf, -inf, INFINITY or -INFINITY", s)
	}
	for _, inf := range []string{"infinity", "inf", "INFINITY", "INF"} {
		if strings.HasSuffix(s, inf) {
			return strings.TrimSuffix(s, inf) + "INFINITY", nil
		}
	}
	return s, nil
}

// constraintRsc checks a resource a crmsh constraint names.
func (m *Crmsh) constraintRsc(c *cib.CIB, cid, rsc string) error {
	l, ok := findResource(c, rsc)
	if !ok {
		return errorf("%s: resource %s does not exist", cid, rsc)
	}
	if l.member && l.clone == nil {
		m.Warn.warn("%s: resource %s is grouped, constraints should apply to the group", cid, rsc)
	}
	return nil
}

func splitRole(s string) (rsc, suffix string) {
	if i := strings.IndexByte(s, ':'); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

func (m *Crmsh) colocation(c *cib.CIB, args []string) error {
	if len(args) < 2 || !strings.HasSuffix(args[1], ":") {
		return errorf("colocation: expected <id> <score>: <rsc> <with-rsc>")
	}
	id := args[0]
	if err := checkCRMID(id); err != nil {
		return err
	}
	if err := existing(c, "colocation", id); err != nil {
		return err
	}
	score, err := ParseCrmshScore(strings.TrimSuffix(args[1], ":"))
	if err != nil {
		return errorf("%s: %s", id, err.(*Error).Msg)
	}
	k := cib.Colocation{ID: id, Score: score}
	var rscs []string
	for _, w := range args[2:] {
		if strings.HasPrefix(w, "node-attribute=") {
			k.NodeAttribute = strings.ToLower(strings.TrimPrefix(w, "node-attribute="))
			continue
		}
		rscs = append(rscs, w)
	}
	list, err := parseCrmshList(id, rscs, "role")
	if err != nil {
		return err
	}
	if list.simple == nil {
		if err := m.checkCrmshSets(c, id, list.sets, "role"); err != nil {
			return err
		}
		k.Sets = list.sets
		appendConstraint(c, cib.Constraint{Colocation: &k})
		return nil
	}
	rscs = list.simple
	var roles [2]string
	k.Rsc, roles[0] = splitRole(rscs[0])
	k.WithRsc, roles[1] = splitRole(rscs[1])
	k.RscRole, k.WithRscRole = roles[0], roles[1]
	if err := selfConstraint("colocation", k.Rsc, k.WithRsc); err != nil {
		return err
	}
	for _, r := range []string{k.Rsc, k.WithRsc} {
		if err := m.constraintRsc(c, id, r); err != nil {
			return err
		}
	}
	appendConstraint(c, cib.Constraint{Colocation: &k})
	return nil
}

func (m *Crmsh) order(c *cib.CIB, args []string) error {
	if len(args) < 3 {
		return errorf("order: expected <id> [kind:] <first> <then>")
	}
	id := args[0]
	if err := checkCRMID(id); err != nil {
		return err
	}
	if err := existing(c, "order", id); err != nil {
		return err
	}
	o := cib.Order{ID: id}
	rest := args[1:]
	if strings.HasSuffix(rest[0], ":") && !strings.Contains(strings.TrimSuffix(rest[0], ":"), ":") {
		k := strings.TrimSuffix(rest[0], ":")
		switch strings.ToLower(k) {
		case "mandatory":
			o.Kind = "Mandatory"
		case "optional":
			o.Kind = "Optional"
		case "serialize":
			o.Kind = "Serialize"
		default:
			s, err := ParseCrmshScore(k)
			if err != nil {
				return errorf("%s: Invalid kind: %s", id, k)
			}
			o.Kind = "Mandatory"
			if s == "0" {
				o.Kind = "Optional"
			}
		}
		rest = rest[1:]
	}
	var rscs []string
	for _, w := range rest {
		if strings.HasPrefix(w, "symmetrical=") {
			v, ok := cib.ParseBool(strings.TrimPrefix(w, "symmetrical="))
			if !ok {
				return errorf("%s: invalid symmetrical value in %q", id, w)
			}
			o.Symmetrical = "false"
			if v {
				o.Symmetrical = "true"
			}
			continue
		}
		rscs = append(rscs, w)
	}
	list, err := parseCrmshList(id, rscs, "action")
	if err != nil {
		return err
	}
	if list.simple == nil {
		if err := m.checkCrmshSets(c, id, list.sets, "action"); err != nil {
			return err
		}
		o.Sets = list.sets
		appendConstraint(c, cib.Constraint{Order: &o})
		return nil
	}
	rscs = list.simple
	o.First, o.FirstAction = splitRole(rscs[0])
	o.Then, o.ThenAction = splitRole(rscs[1])
	for _, a := range []string{o.FirstAction, o.ThenAction} {
		if a != "" && !contains(pcsActions, a) {
			return errorf("%s: invalid action %q (start, stop, promote or demote)", id, a)
		}
	}
	if err := selfConstraint("order", o.First, o.Then); err != nil {
		return err
	}
	for _, r := range []string{o.First, o.Then} {
		if err := m.constraintRsc(c, id, r); err != nil {
			return err
		}
	}
	appendConstraint(c, cib.Constraint{Order: &o})
	return nil
}

func (m *Crmsh) location(c *cib.CIB, args []string) error {
	if len(args) < 4 {
		return errorf("location: expected <id> <rsc> <score>: <node> or <id> <rsc> rule [<score>:] <expression>")
	}
	id, rsc := args[0], args[1]
	if err := checkCRMID(id); err != nil {
		return err
	}
	if err := existing(c, "location", id); err != nil {
		return err
	}
	l := cib.Location{ID: id, Rsc: rsc}
	rest := args[2:]
	for len(rest) > 0 && strings.Contains(rest[0], "=") {
		k, v, _ := strings.Cut(rest[0], "=")
		switch k {
		case "role":
			l.Role = v
		case "resource-discovery":
			l.ResourceDiscovery = v
		default:
			return errorf("%s: unknown location option %q", id, k)
		}
		rest = rest[1:]
	}
	if len(rest) > 0 && rest[0] == "rule" {
		rules, err := parseCrmshRules(id, rest)
		if err != nil {
			return err
		}
		if err := m.constraintRsc(c, id, rsc); err != nil {
			return err
		}
		ids := collectIDs(c)
		ids[id] = true
		l.Rules = buildCrmshRules(id, rules, ids)
		appendConstraint(c, cib.Constraint{Location: &l})
		return nil
	}
	if len(rest) != 2 || !strings.HasSuffix(rest[0], ":") {
		return errorf("%s: expected <score>: <node>", id)
	}
	score, err := ParseCrmshScore(strings.TrimSuffix(rest[0], ":"))
	if err != nil {
		return errorf("%s: %s", id, err.(*Error).Msg)
	}
	l.Score, l.Node = score, rest[1]
	if err := m.constraintRsc(c, id, rsc); err != nil {
		return err
	}
	known := false
	for _, n := range c.Configuration.Nodes.Nodes {
		if strings.EqualFold(n.Uname, l.Node) || strings.EqualFold(n.ID, l.Node) {
			known = true
		}
	}
	if !known {
		m.Warn.warn("%s: referenced node %s does not exist", id, l.Node)
	}
	appendConstraint(c, cib.Constraint{Location: &l})
	return nil
}

// nvsetCommand is property, rsc_defaults and op_defaults: an optional
// "<set id>:" or "$id=<set id>" then name=value pairs.
func (m *Crmsh) nvsetCommand(c *cib.CIB, kind string, args []string) error {
	setID := ""
	if len(args) > 0 && strings.HasSuffix(args[0], ":") && !strings.Contains(args[0], "=") {
		setID, args = strings.TrimSuffix(args[0], ":"), args[1:]
	} else if len(args) > 0 && strings.HasPrefix(args[0], "$id=") {
		setID, args = strings.TrimPrefix(args[0], "$id="), args[1:]
	}
	pairs, err := parsePairs(args, "attribute")
	if err != nil {
		return err
	}
	if len(pairs) == 0 {
		return errorf("%s: expected name=value", kind)
	}
	for _, p := range pairs {
		if p.Value == "" {
			return errorf("%s: empty value for %s", kind, p.Name)
		}
	}
	ids := collectIDs(c)
	switch kind {
	case "property":
		if setID == "" {
			setID = "cib-bootstrap-options"
		}
		for _, p := range pairs {
			if !contains(pcsClusterProperties, p.Name) && !dcProperty(p.Name) {
				m.Warn.warn("%s: unknown attribute '%s'", setID, p.Name)
			}
		}
		sets := &c.Configuration.CRMConfig.PropertySets
		for i := range *sets {
			if (*sets)[i].ID == setID {
				setPairs(&(*sets)[i], pairs, ids.crmshUnique)
				return nil
			}
		}
		*sets = append(*sets, cib.NVSet{ID: ids.crmshUnique(setID)})
		setPairs(&(*sets)[len(*sets)-1], pairs, ids.crmshUnique)
		return nil
	case "rsc_defaults", "op_defaults":
		d := &c.Configuration.RscDefaults
		def := "rsc-options"
		if kind == "op_defaults" {
			d, def = &c.Configuration.OpDefaults, "op-options"
		}
		if *d == nil {
			*d = &cib.Defaults{}
		}
		var set *cib.NVSet
		if setID != "" {
			for i := range (*d).MetaAttributes {
				if (*d).MetaAttributes[i].ID == setID {
					set = &(*d).MetaAttributes[i]
				}
			}
			if set == nil {
				(*d).MetaAttributes = append((*d).MetaAttributes, cib.NVSet{ID: ids.crmshUnique(setID)})
				set = &(*d).MetaAttributes[len((*d).MetaAttributes)-1]
			}
		} else {
			set = firstPlainSet(&(*d).MetaAttributes, func() string { return ids.crmshUnique(def) })
		}
		setPairs(set, pairs, ids.crmshUnique)
	}
	return nil
}

// dcProperty names the properties the DC maintains itself.
func dcProperty(name string) bool {
	switch name {
	case "have-watchdog", "dc-version", "cluster-infrastructure", "cluster-name", "last-lrm-refresh":
		return true
	}
	return false
}

func (m *Crmsh) delete(c *cib.CIB, ids []string) error {
	if len(ids) == 0 {
		return errorf("delete: expected <id>...")
	}
	for _, id := range ids {
		if _, ok := findResource(c, id); ok {
			continue
		}
		found := false
		for _, k := range c.Configuration.Constraints.Items {
			if k.ID() == id {
				found = true
			}
		}
		if !found {
			return errorf("object %s does not exist", id)
		}
	}
	for _, id := range ids {
		if l, ok := findResource(c, id); ok && l.group != nil && l.prim == nil && l.clone == nil {
			m.ungroup(c, l)
			continue
		}
		if l, ok := findResource(c, id); ok && l.clone != nil && l.prim == nil && l.group == nil {
			m.unclone(c, l)
			continue
		}
		if _, ok := findResource(c, id); ok {
			p := &PCS{}
			if err := p.ResourceDelete(c, id); err != nil {
				return err
			}
			continue
		}
		var kept []cib.Constraint
		for _, k := range c.Configuration.Constraints.Items {
			if k.ID() != id {
				kept = append(kept, k)
			}
		}
		c.Configuration.Constraints.Items = kept
	}
	return nil
}

// ungroup is crmsh's delete of a group: the members stay, as top-level
// primitives appended after the other resources, and constraints naming
// the group now name its first member.
func (m *Crmsh) ungroup(c *cib.CIB, l rscLoc) {
	g := l.group
	rs := &c.Configuration.Resources
	items := append(rs.Items[:l.top:l.top], rs.Items[l.top+1:]...)
	for i := range g.Primitives {
		p := g.Primitives[i]
		items = append(items, cib.Resource{Primitive: &p})
	}
	rs.Items = items
	if len(g.Primitives) == 0 {
		return
	}
	first := g.Primitives[0].ID
	for _, k := range c.Configuration.Constraints.Items {
		for _, ref := range constraintRefPtrs(k) {
			if *ref == g.ID {
				*ref = first
				m.Warn.warn("modified %s from %s to %s", k.ID(), g.ID, first)
			}
		}
	}
}
