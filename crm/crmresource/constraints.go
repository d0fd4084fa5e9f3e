package crmresource

import (
	"bytes"
	"encoding/xml"
	"sort"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// edit is a working copy of the constraints section: each delete or modify
// is one CIB update, counted when it changes something (crm_resource's
// CIB file bumps the epoch per changing update). Locations are copied
// before they are changed, so the original document stays untouched until
// the caller commits.
type edit struct {
	items   []cib.Constraint
	updates int
}

func newEdit(doc *cib.CIB) *edit {
	return &edit{items: append([]cib.Constraint(nil), doc.Configuration.Constraints.Items...)}
}

func (e *edit) commit(doc *cib.CIB) {
	doc.Configuration.Constraints.Items = e.items
}

// remove deletes the locations matching pred, as one update.
func (e *edit) remove(pred func(l *cib.Location) bool) {
	kept := e.items[:0:0]
	for _, c := range e.items {
		if c.Location != nil && pred(c.Location) {
			continue
		}
		kept = append(kept, c)
	}
	if len(kept) != len(e.items) {
		e.updates++
	}
	e.items = kept
}

// clearNode is cli_resource_clear for one node: the cli-prefer rule whose
// #uname expression names the node, then (one update) cli-ban-R-on-node if
// clearBan and cli-prefer-R with node=node (any node with force).
func (e *edit) clearNode(rsc, node string, clearBan, force bool) {
	e.remove(func(l *cib.Location) bool {
		if l.ID != "cli-prefer-"+rsc {
			return false
		}
		for _, r := range l.Rules {
			if r.ID != "cli-prefer-rule-"+rsc {
				continue
			}
			for _, x := range r.Expressions {
				if x.Attribute == "#uname" && x.Value == node {
					return true
				}
			}
		}
		return false
	})
	e.remove(func(l *cib.Location) bool {
		// The CIB deletes an element whose id matches and whose attributes
		// equal (case-insensitively) those given.
		if clearBan && l.ID == "cli-ban-"+rsc+"-on-"+node {
			return true
		}
		return l.ID == "cli-prefer-"+rsc && (force || strings.EqualFold(l.Node, node))
	})
}

// modify adds the location at the end, or merges it into the existing one
// with the same id as the CIB's modify does: attributes overwritten, rule
// children merged by id. Merging a node+score location with a rule one
// gives a location the schema rejects, so that is an error.
func (e *edit) modify(l *cib.Location) error {
	for i, c := range e.items {
		if c.Location == nil || c.Location.ID != l.ID {
			continue
		}
		old := c.Location
		if (len(old.Rules) > 0) != (len(l.Rules) > 0) || (old.Node != "") != (l.Node != "") {
			return fail(ExitConfig, "crm_resource: Error performing operation: Invalid configuration")
		}
		merged := *old
		merged.Rsc, merged.Role = l.Rsc, l.Role
		if l.Node != "" {
			merged.Node, merged.Score = l.Node, l.Score
		}
		merged.Rules = mergeRules(old.Rules, l.Rules)
		if !sameLocation(old, &merged) {
			e.updates++
		}
		e.items = append([]cib.Constraint(nil), e.items...)
		e.items[i] = cib.Constraint{Location: &merged}
		return nil
	}
	e.items = append(e.items, cib.Constraint{Location: l})
	e.updates++
	return nil
}

func mergeRules(old, upd []cib.Rule) []cib.Rule {
	out := append([]cib.Rule(nil), old...)
	for _, u := range upd {
		found := false
		for i := range out {
			if out[i].ID != u.ID {
				continue
			}
			found = true
			r := out[i]
			r.Score, r.BooleanOp = u.Score, u.BooleanOp
			r.Expressions = append([]cib.Expression(nil), r.Expressions...)
			for _, x := range u.Expressions {
				if j := indexExpr(r.Expressions, x.ID); j >= 0 {
					y := r.Expressions[j]
					y.Attribute, y.Operation, y.Value, y.Type = x.Attribute, x.Operation, x.Value, x.Type
					r.Expressions[j] = y
				} else {
					r.Expressions = append(r.Expressions, x)
				}
			}
			r.Dates = append([]cib.DateExpression(nil), r.Dates...)
			for _, x := range u.Dates {
				if j := indexDate(r.Dates, x.ID); j >= 0 {
					y := r.Dates[j]
					y.Operation, y.End = x.Operation, x.End
					r.Dates[j] = y
				} else {
					r.Dates = append(r.Dates, x)
				}
			}
			out[i] = r
		}
		if !found {
			out = append(out, u)
		}
	}
	return out
}

func indexExpr(xs []cib.Expression, id string) int {
	for i, x := range xs {
		if x.ID == id {
			return i
		}
	}
	return -1
}

func indexDate(xs []cib.DateExpression, id string) int {
	for i, x := range xs {
		if x.ID == id {
			return i
		}
	}
	return -1
}

func sameLocation(a, b *cib.Location) bool {
	x, err1 := xml.Marshal(a)
	y, err2 := xml.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// locationIDs lists the rsc_location ids sorted by strcmp, as
// crm_resource's build_constraint_list does.
func locationIDs(items []cib.Constraint) []string {
	var ids []string
	for _, c := range items {
		if c.Location != nil {
			ids = append(ids, c.Location.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

// location builds crm_resource's cli-prefer/cli-ban constraint: node and
// score, or with a lifetime a rule (#uname eq node) ending at end.
func location(id, rsc, node, score, end, ruleID, exprID, dateID string) *cib.Location {
	l := &cib.Location{ID: id, Rsc: rsc, Role: "Started"}
	if end == "" {
		l.Node, l.Score = node, score
		return l
	}
	l.Rules = []cib.Rule{{ID: ruleID, Score: score, BooleanOp: "and",
		Expressions: []cib.Expression{{ID: exprID, Attribute: "#uname", Operation: "eq", Value: node, Type: "string"}},
		Dates:       []cib.DateExpression{{ID: dateID, Operation: "lt", End: end}}}}
	return l
}

func preferLocation(rsc, node, end string) *cib.Location {
	return location("cli-prefer-"+rsc, rsc, node, "INFINITY", end,
		"cli-prefer-rule-"+rsc, "cli-prefer-expr-"+rsc, "cli-prefer-lifetime-end-"+rsc)
}

func banLocation(rsc, node, end string) *cib.Location {
	id := "cli-ban-" + rsc + "-on-" + node
	return location(id, rsc, node, "-INFINITY", end, id+"-rule", id+"-expr", id+"-lifetime")
}
