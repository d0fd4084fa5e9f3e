package vipcheck

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"time"

	"github.com/mdlayher/arp"
	"github.com/mdlayher/ethernet"
	"github.com/mdlayher/ndp"
	"github.com/mdlayher/packet"
)

const etherTypeARP = 0x0806

// probe sends count probes for ip on ifi and returns the hardware
// address of whoever answers, or nil if nobody does in time.
func probe(ctx context.Context, ifi *net.Interface, ip netip.Addr, count int, wait time.Duration) (net.HardwareAddr, error) {
	deadline := time.Now().Add(min(wait, time.Duration(count)*probeGap))
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	var p prober
	var err error
	if ip.Is6() {
		p, err = newNDProber(ifi, ip)
	} else {
		p, err = newARPProber(ifi, ip)
	}
	if err != nil {
		return nil, err
	}
	defer p.Close()
	// Unblock a pending read when ctx ends early.
	stop := context.AfterFunc(ctx, func() { p.SetReadDeadline(time.Now()) })
	defer stop()

	sent := 0
	for {
		if sent < count {
			if err := p.Send(); err != nil {
				return nil, err
			}
			sent++
		}
		until := deadline
		if sent < count {
			until = earliest(deadline, time.Now().Add(probeGap))
		}
		owner, err := p.ReadAnswer(until)
		if err != nil {
			return nil, err
		}
		if owner != nil {
			return owner, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !time.Now().Before(deadline) {
			return nil, nil
		}
	}
}

type prober interface {
	Send() error
	// ReadAnswer returns the answering hardware address, or nil when
	// the time runs out first.
	ReadAnswer(until time.Time) (net.HardwareAddr, error)
	SetReadDeadline(time.Time) error
	Close() error
}

// arpProber sends RFC 5227 probes (sender IP 0.0.0.0, so no cache
// anywhere learns from them) and watches for ARP from the target.
type arpProber struct {
	conn *packet.Conn
	own  net.HardwareAddr
	ip   netip.Addr
	pkt  []byte
}

func newARPProber(ifi *net.Interface, ip netip.Addr) (*arpProber, error) {
	p, err := arp.NewPacket(arp.OperationRequest, ifi.HardwareAddr, netip.IPv4Unspecified(),
		make(net.HardwareAddr, len(ifi.HardwareAddr)), ip)
	if err != nil {
		return nil, err
	}
	b, err := p.MarshalBinary()
	if err != nil {
		return nil, err
	}
	c, err := packet.Listen(ifi, packet.Datagram, etherTypeARP, nil)
	if err != nil {
		return nil, fmt.Errorf("ARP socket on %s: %w", ifi.Name, err)
	}
	return &arpProber{conn: c, own: ifi.HardwareAddr, ip: ip, pkt: b}, nil
}

func (p *arpProber) Send() error {
	_, err := p.conn.WriteTo(p.pkt, &packet.Addr{HardwareAddr: ethernet.Broadcast})
	return err
}

func (p *arpProber) ReadAnswer(until time.Time) (net.HardwareAddr, error) {
	if err := p.conn.SetReadDeadline(until); err != nil {
		return nil, err
	}
	buf := make([]byte, 1500)
	for {
		n, _, err := p.conn.ReadFrom(buf)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if owner := answer(buf[:n], p.ip, p.own); owner != nil {
			return owner, nil
		}
	}
}

// answer returns the sender's hardware address when b is an ARP packet
// from somebody else claiming ip (a reply to the probe, or its own
// request or announcement).
func answer(b []byte, ip netip.Addr, own net.HardwareAddr) net.HardwareAddr {
	var a arp.Packet
	if a.UnmarshalBinary(b) != nil || a.SenderIP != ip || bytes.Equal(a.SenderHardwareAddr, own) {
		return nil
	}
	return a.SenderHardwareAddr
}

func (p *arpProber) SetReadDeadline(t time.Time) error { return p.conn.SetReadDeadline(t) }
func (p *arpProber) Close() error                      { return p.conn.Close() }

// ndProber sends neighbour solicitations for the target to its
// solicited-node group and watches for advertisements of it.
type ndProber struct {
	conn *ndp.Conn
	ip   netip.Addr
	dst  netip.Addr
	msg  *ndp.NeighborSolicitation
}

func newNDProber(ifi *net.Interface, ip netip.Addr) (*ndProber, error) {
	c, _, err := ndp.Listen(ifi, ndp.LinkLocal)
	if err != nil {
		return nil, fmt.Errorf("NDP socket on %s: %w", ifi.Name, err)
	}
	dst, err := ndp.SolicitedNodeMulticast(ip)
	if err != nil {
		c.Close()
		return nil, err
	}
	return &ndProber{conn: c, ip: ip, dst: dst, msg: &ndp.NeighborSolicitation{TargetAddress: ip,
		Options: []ndp.Option{&ndp.LinkLayerAddress{Direction: ndp.Source, Addr: ifi.HardwareAddr}}}}, nil
}

func (p *ndProber) Send() error { return p.conn.WriteTo(p.msg, nil, p.dst) }

func (p *ndProber) ReadAnswer(until time.Time) (net.HardwareAddr, error) {
	if err := p.conn.SetReadDeadline(until); err != nil {
		return nil, err
	}
	for {
		m, _, _, err := p.conn.ReadFrom()
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		na, ok := m.(*ndp.NeighborAdvertisement)
		if !ok || na.TargetAddress != p.ip {
			continue
		}
		for _, o := range na.Options {
			if l, ok := o.(*ndp.LinkLayerAddress); ok && l.Direction == ndp.Target {
				return l.Addr, nil
			}
		}
		return net.HardwareAddr{}, nil // answered without saying from where
	}
}

func (p *ndProber) SetReadDeadline(t time.Time) error { return p.conn.SetReadDeadline(t) }
func (p *ndProber) Close() error                      { return p.conn.Close() }

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
