package ipaddr2

import (
	"fmt"
	"net"
	"net/netip"

	"github.com/mdlayher/arp"
	"github.com/mdlayher/ethernet"
	"github.com/mdlayher/ndp"
	"github.com/mdlayher/packet"
)

// announcer tells the link that an address now lives at this host's MAC.
// Its socket is opened in the network namespace of the thread that
// created it and stays there.
type announcer interface {
	// Announce sends one round.
	Announce() error
	Close() error
}

const etherTypeARP = 0x0806

// arpAnnouncer sends, per round, a gratuitous ARP request (sender and
// target IP = the address, target MAC zero, as RFC 5227's announcement)
// and a gratuitous ARP reply (target MAC = own MAC, which is what Linux
// requires to treat a reply as gratuitous), both to the broadcast MAC.
// Some switches and hosts only learn from one of the two.
type arpAnnouncer struct {
	conn     *packet.Conn
	request  []byte
	reply    []byte
	dstBcast *packet.Addr
}

func newARPAnnouncer(ifi *net.Interface, ip netip.Addr) (*arpAnnouncer, error) {
	req, rep, err := garpPackets(ifi.HardwareAddr, ip)
	if err != nil {
		return nil, err
	}
	c, err := packet.Listen(ifi, packet.Datagram, etherTypeARP, nil)
	if err != nil {
		return nil, fmt.Errorf("ARP socket on %s: %w", ifi.Name, err)
	}
	return &arpAnnouncer{conn: c, request: req, reply: rep, dstBcast: &packet.Addr{HardwareAddr: ethernet.Broadcast}}, nil
}

// garpPackets encodes the gratuitous request and reply for ip at mac.
func garpPackets(mac net.HardwareAddr, ip netip.Addr) (request, reply []byte, err error) {
	zero := make(net.HardwareAddr, len(mac))
	rq, err := arp.NewPacket(arp.OperationRequest, mac, ip, zero, ip)
	if err != nil {
		return nil, nil, err
	}
	rp, err := arp.NewPacket(arp.OperationReply, mac, ip, mac, ip)
	if err != nil {
		return nil, nil, err
	}
	if request, err = rq.MarshalBinary(); err != nil {
		return nil, nil, err
	}
	if reply, err = rp.MarshalBinary(); err != nil {
		return nil, nil, err
	}
	return request, reply, nil
}

func (a *arpAnnouncer) Announce() error {
	if _, err := a.conn.WriteTo(a.request, a.dstBcast); err != nil {
		return fmt.Errorf("gratuitous ARP request: %w", err)
	}
	if _, err := a.conn.WriteTo(a.reply, a.dstBcast); err != nil {
		return fmt.Errorf("gratuitous ARP reply: %w", err)
	}
	return nil
}

func (a *arpAnnouncer) Close() error { return a.conn.Close() }

// naAnnouncer sends an unsolicited neighbour advertisement (override set,
// target link-layer address option) from the address to all nodes.
type naAnnouncer struct {
	conn *ndp.Conn
	msg  *ndp.NeighborAdvertisement
}

var allNodes = netip.MustParseAddr("ff02::1")

func newNAAnnouncer(ifi *net.Interface, ip netip.Addr) (*naAnnouncer, error) {
	c, _, err := ndp.Listen(ifi, ndp.Addr(ip.String()))
	if err != nil {
		return nil, fmt.Errorf("NDP socket on %s: %w", ifi.Name, err)
	}
	return &naAnnouncer{conn: c, msg: &ndp.NeighborAdvertisement{
		Override:      true,
		TargetAddress: ip,
		Options:       []ndp.Option{&ndp.LinkLayerAddress{Direction: ndp.Target, Addr: ifi.HardwareAddr}},
	}}, nil
}

func (a *naAnnouncer) Announce() error {
	if err := a.conn.WriteTo(a.msg, nil, allNodes); err != nil {
		return fmt.Errorf("unsolicited neighbour advertisement: %w", err)
	}
	return nil
}

func (a *naAnnouncer) Close() error { return a.conn.Close() }

func newAnnouncer(ifi *net.Interface, ip netip.Addr) (announcer, error) {
	if ip.Is6() {
		return newNAAnnouncer(ifi, ip)
	}
	return newARPAnnouncer(ifi, ip)
}
