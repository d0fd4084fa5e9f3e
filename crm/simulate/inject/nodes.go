package inject

import (
	"fmt"

	"github.com/gorosync/gorosync/crm/cib"
)

// origin is what crm_simulate writes to crm-debug-origin.
const origin = "crm_simulate"

// nodeState finds or creates the node_state of the node named name, as
// pcmk__inject_node does: by uname, else by the id of the configured node
// of that name (setting its uname), else a new entry at the end of the
// status section. crm_simulate aborts on a name that is not configured;
// that is an error here.
func (e *editor) nodeState(name string) (*cib.NodeState, error) {
	st := &e.doc.Status
	for i := range st.NodeStates {
		if st.NodeStates[i].Uname == name {
			return &st.NodeStates[i], nil
		}
	}
	id := ""
	for _, n := range e.doc.Configuration.Nodes.Nodes {
		if n.Uname == name {
			id = n.ID
			break
		}
	}
	if id == "" {
		return nil, fmt.Errorf("node %s is not in the configuration", name)
	}
	for i := range st.NodeStates {
		if st.NodeStates[i].ID == id {
			st.NodeStates[i].Uname = name
			return &st.NodeStates[i], nil
		}
	}
	st.NodeStates = append(st.NodeStates, cib.NodeState{ID: id, Uname: name})
	return &st.NodeStates[len(st.NodeStates)-1], nil
}

// setState is pcmk__inject_node_state_change.
func (e *editor) setState(name string, up bool) (*cib.NodeState, error) {
	ns, err := e.nodeState(name)
	if err != nil {
		return nil, err
	}
	if up {
		ns.InCCM, ns.Crmd, ns.Join, ns.Expected = "true", "online", "member", "member"
	} else {
		ns.InCCM, ns.Crmd, ns.Join, ns.Expected = "false", "offline", "down", "down"
	}
	ns.CrmDebugOrigin = origin
	return ns, nil
}

func (e *editor) nodeUp(name string) error {
	_, err := e.setState(name, true)
	return err
}

// nodeDown also drops the node's resource history and transient
// attributes, as the controller does for a node that left cleanly.
func (e *editor) nodeDown(name string) error {
	ns, err := e.setState(name, false)
	if err != nil {
		return err
	}
	ns.LRM, ns.TransientAttributes = nil, nil
	return nil
}

// nodeFail leaves the node's controller "online" and expected up but takes
// it out of the membership: with fencing that makes it unclean.
func (e *editor) nodeFail(name string) error {
	ns, err := e.setState(name, true)
	if err != nil {
		return err
	}
	ns.InCCM = "false"
	return nil
}
