package configure

import (
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// pcsActions are the actions pcs accepts before an order resource.
var pcsActions = []string{"start", "stop", "promote", "demote"}

// checkScore accepts what Pacemaker's score parser and pcs accept:
// an integer, INFINITY, +INFINITY or -INFINITY.
func checkScore(s string) error {
	switch s {
	case "INFINITY", "+INFINITY", "-INFINITY":
		return nil
	}
	t := strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	if t == "" || len(t) > 18 {
		return errorf("invalid score '%s', use integer or INFINITY or -INFINITY", s)
	}
	for _, r := range t {
		if r < '0' || r > '9' {
			return errorf("invalid score '%s', use integer or INFINITY or -INFINITY", s)
		}
	}
	return nil
}

// constraintResource checks a resource a pcs constraint names.
func constraintResource(c *cib.CIB, id string, force bool) (rscLoc, error) {
	l, ok := findResource(c, id)
	if !ok {
		return l, errorf("Resource '%s' does not exist", id)
	}
	if l.clone != nil && l.member && !force {
		return l, forceable("%s is a clone resource, you should use the clone id: %s when adding constraints", id, l.clone.ID)
	}
	return l, nil
}

func selfConstraint(kind, a, b string) error {
	if a == b {
		return errorf("Cannot create a %s constraint of resource '%s' with itself", kind, a)
	}
	return nil
}

func appendConstraint(c *cib.CIB, k cib.Constraint) {
	c.Configuration.Constraints.Items = append(c.Configuration.Constraints.Items, k)
}

// Order is `pcs constraint order [ACTION] A then [ACTION] B [options]`.
func (p *PCS) Order(c *cib.CIB, args []string) error {
	if len(args) > 0 && args[0] == "set" {
		return p.OrderSet(c, args)
	}
	usage := errorf("usage: constraint order [action] <resource id> then [action] <resource id> [options]")
	o := cib.Order{FirstAction: "start", ThenAction: "start"}
	if len(args) > 0 && contains(pcsActions, args[0]) {
		o.FirstAction, args = args[0], args[1:]
	}
	if len(args) < 3 || args[1] != "then" {
		return usage
	}
	o.First, args = args[0], args[2:]
	if contains(pcsActions, args[0]) {
		o.ThenAction, args = args[0], args[1:]
	}
	if len(args) == 0 {
		return usage
	}
	o.Then, args = args[0], args[1:]
	if err := selfConstraint("order", o.First, o.Then); err != nil {
		return err
	}
	la, err := constraintResource(c, o.First, p.Force)
	if err != nil {
		return err
	}
	lb, err := constraintResource(c, o.Then, p.Force)
	if err != nil {
		return err
	}
	if la.group != nil && la.group == lb.group {
		return errorf("Cannot create an order constraint for resources in the same group")
	}
	suffix := "mandatory"
	ids := collectIDs(c)
	for _, w := range args {
		switch w {
		case "symmetrical":
			o.Symmetrical = "true"
			continue
		case "nonsymmetrical":
			o.Symmetrical = "false"
			continue
		case "then":
			return errorf("Multiple 'then's cannot be specified.")
		}
		i := strings.IndexByte(w, '=')
		if i <= 0 || i == len(w)-1 {
			return errorf("missing value of '%s' option", w)
		}
		name, v := w[:i], w[i+1:]
		switch name {
		case "id":
			if err := checkNewConstraintID(v, ids); err != nil {
				return err
			}
			o.ID = v
		case "symmetrical":
			switch strings.ToLower(v) {
			case "true", "false":
				o.Symmetrical = strings.ToLower(v)
			default:
				return errorf("invalid symmetrical value '%s', allowed values are: true, false", v)
			}
		case "kind":
			switch v {
			case "Optional", "Mandatory", "Serialize":
			default:
				return errorf("invalid kind value '%s', allowed values are: Optional, Mandatory, Serialize", v)
			}
			o.Kind = v
			suffix = v
		default:
			return errorf("invalid option '%s', allowed options are: id, kind, symmetrical", name)
		}
	}
	if o.ID == "" {
		o.ID = ids.pcsUnique("order-" + o.First + "-" + o.Then + "-" + suffix)
	}
	if !p.Force {
		for _, k := range c.Configuration.Constraints.Items {
			x := k.Order
			if x != nil && len(x.Unknown) == 0 && x.First == o.First && x.Then == o.Then &&
				orDefault(strings.ToLower(x.FirstAction), "start") == o.FirstAction &&
				orDefault(strings.ToLower(x.ThenAction), "start") == o.ThenAction {
				return forceable("duplicate constraint already exists (id:%s)", x.ID)
			}
		}
	}
	appendConstraint(c, cib.Constraint{Order: &o})
	p.Warn.warn("Adding %s %s (kind: %s) (Options: first-action=%s then-action=%s%s)", o.First, o.Then, orDefault(o.Kind, "Mandatory"), o.FirstAction, o.ThenAction, optSym(o.Symmetrical))
	return nil
}

func optSym(s string) string {
	if s == "" {
		return ""
	}
	return " symmetrical=" + s
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// Colocation is `pcs constraint colocation add A with B [score] [id=..]`.
func (p *PCS) Colocation(c *cib.CIB, args []string) error {
	if len(args) < 3 || args[1] != "with" {
		return errorf("usage: constraint colocation add <resource id> with <resource id> [score] [options]")
	}
	k := cib.Colocation{Rsc: args[0], WithRsc: args[2], Score: "INFINITY"}
	rest := args[3:]
	if len(rest) > 0 && !strings.Contains(rest[0], "=") {
		k.Score, rest = rest[0], rest[1:]
		if err := checkScore(k.Score); err != nil {
			return err
		}
	}
	if err := selfConstraint("colocation", k.Rsc, k.WithRsc); err != nil {
		return err
	}
	if _, err := constraintResource(c, k.Rsc, p.Force); err != nil {
		return err
	}
	if _, err := constraintResource(c, k.WithRsc, p.Force); err != nil {
		return err
	}
	ids := collectIDs(c)
	for _, w := range rest {
		i := strings.IndexByte(w, '=')
		if i <= 0 || i == len(w)-1 {
			return errorf("missing value of '%s' option", w)
		}
		name, v := w[:i], w[i+1:]
		switch name {
		case "id":
			if err := checkNewConstraintID(v, ids); err != nil {
				return err
			}
			k.ID = v
		case "score":
			if err := checkScore(v); err != nil {
				return err
			}
			k.Score = v
		default:
			return errorf("invalid option '%s', allowed options are: id, score", name)
		}
	}
	if k.ID == "" {
		k.ID = ids.pcsUnique(sanitizeID("colocation-" + k.Rsc + "-" + k.WithRsc + "-" + k.Score))
	}
	if !p.Force {
		for _, x := range c.Configuration.Constraints.Items {
			y := x.Colocation
			if y != nil && len(y.Unknown) == 0 && (y.Rsc == k.Rsc && y.WithRsc == k.WithRsc || y.Rsc == k.WithRsc && y.WithRsc == k.Rsc) {
				return forceable("duplicate constraint already exists (id:%s)", y.ID)
			}
		}
	}
	appendConstraint(c, cib.Constraint{Colocation: &k})
	return nil
}

// Location is `pcs constraint location R prefers|avoids N[=score]...`. A
// node already constrained for R by a plain constraint gets the new one
// instead (pcs replaces it).
func (p *PCS) Location(c *cib.CIB, args []string) error {
	if len(args) < 3 || args[1] != "prefers" && args[1] != "avoids" {
		return errorf("usage: constraint location <resource id> prefers|avoids <node>[=<score>]...")
	}
	rsc, avoid := args[0], args[1] == "avoids"
	if _, err := constraintResource(c, rsc, p.Force); err != nil {
		return err
	}
	type nodeScore struct{ node, score string }
	var list []nodeScore
	for _, w := range args[2:] {
		node, score := w, "INFINITY"
		if i := strings.IndexByte(w, '='); i >= 0 {
			node, score = w[:i], w[i+1:]
		}
		if node == "" {
			return errorf("missing node name in '%s'", w)
		}
		if score != "INFINITY" && score != "+INFINITY" {
			if err := checkScore(score); err != nil || strings.HasPrefix(score, "-") {
				return errorf("invalid score '%s', use integer or INFINITY or -INFINITY", score)
			}
		}
		if avoid {
			score = "-" + strings.TrimPrefix(score, "+")
		}
		list = append(list, nodeScore{node, score})
	}
	p.Warn.warn("Warning: Validation for node existence in the cluster will be skipped")
	for _, ns := range list {
		var kept []cib.Constraint
		for _, k := range c.Configuration.Constraints.Items {
			if l := k.Location; l != nil && l.Rsc == rsc && l.Node == ns.node && len(l.Rules) == 0 && l.Role == "" {
				continue
			}
			kept = append(kept, k)
		}
		c.Configuration.Constraints.Items = kept
		ids := collectIDs(c)
		l := cib.Location{ID: ids.pcsUnique(sanitizeID("location-" + rsc + "-" + ns.node + "-" + ns.score)), Rsc: rsc, Node: ns.node, Score: ns.score}
		appendConstraint(c, cib.Constraint{Location: &l})
	}
	return nil
}

// checkNewConstraintID checks an id= option of a new constraint as pcs
// does: a valid id that the CIB does not use yet.
func checkNewConstraintID(v string, ids map[string]bool) error {
	if err := checkPCSID(v, "constraint id"); err != nil {
		return err
	}
	if ids[v] {
		return errorf("id '%s' is already in use, please specify another one", v)
	}
	return nil
}
