package cib

import (
	"encoding/xml"
	"fmt"
)

// Location is an rsc_location constraint: node+score, or rules.
type Location struct {
	ID                string       `xml:"id,attr"`
	Rsc               string       `xml:"rsc,attr,omitempty"`
	RscPattern        string       `xml:"rsc-pattern,attr,omitempty"`
	Node              string       `xml:"node,attr,omitempty"`
	Score             string       `xml:"score,attr,omitempty"`
	Role              string       `xml:"role,attr,omitempty"`
	ResourceDiscovery string       `xml:"resource-discovery,attr,omitempty"`
	Rules             []Rule       `xml:"rule"`
	Extra             []xml.Attr   `xml:",any,attr"`
	Unknown           []AnyElement `xml:",any"` // resource_set, lifetime
}

// Colocation is an rsc_colocation constraint: place Rsc relative to WithRsc.
type Colocation struct {
	ID            string        `xml:"id,attr"`
	Rsc           string        `xml:"rsc,attr,omitempty"`
	WithRsc       string        `xml:"with-rsc,attr,omitempty"`
	Score         string        `xml:"score,attr,omitempty"`
	RscRole       string        `xml:"rsc-role,attr,omitempty"`
	WithRscRole   string        `xml:"with-rsc-role,attr,omitempty"`
	NodeAttribute string        `xml:"node-attribute,attr,omitempty"`
	Influence     string        `xml:"influence,attr,omitempty"`
	Sets          []ResourceSet `xml:"resource_set"`
	Extra         []xml.Attr    `xml:",any,attr"`
	Unknown       []AnyElement  `xml:",any"`
}

// Order is an rsc_order constraint.
type Order struct {
	ID          string        `xml:"id,attr"`
	First       string        `xml:"first,attr,omitempty"`
	Then        string        `xml:"then,attr,omitempty"`
	FirstAction string        `xml:"first-action,attr,omitempty"`
	ThenAction  string        `xml:"then-action,attr,omitempty"`
	Kind        string        `xml:"kind,attr,omitempty"`
	Symmetrical string        `xml:"symmetrical,attr,omitempty"`
	Score       string        `xml:"score,attr,omitempty"`
	Sets        []ResourceSet `xml:"resource_set"`
	Extra       []xml.Attr    `xml:",any,attr"`
	Unknown     []AnyElement  `xml:",any"`
}

// Constraint is one entry of <constraints>: exactly one field is set.
type Constraint struct {
	Location   *Location
	Colocation *Colocation
	Order      *Order
	Other      *AnyElement // rsc_ticket, ...
}

// ID returns the id of whichever element the entry holds.
func (c Constraint) ID() string {
	switch {
	case c.Location != nil:
		return c.Location.ID
	case c.Colocation != nil:
		return c.Colocation.ID
	case c.Order != nil:
		return c.Order.ID
	case c.Other != nil:
		return attrValue(c.Other.Attrs, "id")
	}
	return ""
}

// Constraints is the <constraints> section, in document order.
type Constraints struct {
	Items []Constraint
	Extra []xml.Attr
}

// UnmarshalXML reads the children in order, dispatching on element name.
func (cs *Constraints) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	cs.Extra = append([]xml.Attr(nil), start.Attr...)
	return eachChild(d, func(se xml.StartElement) error {
		var c Constraint
		var err error
		switch se.Name.Local {
		case "rsc_location":
			c.Location = new(Location)
			err = d.DecodeElement(c.Location, &se)
		case "rsc_colocation":
			c.Colocation = new(Colocation)
			err = d.DecodeElement(c.Colocation, &se)
		case "rsc_order":
			c.Order = new(Order)
			err = d.DecodeElement(c.Order, &se)
		default:
			c.Other = new(AnyElement)
			err = d.DecodeElement(c.Other, &se)
		}
		if err != nil {
			return err
		}
		cs.Items = append(cs.Items, c)
		return nil
	})
}

// MarshalXML writes the entries in order.
func (cs Constraints) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	start.Attr = cs.Extra
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	for _, c := range cs.Items {
		var err error
		switch {
		case c.Location != nil:
			err = e.EncodeElement(c.Location, xml.StartElement{Name: xml.Name{Local: "rsc_location"}})
		case c.Colocation != nil:
			err = e.EncodeElement(c.Colocation, xml.StartElement{Name: xml.Name{Local: "rsc_colocation"}})
		case c.Order != nil:
			err = e.EncodeElement(c.Order, xml.StartElement{Name: xml.Name{Local: "rsc_order"}})
		case c.Other != nil:
			err = e.Encode(c.Other)
		default:
			err = fmt.Errorf("cib: empty constraint entry")
		}
		if err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}
