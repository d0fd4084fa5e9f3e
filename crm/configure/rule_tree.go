package configure

import (
	"strconv"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/crmtime"
)

// ruleNode is a parsed rule expression in the order the user wrote it:
// both tools number ids in that order, which cib.Rule's per-kind lists
// would lose.
type ruleNode struct {
	boolOp string // "and"/"or" for a boolean node, "" for a leaf
	kids   []*ruleNode
	expr   *cib.Expression     // leaf: node attribute comparison
	date   *cib.DateExpression // leaf: date_expression (Duration without id)
}

// ruleOps are the comparisons and tests both tools accept, spelled as the
// CIB spells them.
var (
	ruleBinaryOps = []string{"lt", "gt", "lte", "gte", "eq", "ne"}
	ruleTypes     = []string{"string", "integer", "number", "version"}
	// durationFields are the duration parts gocrm's scheduler adds up;
	// the tools accept more (monthdays, weekdays, ...) that it ignores.
	durationFields = []string{"years", "months", "weeks", "hours"}
)

// checkRuleDate refuses what Pacemaker cannot read as an ISO 8601 date.
func checkRuleDate(s string) error {
	if _, err := crmtime.ParseDate(s, 0, crmtime.Time{}); err != nil {
		return errorf("'%s' is not an ISO 8601 date", s)
	}
	return nil
}

// checkDuration validates one duration part: a supported field and an
// integer value.
func checkDuration(name, value string) error {
	if !contains(durationFields, name) {
		return errorf("duration field '%s' is not supported by gocrm's scheduler yet (use %s)", name, quoteList(durationFields))
	}
	if _, err := strconv.ParseInt(value, 10, 32); err != nil {
		return errorf("invalid %s '%s' in duration", name, value)
	}
	return nil
}

// buildPCSRule turns a tree into a <rule> as pcs's CibBuilder does: a
// boolean child with the other operator becomes a nested rule
// (<rule id>-rule, score 0), one with the same operator is flattened.
func buildPCSRule(id string, n *ruleNode, unique func(string) string) cib.Rule {
	r := cib.Rule{ID: unique(id)}
	fillPCSRule(&r, n, unique)
	return r
}

func fillPCSRule(r *cib.Rule, n *ruleNode, unique func(string) string) {
	if n.boolOp == "" {
		addLeaf(r, n, "-expr", unique)
		return
	}
	r.BooleanOp = n.boolOp
	for _, k := range n.kids {
		if k.boolOp != "" && k.boolOp != n.boolOp {
			sub := buildPCSRule(r.ID+"-rule", k, unique)
			sub.Score = "0"
			r.Rules = append(r.Rules, sub)
			continue
		}
		fillPCSRule(r, k, unique)
	}
}

// addLeaf appends an expression or date_expression with id <rule id><sfx>
// (and its duration <expr id>-duration).
func addLeaf(r *cib.Rule, n *ruleNode, sfx string, unique func(string) string) {
	id := unique(r.ID + sfx)
	if n.expr != nil {
		e := *n.expr
		e.ID = id
		r.Expressions = append(r.Expressions, e)
		return
	}
	d := *n.date
	d.ID = id
	if d.Duration != nil {
		f := *d.Duration
		f.ID = unique(id + "-duration")
		d.Duration = &f
	}
	r.Dates = append(r.Dates, d)
}
