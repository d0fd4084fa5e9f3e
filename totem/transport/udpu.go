package transport

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"syscall"

	"golang.org/x/sys/unix"
)

const msgTrunc = unix.MSG_TRUNC

// errAddrNotAvail marks a bind that failed because the address vanished
// between the check and the bind: the interface is simply down.
var errAddrNotAvail = errors.New("address not available")

// udpuSockets is totemudpu's socket set: the token socket (bound to
// local:port, receives everything, sends tokens) and, per member, a
// sending socket (local:ephemeral) for the unicasts that stand in for a
// multicast; so each member sees its own source port [lab].
type udpuSockets struct {
	tok     *net.UDPConn
	send    []*net.UDPConn // send[i] talks to members[i]
	members []netip.AddrPort
}

func openUDPU(ctx context.Context, cfg *Config, a ifAddr, members []netip.AddrPort, log *slog.Logger) (sockets, error) {
	local := bindAddr(a)
	tok, err := listen(ctx, netip.AddrPortFrom(local, cfg.Port), func(fd int) {
		setInt(log, fd, unix.SOL_SOCKET, unix.SO_RCVBUF, SocketBuffer, "Could not set recvbuf size")
		setInt(log, fd, unix.SOL_SOCKET, unix.SO_PRIORITY, tokenPriority, "Could not set traffic priority")
	})
	if err != nil {
		return nil, bindErr("bind token socket failed", err)
	}
	s := &udpuSockets{tok: tok, members: members}
	for range members {
		c, err := openSend(ctx, a, log)
		if err != nil {
			s.close()
			return nil, bindErr("bind token socket failed", err)
		}
		s.send = append(s.send, c)
	}
	return s, nil
}

// openSend opens one member's sending socket (local:ephemeral).
func openSend(ctx context.Context, a ifAddr, log *slog.Logger) (*net.UDPConn, error) {
	return listen(ctx, netip.AddrPortFrom(bindAddr(a), 0), func(fd int) {
		setInt(log, fd, unix.SOL_SOCKET, unix.SO_SNDBUF, SocketBuffer, "Could not set sendbuf size")
	})
}

func (s *udpuSockets) token(dst netip.AddrPort, b []byte) error {
	_, err := s.tok.WriteToUDPAddrPort(b, dst)
	return err
}

func (s *udpuSockets) mcast(b []byte) (int, error) {
	sent := 0
	var first error
	for i, m := range s.members {
		if _, err := s.send[i].WriteToUDPAddrPort(b, m); err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		sent++
	}
	return sent, first
}

// Only the token socket receives (as in corosync, nothing polls the
// sending socket).
func (s *udpuSockets) readers() []reader { return []reader{s.tok} }

func (s *udpuSockets) close() {
	s.tok.Close()
	for _, c := range s.send {
		c.Close()
	}
}

// bindAddr is the address to bind: link-local IPv6 needs its zone.
func bindAddr(a ifAddr) netip.Addr {
	ip := a.Prefix.Addr()
	if ip.Is6() && ip.IsLinkLocalUnicast() {
		return ip.WithZone(a.Name)
	}
	return ip
}

// listen binds a UDP socket to ap, running opts on it before bind.
func listen(ctx context.Context, ap netip.AddrPort, opts func(fd int)) (*net.UDPConn, error) {
	network := "udp4"
	if ap.Addr().Is6() {
		network = "udp6"
	}
	lc := net.ListenConfig{Control: func(_, _ string, c syscall.RawConn) error {
		return c.Control(func(fd uintptr) { opts(int(fd)) })
	}}
	pc, err := lc.ListenPacket(ctx, network, ap.String())
	if err != nil {
		return nil, err
	}
	return pc.(*net.UDPConn), nil
}

// setInt sets a socket option; failing is not fatal, as in corosync.
func setInt(log *slog.Logger, fd, level, opt, v int, what string) {
	if err := unix.SetsockoptInt(fd, level, opt, v); err != nil {
		log.Warn(fmt.Sprintf("%s: %v", what, err))
	}
}

func bindErr(what string, err error) error {
	if errors.Is(err, unix.EADDRNOTAVAIL) {
		return fmt.Errorf("transport: %s: %w (%w)", what, err, errAddrNotAvail)
	}
	return fmt.Errorf("transport: %s: %w", what, err)
}
