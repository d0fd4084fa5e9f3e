package transport

import (
	"net/netip"
	"time"

	"github.com/gorosync/gorosync/totem"
)

// Transport is the network edge of one node: the run loop hands it the
// core's datagrams and reads what arrives.
type Transport interface {
	// Send puts d on the network: a multicast goes to every nodelist
	// member including this node (udpu) or to the group (udp, looped
	// back internally); otherwise to the member d.To. Like corosync's
	// transports it never fails: errors are counted and logged at debug
	// ("non-critical"), Totem recovers by retransmission.
	Send(d totem.Datagram)
	// Recv delivers arriving datagrams; closed by Close.
	Recv() <-chan Packet
	// Events reports interface down/up, starting with the state found at
	// Open; closed by Close. The run loop should drain it.
	Events() <-chan Event
	// Up reports whether sockets are bound (false: isolated, loopback mode).
	Up() bool
	// LocalAddr is the address bound (or to be bound) for ring 0.
	LocalAddr() netip.Addr
	// Nodes is the per-member link view for cfgtool, in nodelist order.
	Nodes() []NodeLink
	// SetMembers replaces the nodelist (link 0) at run time, for a
	// reload: added members are sent to and heard from, removed ones no
	// longer. The local node must stay, at its address. On error
	// nothing changes.
	SetMembers([]Member) error
	Stats() Stats
	// MTU is the net_mtu Totem works with (netmtu − 90; 1410 by default).
	MTU() int
	Close() error
}

// Packet is one datagram that arrived.
type Packet struct {
	Data []byte
	// From is the sender's nodeid, looked up by source IP in the nodelist;
	// 0 when the source is not listed (only with AllowUnlisted, or udp).
	From uint32
	Src  netip.AddrPort
	At   time.Time
	// Loop is set for datagrams that never left the host: own multicasts
	// on udp, and everything while the interface is down.
	Loop bool
}

// Received is the event the Totem core takes.
func (p Packet) Received() totem.Received { return totem.Received{From: p.From, Data: p.Data} }

// EventKind tells interface events apart.
type EventKind uint8

const (
	IfaceUp   EventKind = iota + 1 // sockets bound to Addr
	IfaceDown                      // address absent or link down: isolated
)

// Event is an interface state change.
type Event struct {
	Kind EventKind
	Addr netip.Addr // the bound address (IfaceUp)
	At   time.Time
}

// Text is the line corosync logs (notice, subsystem TOTEM).
func (e Event) Text() string {
	if e.Kind == IfaceUp {
		return "The network interface [" + e.Addr.String() + "] is now up."
	}
	return "The network interface is down."
}

// NodeLink is what this transport knows about one nodelist member.
// Corosync's cfgtool shows udpu members as "connected" when they are in
// the current membership, which only the run loop knows; LastHeard is
// the transport's own evidence.
type NodeLink struct {
	Nodeid    uint32
	Addr      netip.Addr
	Local     bool
	LastHeard time.Time // zero: never heard
	RxPackets uint64
	TxPackets uint64
}

// Stats are the transport's counters since Open.
type Stats struct {
	RxPackets, RxBytes uint64 // accepted datagrams (network and loop)
	TxPackets, TxBytes uint64 // datagrams handed to the kernel or the loop
	TxErrors           uint64 // sendmsg failures (corosync: "non-critical")
	Rejected           uint64 // source IP not in the nodelist ("Packet rejected from %s")
	Truncated          uint64 // larger than the receive buffer
	NoTarget           uint64 // token for a nodeid without a nodelist address
	DroppedDown        uint64 // unicast to another node while the interface is down
	LoopDropped        uint64 // internal loop queue full
	Rebinds            uint64 // socket sets built (first bind included)
}
