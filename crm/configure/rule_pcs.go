package configure

import (
	"regexp"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// pcsRuleKeywords are the words pcs's rule grammar reserves; anything else
// is a literal (an attribute name or a value).
var pcsRuleKeywords = map[string]bool{
	"eq": true, "ne": true, "lt": true, "gt": true, "lte": true, "gte": true,
	"in_range": true, "to": true, "defined": true, "not_defined": true,
	"string": true, "integer": true, "number": true, "version": true,
	"and": true, "or": true, "(": true, ")": true, "date-spec": true, "duration": true,
}

var pcsTypeValue = map[string]*regexp.Regexp{
	"integer": regexp.MustCompile(`^[-+]?\d+$`),
	"number":  regexp.MustCompile(`^[-+]?(\d+|(\d*\.\d+)|(\d+\.\d*))([eE][+-]?\d+)?$`),
	"version": regexp.MustCompile(`^\d+(\.\d+)*$`),
}

// errEndOfRule is the parser running out of words.
var errEndOfRule = errorf("unexpected end of rule")

// pcsRuleParser reads pcs 0.11's rule expressions: comparisons
// (ATTR OP [TYPE] VALUE), defined/not_defined ATTR, date gt|lt DATE,
// date in_range DATE to DATE|duration k=v..., joined by and/or (equal
// precedence, left to right) and grouped with parentheses.
type pcsRuleParser struct {
	toks []string
	pos  int
}

// parsePCSRule parses a pcs rule expression given as command-line words.
func parsePCSRule(argv []string) (*ruleNode, error) {
	if len(argv) == 0 {
		return nil, errorf("no rule expression was specified")
	}
	p := &pcsRuleParser{toks: splitParens(argv)}
	n, err := p.expr()
	if err == nil && p.pos < len(p.toks) {
		err = errorf("unexpected '%s'", p.toks[p.pos])
	}
	if err != nil {
		return nil, errorf("'%s' is not a valid rule expression: %s", strings.Join(argv, " "), err.(*Error).Msg)
	}
	return n, nil
}

// splitParens makes "(" and ")" words of their own, as pcs does.
func splitParens(argv []string) []string {
	var out []string
	for _, w := range argv {
		part := ""
		for _, r := range w {
			if r == '(' || r == ')' {
				if part != "" {
					out = append(out, part)
					part = ""
				}
				out = append(out, string(r))
				continue
			}
			part += string(r)
		}
		if part != "" {
			out = append(out, part)
		}
	}
	return out
}

func (p *pcsRuleParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *pcsRuleParser) next() (string, error) {
	if p.pos >= len(p.toks) {
		return "", errEndOfRule
	}
	p.pos++
	return p.toks[p.pos-1], nil
}

// literal takes a word that is not a keyword.
func (p *pcsRuleParser) literal() (string, error) {
	w, err := p.next()
	if err != nil {
		return "", err
	}
	if pcsRuleKeywords[w] {
		return "", errorf("unexpected '%s'", w)
	}
	return w, nil
}

func (p *pcsRuleParser) expr() (*ruleNode, error) {
	left, err := p.term()
	if err != nil {
		return nil, err
	}
	for p.peek() == "and" || p.peek() == "or" {
		op, _ := p.next()
		right, err := p.term()
		if err != nil {
			return nil, err
		}
		left = &ruleNode{boolOp: op, kids: []*ruleNode{left, right}}
	}
	return left, nil
}

func (p *pcsRuleParser) term() (*ruleNode, error) {
	w, err := p.next()
	if err != nil {
		return nil, err
	}
	switch w {
	case "(":
		n, err := p.expr()
		if err != nil {
			return nil, err
		}
		if c, err := p.next(); err != nil || c != ")" {
			return nil, errorf("missing ')'")
		}
		return n, nil
	case "defined", "not_defined":
		attr, err := p.literal()
		if err != nil {
			return nil, err
		}
		return &ruleNode{expr: &cib.Expression{Attribute: attr, Operation: w}}, nil
	case "date-spec":
		return nil, errorf("date-spec is not supported by gocrm's scheduler yet")
	}
	if pcsRuleKeywords[w] {
		return nil, errorf("unexpected '%s'", w)
	}
	op, err := p.next()
	if err != nil {
		return nil, err
	}
	switch {
	case op == "in_range":
		return p.inRange(w)
	case !contains(ruleBinaryOps, op):
		return nil, errorf("missing one of 'eq', 'ne', 'lt', 'gt', 'lte', 'gte', 'in_range', 'defined', 'not_defined', 'date-spec'")
	case w == "date" && (op == "gt" || op == "lt") && !contains(ruleTypes, p.peek()):
		v, err := p.literal()
		if err != nil {
			return nil, err
		}
		if err := checkRuleDate(v); err != nil {
			return nil, err
		}
		d := &cib.DateExpression{Operation: op}
		if op == "gt" {
			d.Start = v
		} else {
			d.End = v
		}
		return &ruleNode{date: d}, nil
	}
	e := &cib.Expression{Attribute: w, Operation: op}
	if contains(ruleTypes, p.peek()) {
		e.Type, _ = p.next()
	}
	v, err := p.literal()
	if err != nil {
		return nil, err
	}
	if re := pcsTypeValue[e.Type]; re != nil && !re.MatchString(v) {
		return nil, errorf("invalid %s value '%s'", e.Type, v)
	}
	e.Value = v
	return &ruleNode{expr: e}, nil
}

// inRange reads "date in_range START to END|duration k=v...".
func (p *pcsRuleParser) inRange(attr string) (*ruleNode, error) {
	if attr != "date" {
		return nil, errorf("in_range can be used with 'date' only")
	}
	start, err := p.literal()
	if err != nil {
		return nil, err
	}
	if err := checkRuleDate(start); err != nil {
		return nil, err
	}
	if to, err := p.next(); err != nil || to != "to" {
		return nil, errorf("missing 'to'")
	}
	d := &cib.DateExpression{Operation: "in_range", Start: start}
	if p.peek() != "duration" {
		end, err := p.literal()
		if err != nil {
			return nil, err
		}
		if err := checkRuleDate(end); err != nil {
			return nil, err
		}
		d.End = end
		return &ruleNode{date: d}, nil
	}
	p.pos++
	d.Duration = &cib.DateFields{}
	for p.pos < len(p.toks) && strings.Contains(p.toks[p.pos], "=") {
		name, value, _ := strings.Cut(p.toks[p.pos], "=")
		if value == "" {
			return nil, errorf("missing value after '%s' in duration", name)
		}
		if err := checkDuration(name, value); err != nil {
			return nil, err
		}
		setDateField(d.Duration, name, value)
		p.pos++
	}
	if len(d.Duration.Attrs) == 0 {
		return nil, errorf("missing one of 'hours=', 'monthdays=', 'weekdays=', 'yeardays=', 'months=', 'weeks=', 'years=', 'weekyears=', 'moon=' in duration")
	}
	return &ruleNode{date: d}, nil
}

// setDateField sets a duration part; a repeated name keeps the last value.
func setDateField(f *cib.DateFields, name, value string) {
	for i := range f.Attrs {
		if f.Attrs[i].Name.Local == name {
			f.Attrs[i].Value = value
			return
		}
	}
	f.Attrs = append(f.Attrs, xmlAttr(name, value))
}

// LocationRule is `pcs constraint location R rule [id=] [constraint-id=]
// [resource-discovery=] [score=] EXPRESSION`: a new rsc_location holding
// one rule. role= and score-attribute= are refused: gocrm's scheduler does
// not evaluate them yet.
func (p *PCS) LocationRule(c *cib.CIB, rsc string, argv []string) error {
	if strings.HasPrefix(rsc, "regexp%") {
		return errorf("resource patterns (regexp%%) are not supported by gocrm yet")
	}
	rsc = strings.TrimPrefix(rsc, "resource%")
	opts := map[string]string{}
	for len(argv) > 0 {
		name, value, ok := strings.Cut(argv[0], "=")
		if !ok || !contains([]string{"id", "role", "score", "score-attribute", "constraint-id", "resource-discovery"}, name) {
			break
		}
		opts[name], argv = value, argv[1:]
	}
	if _, err := constraintResource(c, rsc, p.Force); err != nil {
		return err
	}
	ids := collectIDs(c)
	l := cib.Location{Rsc: rsc, ResourceDiscovery: opts["resource-discovery"]}
	if cid, ok := opts["constraint-id"]; ok {
		if err := checkPCSID(cid, "constraint id"); err != nil {
			return err
		}
		if ids[cid] {
			return errorf("id '%s' is already in use, please specify another one", cid)
		}
		l.ID = cid
		ids[cid] = true
	} else {
		l.ID = ids.pcsUnique(sanitizeID("location-" + rsc))
	}
	score, hasScore := opts["score"]
	_, hasAttr := opts["score-attribute"]
	switch {
	case hasScore && hasAttr && score != "":
		return errorf("can not specify both score and score-attribute")
	case hasScore && score != "" && checkScore(score) != nil:
		return errorf("invalid score'%s'", score)
	case hasAttr:
		return errorf("score-attribute is not supported by gocrm's scheduler yet; use score=")
	case opts["role"] != "":
		return errorf("rule roles are not supported by gocrm's scheduler yet")
	}
	if score == "" {
		score = "INFINITY"
	}
	rid := l.ID + "-rule"
	if v, ok := opts["id"]; ok && v != "" {
		if err := checkPCSID(v, "rule id"); err != nil {
			return err
		}
		if ids[v] {
			return errorf("id '%s' is already in use, please specify another one", v)
		}
		rid = v
	}
	tree, err := parsePCSRule(argv)
	if err != nil {
		return err
	}
	rule := buildPCSRule(rid, tree, ids.pcsUnique)
	rule.Score = score
	l.Rules = []cib.Rule{rule}
	if !p.Force {
		if dups := duplicateRuleLocations(c, &l); len(dups) > 0 {
			return errorf("duplicate constraint already exists, use --force to override\n  Constraint: %s", strings.Join(dups, "\n  Constraint: "))
		}
	}
	appendConstraint(c, cib.Constraint{Location: &l})
	return nil
}

// duplicateRuleLocations lists rule constraints on the same resource whose
// rules say the same (ids and scores aside), as pcs compares them.
func duplicateRuleLocations(c *cib.CIB, l *cib.Location) []string {
	want := ruleKeys(l.Rules)
	var out []string
	for _, k := range c.Configuration.Constraints.Items {
		x := k.Location
		if x == nil || len(x.Rules) == 0 || x.Rsc != l.Rsc || x.RscPattern != "" {
			continue
		}
		if strings.Join(ruleKeys(x.Rules), "\n") == strings.Join(want, "\n") {
			out = append(out, x.ID)
		}
	}
	return out
}

// ruleKeys renders every rule (nested ones too, outer first) as pcs's
// normalized expression text.
func ruleKeys(rules []cib.Rule) []string {
	var out []string
	var walk func(r *cib.Rule)
	walk = func(r *cib.Rule) {
		out = append(out, ruleKey(r))
		for i := range r.Rules {
			walk(&r.Rules[i])
		}
	}
	for i := range rules {
		walk(&rules[i])
	}
	return out
}

func ruleKey(r *cib.Rule) string {
	var parts []string
	for _, e := range r.Expressions {
		if e.Value == "" {
			parts = append(parts, e.Operation+" "+e.Attribute)
			continue
		}
		parts = append(parts, e.Attribute+" "+e.Operation+" "+orDefault(e.Type, "string")+" "+e.Value)
	}
	for _, d := range r.Dates {
		s := "date " + d.Operation + " " + d.Start + " " + d.End
		if d.Duration != nil {
			var fs []string
			for _, a := range d.Duration.Attrs {
				fs = append(fs, a.Name.Local+"="+a.Value)
			}
			sortStrings(fs)
			s += " duration " + strings.Join(fs, " ")
		}
		parts = append(parts, s)
	}
	for i := range r.Rules {
		parts = append(parts, "("+ruleKey(&r.Rules[i])+")")
	}
	sortStrings(parts)
	return strings.Join(parts, " "+orDefault(r.BooleanOp, "or")+" ")
}
