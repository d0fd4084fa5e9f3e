package cib

import "encoding/xml"

// Status is the <status> section.
type Status struct {
	NodeStates []NodeState  `xml:"node_state"`
	Extra      []xml.Attr   `xml:",any,attr"`
	Unknown    []AnyElement `xml:",any"`
}

// NodeState is the controller's view of one node plus its executor history
// and transient attributes.
type NodeState struct {
	ID                  string               `xml:"id,attr"`
	Uname               string               `xml:"uname,attr,omitempty"`
	InCCM               string               `xml:"in_ccm,attr,omitempty"`
	Crmd                string               `xml:"crmd,attr,omitempty"`
	Join                string               `xml:"join,attr,omitempty"`
	Expected            string               `xml:"expected,attr,omitempty"`
	Shutdown            string               `xml:"shutdown,attr,omitempty"`
	CrmDebugOrigin      string               `xml:"crm-debug-origin,attr,omitempty"`
	LRM                 *LRM                 `xml:"lrm,omitempty"`
	TransientAttributes *TransientAttributes `xml:"transient_attributes,omitempty"`
	Extra               []xml.Attr           `xml:",any,attr"`
	Unknown             []AnyElement         `xml:",any"`
}

// LRM holds a node's executor history.
type LRM struct {
	ID        string       `xml:"id,attr,omitempty"`
	Resources LRMResources `xml:"lrm_resources"`
	Extra     []xml.Attr   `xml:",any,attr"`
	Unknown   []AnyElement `xml:",any"`
}

// LRMResources lists the resources with history on the node.
type LRMResources struct {
	Resources []LRMResource `xml:"lrm_resource"`
	Extra     []xml.Attr    `xml:",any,attr"`
	Unknown   []AnyElement  `xml:",any"`
}

// LRMResource is the operation history of one resource on one node.
type LRMResource struct {
	ID       string       `xml:"id,attr"`
	Class    string       `xml:"class,attr,omitempty"`
	Provider string       `xml:"provider,attr,omitempty"`
	Type     string       `xml:"type,attr,omitempty"`
	Ops      []LRMRscOp   `xml:"lrm_rsc_op"`
	Extra    []xml.Attr   `xml:",any,attr"`
	Unknown  []AnyElement `xml:",any"`
}

// LRMRscOp is one recorded operation result.
type LRMRscOp struct {
	ID              string       `xml:"id,attr"`
	OperationKey    string       `xml:"operation_key,attr,omitempty"`
	Operation       string       `xml:"operation,attr"`
	CRMFeatureSet   string       `xml:"crm_feature_set,attr,omitempty"`
	TransitionKey   string       `xml:"transition-key,attr,omitempty"`
	TransitionMagic string       `xml:"transition-magic,attr,omitempty"`
	ExitReason      *string      `xml:"exit-reason,attr"` // nil: absent (crm_mon says "none"), unlike ""
	OnNode          string       `xml:"on_node,attr,omitempty"`
	CallID          string       `xml:"call-id,attr"`
	RCCode          string       `xml:"rc-code,attr"`
	OpStatus        string       `xml:"op-status,attr"`
	Interval        string       `xml:"interval,attr"`
	LastRCChange    string       `xml:"last-rc-change,attr,omitempty"`
	ExecTime        string       `xml:"exec-time,attr,omitempty"`
	QueueTime       string       `xml:"queue-time,attr,omitempty"`
	OpDigest        string       `xml:"op-digest,attr,omitempty"`
	Extra           []xml.Attr   `xml:",any,attr"`
	Unknown         []AnyElement `xml:",any"`
}

// TransientAttributes holds node attributes that vanish when the node
// leaves (fail counts, last-failure, transient standby, ...).
type TransientAttributes struct {
	ID                 string       `xml:"id,attr,omitempty"`
	InstanceAttributes Sets         `xml:"instance_attributes"`
	Extra              []xml.Attr   `xml:",any,attr"`
	Unknown            []AnyElement `xml:",any"`
}

// Reason is the operation's exit reason, "" when it has none.
func (o *LRMRscOp) Reason() string {
	if o.ExitReason == nil {
		return ""
	}
	return *o.ExitReason
}
