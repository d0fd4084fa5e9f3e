package ipctest

import (
	"fmt"
	"net/netip"
	"sync"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/cmap/cmapipc"
	"github.com/gorosync/gorosync/corotool"
	"github.com/gorosync/gorosync/ipcsvc/cfgipc"
	"github.com/gorosync/gorosync/ipcsvc/quorumipc"
	"github.com/gorosync/gorosync/ipcsvc/votequorumipc"
)

// fakeNode is one node of the fake cluster the services report.
type fakeNode struct {
	id     uint32
	name   string
	addrs  []netip.Addr
	votes  uint32
	member bool
}

// fake is a daemon stand-in: a 3-node cluster seen from node 2, node 3
// down, implementing the three services' backends from plain data.
type fake struct {
	mu       sync.Mutex
	local    uint32
	nodes    []fakeNode
	ring     votequorumipc.RingID
	quorate  bool
	expected uint32
	quorum   uint32
	flags    uint32

	// what the tools asked for
	setExpected []uint32
	setVotes    [][2]uint32
	reloads     int
	killed      []uint32
	shutdowns   int
}

func newFake() *fake {
	a := netip.MustParseAddr
	return &fake{
		local: 2,
		nodes: []fakeNode{
			{1, "alpha", []netip.Addr{a("10.77.0.1"), a("10.78.0.1")}, 1, true},
			{2, "bravo", []netip.Addr{a("10.77.0.2"), a("10.78.0.2")}, 1, true},
			{3, "charlie", []netip.Addr{a("10.77.0.3"), a("10.78.0.3")}, 1, false},
		},
		ring:     votequorumipc.RingID{NodeID: 1, Seq: 0x2c},
		quorate:  true,
		expected: 3,
		quorum:   2,
		flags:    corotool.InfoQuorate | corotool.InfoWaitForAll,
	}
}

// cmapMap is what the daemon's cmap would hold for this cluster.
func (f *fake) cmapMap() *cmap.Map {
	m := cmap.New()
	set := func(k string, v cmap.Value) {
		if err := m.Set(k, v); err != nil {
			panic(err)
		}
	}
	set("totem.transport", cmap.Str("udpu"))
	set("totem.cluster_name", cmap.Str("fake"))
	set("quorum.provider", cmap.Str("corosync_votequorum"))
	set("runtime.votequorum.this_node_id", cmap.U32(f.local))
	for i, n := range f.nodes {
		p := fmt.Sprintf("nodelist.node.%d.", i)
		set(p+"nodeid", cmap.U32(n.id))
		set(p+"name", cmap.Str(n.name))
		for l, a := range n.addrs {
			set(fmt.Sprintf("%sring%d_addr", p, l), cmap.Str(a.String()))
		}
	}
	return m
}

func (f *fake) node(id uint32) *fakeNode {
	for i := range f.nodes {
		if f.nodes[i].id == id {
			return &f.nodes[i]
		}
	}
	return nil
}

func (f *fake) memberIDs() []uint32 {
	var out []uint32
	for _, n := range f.nodes {
		if n.member {
			out = append(out, n.id)
		}
	}
	return out
}

// quorum backend

func (f *fake) QuorumType() uint32 { return quorumipc.TypeSet }

func (f *fake) QuorumState() quorumipc.State {
	f.mu.Lock()
	defer f.mu.Unlock()
	return quorumipc.State{Quorate: f.quorate, Ring: quorumipc.RingID(f.ring), Members: f.memberIDs()}
}

// votequorum backend

func (f *fake) totalVotes() uint32 {
	var t uint32
	for _, n := range f.nodes {
		if n.member {
			t += n.votes
		}
	}
	return t
}

func (f *fake) GetInfo(nodeid uint32) (votequorumipc.Info, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if nodeid == 0 {
		nodeid = f.local
	}
	n := f.node(nodeid)
	if n == nil {
		return votequorumipc.Info{}, cmapipc.ErrNotExist
	}
	state := votequorumipc.NodeMember
	if !n.member {
		state = votequorumipc.NodeDead
	}
	return votequorumipc.Info{NodeID: n.id, State: state, Votes: n.votes, ExpectedVotes: f.expected,
		HighestExpected: f.expected, TotalVotes: f.totalVotes(), Quorum: f.quorum, Flags: f.flags}, nil
}

func (f *fake) SetExpected(v uint32) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if v < f.totalVotes() {
		return cmapipc.ErrInvalidParam
	}
	f.setExpected = append(f.setExpected, v)
	return nil
}

func (f *fake) SetVotes(nodeid, votes uint32) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if nodeid == 0 {
		nodeid = f.local
	}
	if f.node(nodeid) == nil {
		return cmapipc.ErrNameNotFound
	}
	f.setVotes = append(f.setVotes, [2]uint32{nodeid, votes})
	return nil
}

func (f *fake) VoteState() votequorumipc.State {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := votequorumipc.State{Quorate: f.quorate, Ring: f.ring, Members: f.memberIDs()}
	for _, n := range f.nodes {
		s := votequorumipc.NodeMember
		if !n.member {
			s = votequorumipc.NodeDead
		}
		st.Nodes = append(st.Nodes, votequorumipc.NodeState{NodeID: n.id, State: s})
	}
	return st
}

// cfg backend

func (f *fake) LocalNodeID() uint32 { return f.local }

func (f *fake) NodeAddrs(nodeid uint32) ([]netip.Addr, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := f.node(nodeid)
	if n == nil {
		return nil, cmapipc.ErrNotExist
	}
	return n.addrs, nil
}

// NodeStatus reports links like corosync's udpu does: the local node's
// link is its own address; other members connected.
func (f *fake) NodeStatus(nodeid uint32) cfgipc.NodeStatus {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := f.node(nodeid)
	if n == nil {
		return cfgipc.NodeStatus{NodeID: nodeid}
	}
	ns := cfgipc.NodeStatus{NodeID: nodeid, Reachable: n.member}
	ns.Links[0] = cfgipc.LinkStatus{Enabled: true, Connected: n.member, MTU: 1410, Src: n.addrs[0].String()}
	return ns
}

func (f *fake) RingStatus() []cfgipc.Ring {
	return []cfgipc.Ring{{Name: "0 " + f.node(f.local).addrs[0].String(), Status: "OK"}}
}

func (f *fake) Reload() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reloads++
	return nil
}

func (f *fake) ReopenLogs() error { return nil }

func (f *fake) KillNode(nodeid uint32, _ string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if n := f.node(nodeid); n == nil || !n.member {
		return cmapipc.ErrNotExist
	}
	f.killed = append(f.killed, nodeid)
	return nil
}

func (f *fake) Shutdown() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.shutdowns++
}

// corotool's view of the same data, for the expected outputs.

func (f *fake) quorumStatus() *corotool.QuorumStatus {
	st := &corotool.QuorumStatus{Provider: "corosync_votequorum", Votequorum: true, Quorate: f.quorate,
		NodeID: f.local, RingRep: f.ring.NodeID, RingSeq: f.ring.Seq}
	in, _ := f.GetInfo(f.local)
	st.Info = toVQ(in)
	for _, id := range f.memberIDs() {
		n := f.node(id)
		in, _ := f.GetInfo(id)
		m := corotool.Member{NodeID: id, NodelistName: n.name, Info: toVQ(in)}
		for _, a := range n.addrs {
			m.Addrs = append(m.Addrs, a.String())
		}
		st.Members = append(st.Members, m)
	}
	return st
}

func toVQ(in votequorumipc.Info) corotool.VQInfo {
	return corotool.VQInfo{NodeID: in.NodeID, Votes: in.Votes, ExpectedVotes: in.ExpectedVotes,
		HighestExpected: in.HighestExpected, TotalVotes: in.TotalVotes, Quorum: in.Quorum, Flags: in.Flags}
}

func (f *fake) cfgStatus() *corotool.CfgStatus {
	st := &corotool.CfgStatus{LocalNodeID: f.local, Transport: "udpu"}
	for _, n := range f.nodes {
		ns := f.NodeStatus(n.id)
		c := corotool.NodeStatus{NodeID: n.id, Reachable: ns.Reachable}
		l := ns.Links[0]
		c.Links[0] = corotool.LinkStatus{Enabled: l.Enabled, Connected: l.Connected, MTU: int32(l.MTU), Src: l.Src}
		st.Nodes = append(st.Nodes, c)
	}
	return st
}
