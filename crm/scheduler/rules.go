package scheduler

import (
	"strconv"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// ruleMatches evaluates a location rule for a node: node-attribute
// expressions, date expressions (rules_date.go) and nested rules combined
// with boolean-op (and by default).
func (c *Cluster) ruleMatches(r *cib.Rule, n *Node) bool {
	or := r.BooleanOp == "or"
	any := false
	results := []bool{}
	for i := range r.Expressions {
		results = append(results, exprMatches(&r.Expressions[i], n))
	}
	for i := range r.Rules {
		results = append(results, c.ruleMatches(&r.Rules[i], n))
	}
	for i := range r.Dates {
		results = append(results, c.dateMatches(&r.Dates[i]))
	}
	for range r.Unknown {
		results = append(results, false)
	}
	if len(results) == 0 {
		return false
	}
	for _, ok := range results {
		if or && ok {
			return true
		}
		if !or && !ok {
			return false
		}
		any = any || ok
	}
	return !or || any
}

func exprMatches(e *cib.Expression, n *Node) bool {
	val, defined := n.Attrs[e.Attribute]
	switch e.Operation {
	case "defined":
		return defined
	case "not_defined":
		return !defined
	}
	if !defined {
		return e.Operation == "ne"
	}
	cmp := compareValues(val, e.Value, e.Type)
	switch e.Operation {
	case "eq":
		return cmp == 0
	case "ne":
		return cmp != 0
	case "lt":
		return cmp < 0
	case "lte":
		return cmp <= 0
	case "gt":
		return cmp > 0
	case "gte":
		return cmp >= 0
	}
	return false
}

// compareValues compares a node attribute with a rule value by type:
// string (case-insensitive, the default), integer/number, or version.
func compareValues(a, b, typ string) int {
	switch typ {
	case "integer", "number":
		x, err1 := strconv.ParseFloat(a, 64)
		y, err2 := strconv.ParseFloat(b, 64)
		if err1 == nil && err2 == nil {
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return 0
		}
	case "version":
		return compareVersions(a, b)
	}
	return strings.Compare(strings.ToLower(a), strings.ToLower(b))
}

func compareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}
