package votequorum

import "github.com/gorosync/gorosync/totem/svcmsg"

// NodeState is a node's state in votequorum's table; the numbers are
// what the library reports (VOTEQUORUM_NODESTATE_*).
type NodeState uint32

// Node states.
const (
	StateMember  NodeState = 1
	StateDead    NodeState = 2
	StateLeaving NodeState = 3
)

// Node flags as carried in NODEINFO (NODE_FLAGS_*).
const (
	FlagQuorate           = svcmsg.VQFlagQuorate
	FlagLeaving           = svcmsg.VQFlagLeaving
	FlagWFAStatus         = svcmsg.VQFlagWFAStatus
	FlagFirst             = svcmsg.VQFlagFirst
	FlagQdeviceRegistered = svcmsg.VQFlagQdeviceRegistered
	FlagQdeviceAlive      = svcmsg.VQFlagQdeviceAlive
	FlagQdeviceCastVote   = svcmsg.VQFlagQdeviceCastVote
	FlagQdeviceMasterWins = svcmsg.VQFlagQdeviceMasterWins
)

// QdeviceNodeID is the pseudo node id of the quorum device.
const QdeviceNodeID = 0

// Node is one row of the node table.
type Node struct {
	ID            uint32
	State         NodeState
	Votes         uint32
	ExpectedVotes uint32
	Flags         uint32
}

// NodeStatus is one entry of the quorum notification node list.
type NodeStatus struct {
	ID    uint32
	State NodeState
}

// node returns the table entry for id (us and the qdevice included), or
// nil.
func (q *Quorum) node(id uint32) *Node {
	if id == q.us.ID {
		return q.us
	}
	if id == QdeviceNodeID {
		return &q.qdevice
	}
	for _, n := range q.nodes {
		if n.ID == id {
			return n
		}
	}
	return nil
}

// addNode inserts a zeroed node keeping the table in nodeid order.
func (q *Quorum) addNode(id uint32) *Node {
	n := &Node{ID: id}
	i := 0
	for i < len(q.nodes) && q.nodes[i].ID < id {
		i++
	}
	q.nodes = append(q.nodes, nil)
	copy(q.nodes[i+1:], q.nodes[i:])
	q.nodes[i] = n
	return n
}

// members yields the nodes in state MEMBER, in nodeid order.
func (q *Quorum) memberNodes(yield func(*Node) bool) {
	for _, n := range q.nodes {
		if n.State == StateMember && !yield(n) {
			return
		}
	}
}

// Nodes returns a copy of the node table (without the qdevice) in nodeid
// order.
func (q *Quorum) Nodes() []Node {
	out := make([]Node, len(q.nodes))
	for i, n := range q.nodes {
		out[i] = *n
	}
	return out
}

// NodeStates is the node list of a quorum notification: every known node
// with its state, plus the qdevice (nodeid 0) when registered here.
func (q *Quorum) NodeStates() []NodeStatus {
	out := make([]NodeStatus, 0, len(q.nodes)+1)
	for _, n := range q.nodes {
		out = append(out, NodeStatus{n.ID, n.State})
	}
	if q.us.Flags&FlagQdeviceRegistered != 0 {
		out = append(out, NodeStatus{QdeviceNodeID, q.qdevice.State})
	}
	return out
}
