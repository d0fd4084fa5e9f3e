package configure

import (
	"regexp"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// crmshRule is one parsed "rule [SCORE:] EXPRESSION": a flat list of
// leaves joined by one boolean operator (crmsh has no parentheses).
type crmshRule struct {
	score string
	tree  *ruleNode
}

var (
	crmshIdentRE  = regexp.MustCompile(`^[a-zA-Z0-9_#$-][^=]*$`)
	crmshBinOpRE  = regexp.MustCompile(`^(?:(string|integer|number|version):)?(lt|gt|lte|gte|eq|ne)$`)
	crmshRuleRole = regexp.MustCompile(`(?i)^\$?role=`)
)

// parseCrmshRules reads crmsh 4.4.1's location rules, words[0] being
// "rule": [SCORE:] then ATTR [TYPE:]OP VALUE, defined|not_defined ATTR,
// date lt|gt DATE or date in_range start=DATE end=DATE|DURATION..., joined
// by and or or (not both). Rule ids, roles, score attributes, date specs
// and value sources are refused: gocrm's scheduler does not evaluate them.
func parseCrmshRules(id string, words []string) ([]crmshRule, error) {
	var out []crmshRule
	for len(words) > 0 {
		if words[0] != "rule" {
			return nil, errorf("%s: syntax error near <%s>", id, words[0])
		}
		words = words[1:]
		if len(words) == 0 {
			return nil, errorf("%s: rule: expected an expression", id)
		}
		r := crmshRule{score: "INFINITY"}
		switch w := words[0]; {
		case strings.HasPrefix(w, "$id=") || strings.HasPrefix(w, "$id-ref="):
			return nil, errorf("%s: rule ids (%s) are not supported by gocrm yet", id, w)
		case crmshRuleRole.MatchString(w):
			return nil, errorf("%s: rule roles (%s) are not supported by gocrm's scheduler yet", id, w)
		case strings.HasSuffix(w, ":") && len(w) > 1:
			s, err := ParseCrmshScore(strings.TrimSuffix(w, ":"))
			if err != nil {
				return nil, errorf("%s: score-attribute rules (%s) are not supported by gocrm's scheduler yet; use a number or inf", id, w)
			}
			r.score, words = s, words[1:]
		}
		tree := &ruleNode{}
		for {
			leaf, rest, err := crmshSimpleExp(id, words)
			if err != nil {
				return nil, err
			}
			tree.kids, words = append(tree.kids, leaf), rest
			if len(words) == 0 || words[0] != "and" && words[0] != "or" {
				break
			}
			if tree.boolOp != "" && tree.boolOp != words[0] {
				return nil, errorf("%s: Mixing bool ops not allowed: %s != %s", id, tree.boolOp, words[0])
			}
			tree.boolOp, words = words[0], words[1:]
		}
		if tree.boolOp == "" {
			tree.boolOp = "and"
		}
		r.tree = tree
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, errorf("%s: expected <score>: <node> or <rule> [<rule> ...]", id)
	}
	return out, nil
}

// crmshSimpleExp reads one expression and returns the words after it.
func crmshSimpleExp(id string, words []string) (*ruleNode, []string, error) {
	if len(words) == 0 {
		return nil, nil, errorf("%s: rule: expected an expression", id)
	}
	w := words[0]
	switch {
	case w == "date":
		return crmshDate(id, words[1:])
	case w == "defined" || w == "not_defined":
		if len(words) < 2 || !crmshIdentRE.MatchString(words[1]) {
			return nil, nil, errorf("%s: rule: expected an attribute after %s", id, w)
		}
		return &ruleNode{expr: &cib.Expression{Attribute: words[1], Operation: w}}, words[2:], nil
	case !crmshIdentRE.MatchString(w):
		return nil, nil, errorf("%s: rule: expected an attribute near <%s>", id, w)
	}
	if len(words) < 3 {
		return nil, nil, errorf("%s: rule: expected <attribute> [<type>:]<op> <value> near <%s>", id, strings.Join(words, " "))
	}
	m := crmshBinOpRE.FindStringSubmatch(words[1])
	if m == nil {
		return nil, nil, errorf("%s: rule: expected one of lt, gt, lte, gte, eq, ne (optionally string:, integer:, number: or version:) near <%s>", id, words[1])
	}
	v := words[2]
	if strings.ContainsAny(v, "{}") {
		return nil, nil, errorf("%s: rule: value sources (%s) are not supported by gocrm's scheduler yet", id, v)
	}
	if strings.TrimSpace(v) != v || strings.ContainsAny(v, " \t\n") {
		return nil, nil, errorf("%s: rule: a value cannot hold white space: %q", id, v)
	}
	e := &cib.Expression{Attribute: w, Operation: m[2], Type: m[1], Value: v}
	return &ruleNode{expr: e}, words[3:], nil
}

// crmshDate reads what follows "date".
func crmshDate(id string, words []string) (*ruleNode, []string, error) {
	if len(words) == 0 {
		return nil, nil, errorf("%s: rule: expected lt, gt or in_range after date", id)
	}
	op := words[0]
	switch op {
	case "lt", "gt":
		if len(words) < 2 {
			return nil, nil, errorf("%s: rule: expected a date after date %s", id, op)
		}
		if err := checkRuleDate(words[1]); err != nil {
			return nil, nil, errorf("%s: %s", id, err.(*Error).Msg)
		}
		d := &cib.DateExpression{Operation: op}
		if op == "lt" {
			d.End = words[1]
		} else {
			d.Start = words[1]
		}
		return &ruleNode{date: d}, words[2:], nil
	case "in", "in_range":
	case "spec", "date_spec":
		return nil, nil, errorf("%s: date %s is not supported by gocrm's scheduler yet", id, op)
	default:
		return nil, nil, errorf("%s: rule: expected lt, gt or in_range after date, not %q", id, op)
	}
	d := &cib.DateExpression{Operation: "in_range"}
	words = words[1:]
	n := 0
	for ; len(words) > 0 && strings.Contains(words[0], "="); words, n = words[1:], n+1 {
		k, v, _ := strings.Cut(words[0], "=")
		switch k {
		case "start", "end":
			if err := checkRuleDate(v); err != nil {
				return nil, nil, errorf("%s: %s", id, err.(*Error).Msg)
			}
			if k == "start" {
				d.Start = v
			} else {
				d.End = v
			}
		default:
			if err := checkDuration(k, v); err != nil {
				return nil, nil, errorf("%s: %s", id, err.(*Error).Msg)
			}
			if d.Duration == nil {
				d.Duration = &cib.DateFields{}
			}
			setDateField(d.Duration, k, v)
		}
	}
	if n < 2 || d.Start == "" && d.End == "" || d.Duration != nil && d.Start == "" {
		return nil, nil, errorf("%s: rule: date in_range needs start=DATE and end=DATE or a duration", id)
	}
	return &ruleNode{date: d}, words, nil
}

// buildCrmshRules gives the rules crmsh's ids: <location>-rule, then
// <rule>-expression for each expression or date_expression, made unique
// the crmsh way (-0, -1, ...).
func buildCrmshRules(locID string, rules []crmshRule, ids idSet) []cib.Rule {
	var out []cib.Rule
	for _, cr := range rules {
		r := cib.Rule{ID: ids.crmshUnique(locID + "-rule"), Score: cr.score}
		if cr.tree.boolOp == "or" {
			r.BooleanOp = "or"
		}
		for _, leaf := range cr.tree.kids {
			addLeaf(&r, leaf, "-expression", ids.crmshUnique)
		}
		out = append(out, r)
	}
	return out
}
