package configure

import (
	"encoding/xml"
	"regexp"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// ruleText prints a rule as crmsh's show does: [$role=R] [SCORE:] and the
// expressions joined by the boolean operator. The score is left out when it
// is INFINITY (crmsh's default); nested rules are not printed, as crmsh
// does not print them either.
func ruleText(r *cib.Rule) string {
	var parts []string
	if r.IDRef != "" {
		return nvText("$id-ref", r.IDRef)
	}
	if r.Role != "" {
		parts = append(parts, nvText("$role", r.Role))
	}
	switch {
	case r.Score == "INFINITY":
	case r.Score != "":
		parts = append(parts, crmScore(r.Score)+":")
	case r.ScoreAttribute != "":
		parts = append(parts, r.ScoreAttribute+":")
	}
	var exprs []string
	for _, e := range r.Expressions {
		op := e.Operation
		if e.Type != "" {
			op = e.Type + ":" + op
		}
		switch {
		case e.Value == "":
			exprs = append(exprs, op+" "+e.Attribute)
		case e.ValueSource == "" || e.ValueSource == "literal":
			exprs = append(exprs, e.Attribute+" "+op+" "+e.Value)
		default:
			exprs = append(exprs, e.Attribute+" "+op+" "+e.ValueSource+"{"+e.Value+"}")
		}
	}
	for _, d := range r.Dates {
		exprs = append(exprs, dateText(d))
	}
	op := r.BooleanOp
	if op == "" {
		op = "and"
	}
	parts = append(parts, strings.Join(exprs, " "+op+" "))
	return strings.Join(parts, " ")
}

func dateText(d cib.DateExpression) string {
	switch d.Operation {
	case "lt":
		return "date lt " + quoteValue(d.End)
	case "gt":
		return "date gt " + quoteValue(d.Start)
	}
	op := d.Operation
	switch op {
	case "in_range":
		op = "in"
	case "date_spec":
		op = "spec"
	}
	parts := []string{"date", op}
	if d.Operation == "in_range" {
		if d.Start != "" {
			parts = append(parts, nvText("start", d.Start))
		}
		if d.End != "" {
			parts = append(parts, nvText("end", d.End))
		}
	}
	for _, f := range []*cib.DateFields{d.Duration, d.DateSpec} {
		if f != nil {
			for _, a := range f.Attrs {
				parts = append(parts, nvText(a.Name.Local, a.Value))
			}
		}
	}
	return strings.Join(parts, " ")
}

// hasNestedRule reports a rule inside a rule, which crmsh's syntax cannot
// say (pcs writes them for mixed and/or).
func hasNestedRule(l *cib.Location) bool {
	for _, r := range l.Rules {
		if len(r.Rules) > 0 {
			return true
		}
	}
	return false
}

var emptyElemRE = regexp.MustCompile(`<([\w:-]+)([^<>]*)></[\w:-]+>`)

// locationXMLText is crmsh's fallback for a constraint it cannot print:
// "xml " and the element indented by two, one line each, ended by " \".
// crmsh drops boolean-op="and" (the default) when it reads a rule.
func locationXMLText(l *cib.Location) string {
	cp := *l
	cp.Rules = dropAndOps(l.Rules)
	data, err := xml.MarshalIndent(&cp, "", "  ")
	if err != nil {
		return "xml <!-- " + err.Error() + " -->"
	}
	text := strings.Replace(string(data), "<Location", "<rsc_location", 1)
	text = strings.Replace(text, "</Location>", "</rsc_location>", 1)
	text = emptyElemRE.ReplaceAllString(text, "<$1$2/>")
	return "xml " + strings.Join(strings.Split(text, "\n"), " \\\n")
}

func dropAndOps(rules []cib.Rule) []cib.Rule {
	out := make([]cib.Rule, len(rules))
	for i, r := range rules {
		if r.BooleanOp == "and" {
			r.BooleanOp = ""
		}
		r.Rules = dropAndOps(r.Rules)
		out[i] = r
	}
	return out
}
