package cib

import "encoding/xml"

// AnyElement is an element gocrm does not model, kept verbatim (name,
// attributes and raw inner XML) so it survives a read/write cycle.
type AnyElement struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Inner   []byte     `xml:",innerxml"`
}
