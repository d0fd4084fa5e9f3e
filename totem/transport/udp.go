package transport

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/netip"

	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"
	"golang.org/x/sys/unix"
)

// udpSockets is totemudp's socket set: mcast_recv bound to the group
// address and port and joined on the bound interface; token bound to
// local:port (receives unicast tokens); mcast_send bound to
// local:(port−1), which sends both the multicasts (loop off, TTL, on the
// bound interface) and the tokens. Own multicasts come back through the
// transport's internal loop, not the network.
type udpSockets struct {
	recv, tok, send *net.UDPConn
	group           netip.AddrPort
}

func openUDP(ctx context.Context, cfg *Config, a ifAddr, log *slog.Logger) (_ sockets, err error) {
	local := bindAddr(a)
	s := &udpSockets{group: netip.AddrPortFrom(cfg.Mcast, cfg.Port)}
	defer func() {
		if err != nil {
			s.close()
		}
	}()
	reuse := func(fd int) error { return unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1) }

	s.send, err = listenErr(ctx, netip.AddrPortFrom(local, cfg.Port-1), func(fd int) error {
		setInt(log, fd, unix.SOL_SOCKET, unix.SO_SNDBUF, SocketBuffer, "Unable to set SO_SNDBUF size on UDP mcast socket")
		return reuse(fd)
	})
	if err != nil {
		return nil, bindErr("Unable to bind the socket to send multicast packets", err)
	}
	s.tok, err = listenErr(ctx, netip.AddrPortFrom(local, cfg.Port), func(fd int) error {
		setInt(log, fd, unix.SOL_SOCKET, unix.SO_PRIORITY, tokenPriority, "Could not set traffic priority")
		return reuse(fd)
	})
	if err != nil {
		return nil, bindErr("Unable to bind UDP unicast socket", err)
	}
	s.recv, err = listenErr(ctx, s.group, func(fd int) error {
		setInt(log, fd, unix.SOL_SOCKET, unix.SO_RCVBUF, SocketBuffer, "Unable to set SO_RCVBUF size on UDP mcast socket")
		return reuse(fd)
	})
	if err != nil {
		return nil, bindErr("Unable to bind the socket to receive multicast packets", err)
	}
	ifi, err := net.InterfaceByIndex(a.Index)
	if err != nil {
		return nil, fmt.Errorf("transport: interface of %s: %w", a.Prefix.Addr(), err)
	}
	group := &net.UDPAddr{IP: cfg.Mcast.AsSlice()}
	if cfg.Mcast.Is4() {
		r, w := ipv4.NewPacketConn(s.recv), ipv4.NewPacketConn(s.send)
		if err := r.JoinGroup(ifi, group); err != nil {
			return nil, fmt.Errorf("transport: join ipv4 multicast group failed: %w", err)
		}
		if err := w.SetMulticastLoopback(false); err != nil {
			return nil, fmt.Errorf("transport: Unable to turn off multicast loopback: %w", err)
		}
		if err := w.SetMulticastTTL(cfg.TTL); err != nil {
			return nil, fmt.Errorf("transport: set mcast v4 TTL failed: %w", err)
		}
		if err := w.SetMulticastInterface(ifi); err != nil {
			return nil, fmt.Errorf("transport: cannot select interface for multicast packets (send): %w", err)
		}
	} else {
		r, w := ipv6.NewPacketConn(s.recv), ipv6.NewPacketConn(s.send)
		if err := r.JoinGroup(ifi, group); err != nil {
			return nil, fmt.Errorf("transport: join ipv6 multicast group failed: %w", err)
		}
		if err := w.SetMulticastLoopback(false); err != nil {
			return nil, fmt.Errorf("transport: Unable to turn off multicast loopback: %w", err)
		}
		if err := w.SetMulticastHopLimit(cfg.TTL); err != nil {
			return nil, fmt.Errorf("transport: set mcast v6 TTL failed: %w", err)
		}
		if err := w.SetMulticastInterface(ifi); err != nil {
			return nil, fmt.Errorf("transport: cannot select interface for multicast packets (send v6): %w", err)
		}
	}
	return s, nil
}

func (s *udpSockets) token(dst netip.AddrPort, b []byte) error {
	_, err := s.send.WriteToUDPAddrPort(b, dst)
	return err
}

func (s *udpSockets) mcast(b []byte) (int, error) {
	if _, err := s.send.WriteToUDPAddrPort(b, s.group); err != nil {
		return 0, err
	}
	return 1, nil
}

func (s *udpSockets) readers() []reader { return []reader{s.recv, s.tok} }

func (s *udpSockets) close() {
	for _, c := range []*net.UDPConn{s.recv, s.tok, s.send} {
		if c != nil {
			c.Close()
		}
	}
}

// listenErr is listen with an option hook that can fail the bind.
func listenErr(ctx context.Context, ap netip.AddrPort, opts func(fd int) error) (*net.UDPConn, error) {
	var oerr error
	c, err := listen(ctx, ap, func(fd int) { oerr = opts(fd) })
	if err == nil && oerr != nil {
		c.Close()
		return nil, oerr
	}
	return c, err
}
