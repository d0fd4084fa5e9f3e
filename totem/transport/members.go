package transport

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"time"
)

// memberSet is the nodelist as the transport uses it. It is never modified
// once published (readers look it up without a lock); SetMembers
// publishes a new one.
type memberSet struct {
	nodes  []*node
	byAddr map[netip.Addr]*node
	byID   map[uint32]*node
	self   *node // nil if the local node is not listed (udp)
}

// newMemberSet builds the set for ms. Members equal to one in old (same
// nodeid and address) keep their node, so counters and LastHeard survive.
func newMemberSet(ms []Member, local uint32, old *memberSet) *memberSet {
	s := &memberSet{byAddr: map[netip.Addr]*node{}, byID: map[uint32]*node{}}
	for _, m := range ms {
		var n *node
		if old != nil {
			for _, o := range old.nodes {
				if o.Member == m {
					n = o
					break
				}
			}
		}
		if n == nil {
			n = &node{Member: m, local: m.Nodeid == local}
		}
		s.nodes = append(s.nodes, n)
		a := m.Addr.WithZone("")
		if _, dup := s.byAddr[a]; !dup {
			s.byAddr[a] = n
		}
		if _, dup := s.byID[m.Nodeid]; !dup {
			s.byID[m.Nodeid] = n
		}
		if n.local && s.self == nil {
			s.self = n
		}
	}
	return s
}

func (t *tr) members() *memberSet { return t.set.Load() }

// SetMembers replaces the nodelist at run time (corosync's
// totempg_member_add/remove after a reload): datagrams from added members
// are accepted and multicasts reach them; removed members get nothing
// more. The local node must stay, at the address the transport binds.
// On error nothing changes.
func (t *tr) SetMembers(ms []Member) error {
	for _, m := range ms {
		if !m.Addr.IsValid() || m.Nodeid == 0 {
			return fmt.Errorf("transport: SetMembers: invalid member %d %v", m.Nodeid, m.Addr)
		}
	}
	if t.cfg.Kind == UDPU {
		if len(ms) == 0 {
			return errors.New("transport: SetMembers: udpu needs at least the local node")
		}
		local := false
		for _, m := range ms {
			if m.Nodeid == t.cfg.Nodeid {
				if m.Addr.WithZone("") != t.cfg.Bind.WithZone("") {
					return fmt.Errorf("transport: SetMembers: the local node's address cannot change (%v -> %v)", t.cfg.Bind, m.Addr)
				}
				local = true
			}
		}
		if !local {
			return fmt.Errorf("transport: SetMembers: the local node %d cannot be removed", t.cfg.Nodeid)
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return errors.New("transport: closed")
	}
	set := newMemberSet(ms, t.cfg.Nodeid, t.members())
	if u, ok := t.socks.(*udpuSockets); ok {
		var err error
		perr := t.pin.do(func() error {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err = u.setMembers(ctx, t.bound, t.destinations(set, t.bound), t.log)
			return nil
		})
		if err = errors.Join(perr, err); err != nil {
			return err
		}
	}
	t.cfg.Members = append([]Member(nil), ms...)
	t.set.Store(set)
	return nil
}

// setMembers gives udpu a sending socket per destination: kept for
// destinations it already has, new for added ones, closed for removed
// ones. On error the old sockets stay in use.
func (s *udpuSockets) setMembers(ctx context.Context, a ifAddr, dests []netip.AddrPort, log *slog.Logger) error {
	have := map[netip.AddrPort]int{}
	for i, d := range s.members {
		have[d] = i
	}
	send := make([]*net.UDPConn, 0, len(dests))
	var opened []*net.UDPConn
	for _, d := range dests {
		if i, ok := have[d]; ok {
			send = append(send, s.send[i])
			delete(have, d)
			continue
		}
		c, err := openSend(ctx, a, log)
		if err != nil {
			for _, o := range opened {
				o.Close()
			}
			return bindErr("bind token socket failed", err)
		}
		opened = append(opened, c)
		send = append(send, c)
	}
	for _, i := range have {
		s.send[i].Close()
	}
	s.send, s.members = send, dests
	return nil
}
