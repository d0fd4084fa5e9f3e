package cib

import "encoding/xml"

// CIB is the whole <cib> document.
type CIB struct {
	XMLName       xml.Name      `xml:"cib"`
	CRMFeatureSet string        `xml:"crm_feature_set,attr,omitempty"`
	ValidateWith  string        `xml:"validate-with,attr,omitempty"`
	Epoch         string        `xml:"epoch,attr,omitempty"`
	NumUpdates    string        `xml:"num_updates,attr,omitempty"`
	AdminEpoch    string        `xml:"admin_epoch,attr,omitempty"`
	LastWritten   string        `xml:"cib-last-written,attr,omitempty"`
	UpdateOrigin  string        `xml:"update-origin,attr,omitempty"`
	UpdateClient  string        `xml:"update-client,attr,omitempty"`
	UpdateUser    string        `xml:"update-user,attr,omitempty"`
	HaveQuorum    string        `xml:"have-quorum,attr,omitempty"`
	DCUUID        string        `xml:"dc-uuid,attr,omitempty"`
	Extra         []xml.Attr    `xml:",any,attr"`
	Configuration Configuration `xml:"configuration"`
	Status        Status        `xml:"status"`
	Unknown       []AnyElement  `xml:",any"`
}

// Configuration is the <configuration> section.
type Configuration struct {
	CRMConfig   CRMConfig    `xml:"crm_config"`
	Nodes       Nodes        `xml:"nodes"`
	Resources   Resources    `xml:"resources"`
	Constraints Constraints  `xml:"constraints"`
	RscDefaults *Defaults    `xml:"rsc_defaults,omitempty"`
	OpDefaults  *Defaults    `xml:"op_defaults,omitempty"`
	Extra       []xml.Attr   `xml:",any,attr"`
	Unknown     []AnyElement `xml:",any"`
}

// CRMConfig holds the cluster property sets.
type CRMConfig struct {
	PropertySets Sets         `xml:"cluster_property_set"`
	Extra        []xml.Attr   `xml:",any,attr"`
	Unknown      []AnyElement `xml:",any"`
}

// Nodes is the <nodes> list.
type Nodes struct {
	Nodes   []Node       `xml:"node"`
	Extra   []xml.Attr   `xml:",any,attr"`
	Unknown []AnyElement `xml:",any"`
}

// Node is a configured cluster node; instance_attributes hold its
// permanent node attributes (standby=on, ...).
type Node struct {
	ID                 string       `xml:"id,attr"`
	Uname              string       `xml:"uname,attr"`
	Type               string       `xml:"type,attr,omitempty"`
	InstanceAttributes Sets         `xml:"instance_attributes"`
	Utilization        Sets         `xml:"utilization"`
	Extra              []xml.Attr   `xml:",any,attr"`
	Unknown            []AnyElement `xml:",any"`
}

// Defaults is <rsc_defaults> or <op_defaults>.
type Defaults struct {
	MetaAttributes Sets         `xml:"meta_attributes"`
	Extra          []xml.Attr   `xml:",any,attr"`
	Unknown        []AnyElement `xml:",any"`
}
