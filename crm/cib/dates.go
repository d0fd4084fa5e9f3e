package cib

import "encoding/xml"

// DateExpression is a rule's date_expression: operation lt (before End),
// gt (after Start), in_range (Start..End, or Start plus a duration) or
// date_spec (cron-like fields).
type DateExpression struct {
	ID        string       `xml:"id,attr,omitempty"`
	Operation string       `xml:"operation,attr,omitempty"`
	Start     string       `xml:"start,attr,omitempty"`
	End       string       `xml:"end,attr,omitempty"`
	Extra     []xml.Attr   `xml:",any,attr"`
	Duration  *DateFields  `xml:"duration,omitempty"`
	DateSpec  *DateFields  `xml:"date_spec,omitempty"`
	Unknown   []AnyElement `xml:",any"`
}

// DateFields is a <duration> or <date_spec>: an id and named fields
// (years, months, weeks, days, hours, minutes, seconds, ...).
type DateFields struct {
	ID    string     `xml:"id,attr,omitempty"`
	Attrs []xml.Attr `xml:",any,attr"`
}

// Field returns the value of the named field.
func (f *DateFields) Field(name string) (string, bool) {
	if f == nil {
		return "", false
	}
	for _, a := range f.Attrs {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}
