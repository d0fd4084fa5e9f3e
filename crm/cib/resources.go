package cib

import (
	"encoding/xml"
	"fmt"
)

// Primitive is a single resource.
type Primitive struct {
	ID                 string       `xml:"id,attr"`
	Description        string       `xml:"description,attr,omitempty"`
	Class              string       `xml:"class,attr,omitempty"`
	Provider           string       `xml:"provider,attr,omitempty"`
	Type               string       `xml:"type,attr,omitempty"`
	Template           string       `xml:"template,attr,omitempty"`
	InstanceAttributes Sets         `xml:"instance_attributes"`
	MetaAttributes     Sets         `xml:"meta_attributes"`
	Operations         *Operations  `xml:"operations,omitempty"`
	Utilization        Sets         `xml:"utilization"`
	Extra              []xml.Attr   `xml:",any,attr"`
	Unknown            []AnyElement `xml:",any"`
}

// Agent returns the display form of the agent: class:provider:type or
// class:type.
func (p *Primitive) Agent() string {
	if p.Provider != "" {
		return p.Class + ":" + p.Provider + ":" + p.Type
	}
	return p.Class + ":" + p.Type
}

// Operations is the <operations> list of a primitive.
type Operations struct {
	ID      string       `xml:"id,attr,omitempty"`
	IDRef   string       `xml:"id-ref,attr,omitempty"`
	Ops     []Op         `xml:"op"`
	Extra   []xml.Attr   `xml:",any,attr"`
	Unknown []AnyElement `xml:",any"`
}

// Op is one configured operation.
type Op struct {
	ID                 string       `xml:"id,attr"`
	Name               string       `xml:"name,attr"`
	Interval           string       `xml:"interval,attr"`
	Timeout            string       `xml:"timeout,attr,omitempty"`
	OnFail             string       `xml:"on-fail,attr,omitempty"`
	Role               string       `xml:"role,attr,omitempty"`
	Enabled            string       `xml:"enabled,attr,omitempty"`
	StartDelay         string       `xml:"start-delay,attr,omitempty"`
	IntervalOrigin     string       `xml:"interval-origin,attr,omitempty"`
	RecordPending      string       `xml:"record-pending,attr,omitempty"`
	Description        string       `xml:"description,attr,omitempty"`
	InstanceAttributes Sets         `xml:"instance_attributes"`
	MetaAttributes     Sets         `xml:"meta_attributes"`
	Extra              []xml.Attr   `xml:",any,attr"`
	Unknown            []AnyElement `xml:",any"`
}

// Group is an ordered, colocated list of primitives.
type Group struct {
	ID                 string       `xml:"id,attr"`
	Description        string       `xml:"description,attr,omitempty"`
	InstanceAttributes Sets         `xml:"instance_attributes"`
	MetaAttributes     Sets         `xml:"meta_attributes"`
	Primitives         []Primitive  `xml:"primitive"`
	Extra              []xml.Attr   `xml:",any,attr"`
	Unknown            []AnyElement `xml:",any"`
}

// Clone runs copies of a primitive or group on several nodes.
type Clone struct {
	ID                 string       `xml:"id,attr"`
	Description        string       `xml:"description,attr,omitempty"`
	InstanceAttributes Sets         `xml:"instance_attributes"`
	MetaAttributes     Sets         `xml:"meta_attributes"`
	Primitive          *Primitive   `xml:"primitive,omitempty"`
	Group              *Group       `xml:"group,omitempty"`
	Extra              []xml.Attr   `xml:",any,attr"`
	Unknown            []AnyElement `xml:",any"`
}

// Resource is one top-level entry of <resources>: exactly one field is set.
type Resource struct {
	Primitive *Primitive
	Group     *Group
	Clone     *Clone
	Other     *AnyElement // bundle, template, master, ...
}

// ID returns the id of whichever element the entry holds.
func (r Resource) ID() string {
	switch {
	case r.Primitive != nil:
		return r.Primitive.ID
	case r.Group != nil:
		return r.Group.ID
	case r.Clone != nil:
		return r.Clone.ID
	case r.Other != nil:
		return attrValue(r.Other.Attrs, "id")
	}
	return ""
}

// Resources is the <resources> section, in document order.
type Resources struct {
	Items []Resource
	Extra []xml.Attr
}

// UnmarshalXML reads the children in order, dispatching on element name.
func (rs *Resources) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	rs.Extra = append([]xml.Attr(nil), start.Attr...)
	return eachChild(d, func(se xml.StartElement) error {
		var r Resource
		var err error
		switch se.Name.Local {
		case "primitive":
			r.Primitive = new(Primitive)
			err = d.DecodeElement(r.Primitive, &se)
		case "group":
			r.Group = new(Group)
			err = d.DecodeElement(r.Group, &se)
		case "clone":
			r.Clone = new(Clone)
			err = d.DecodeElement(r.Clone, &se)
		default:
			r.Other = new(AnyElement)
			err = d.DecodeElement(r.Other, &se)
		}
		if err != nil {
			return err
		}
		rs.Items = append(rs.Items, r)
		return nil
	})
}

// MarshalXML writes the entries in order.
func (rs Resources) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	start.Attr = rs.Extra
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	for _, r := range rs.Items {
		var err error
		switch {
		case r.Primitive != nil:
			err = e.EncodeElement(r.Primitive, xml.StartElement{Name: xml.Name{Local: "primitive"}})
		case r.Group != nil:
			err = e.EncodeElement(r.Group, xml.StartElement{Name: xml.Name{Local: "group"}})
		case r.Clone != nil:
			err = e.EncodeElement(r.Clone, xml.StartElement{Name: xml.Name{Local: "clone"}})
		case r.Other != nil:
			err = e.Encode(r.Other)
		default:
			err = fmt.Errorf("cib: empty resource entry")
		}
		if err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

// eachChild calls fn for every child element start of the element being
// decoded and returns at its end; character data is dropped.
func eachChild(d *xml.Decoder, fn func(xml.StartElement) error) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := fn(t); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

func attrValue(attrs []xml.Attr, name string) string {
	for _, a := range attrs {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}
