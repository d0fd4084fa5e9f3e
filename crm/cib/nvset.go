package cib

import "encoding/xml"

// NVPair is one name/value item of an attribute set.
type NVPair struct {
	ID      string       `xml:"id,attr,omitempty"`
	IDRef   string       `xml:"id-ref,attr,omitempty"`
	Name    string       `xml:"name,attr"`
	Value   string       `xml:"value,attr,omitempty"`
	Extra   []xml.Attr   `xml:",any,attr"`
	Unknown []AnyElement `xml:",any"`
}

// NVSet is an attribute set: instance_attributes, meta_attributes,
// utilization or cluster_property_set. The element name comes from the
// field that holds it.
type NVSet struct {
	ID      string       `xml:"id,attr,omitempty"`
	IDRef   string       `xml:"id-ref,attr,omitempty"`
	Score   string       `xml:"score,attr,omitempty"`
	Rules   []Rule       `xml:"rule"`
	Pairs   []NVPair     `xml:"nvpair"`
	Extra   []xml.Attr   `xml:",any,attr"`
	Unknown []AnyElement `xml:",any"`
}

// Rule is a rule element: a score (or score-attribute) and expressions
// combined with boolean-op.
type Rule struct {
	ID             string           `xml:"id,attr,omitempty"`
	IDRef          string           `xml:"id-ref,attr,omitempty"`
	Score          string           `xml:"score,attr,omitempty"`
	ScoreAttribute string           `xml:"score-attribute,attr,omitempty"`
	BooleanOp      string           `xml:"boolean-op,attr,omitempty"`
	Role           string           `xml:"role,attr,omitempty"`
	Expressions    []Expression     `xml:"expression"`
	Rules          []Rule           `xml:"rule"`
	Dates          []DateExpression `xml:"date_expression"`
	Extra          []xml.Attr       `xml:",any,attr"`
	Unknown        []AnyElement     `xml:",any"` // rsc_expression, op_expression
}

// Expression compares a node attribute with a value.
type Expression struct {
	ID          string       `xml:"id,attr,omitempty"`
	Attribute   string       `xml:"attribute,attr"`
	Operation   string       `xml:"operation,attr"`
	Value       string       `xml:"value,attr,omitempty"`
	Type        string       `xml:"type,attr,omitempty"`
	ValueSource string       `xml:"value-source,attr,omitempty"`
	Extra       []xml.Attr   `xml:",any,attr"`
	Unknown     []AnyElement `xml:",any"`
}

// Sets is a list of attribute sets of one kind, in document order.
type Sets []NVSet

// Lookup returns the value of name from the first set (in document order)
// that is not rule-conditional and holds it. Conditional sets are skipped:
// evaluating their rules needs a node and time context.
func (ss Sets) Lookup(name string) (string, bool) {
	for _, s := range ss {
		if len(s.Rules) > 0 {
			continue
		}
		for _, p := range s.Pairs {
			if p.Name == name {
				return p.Value, true
			}
		}
	}
	return "", false
}

// Map returns every name/value of the unconditional sets; for a name in
// several sets the first wins, as in Lookup.
func (ss Sets) Map() map[string]string {
	m := map[string]string{}
	for _, s := range ss {
		if len(s.Rules) > 0 {
			continue
		}
		for _, p := range s.Pairs {
			if _, dup := m[p.Name]; !dup {
				m[p.Name] = p.Value
			}
		}
	}
	return m
}
