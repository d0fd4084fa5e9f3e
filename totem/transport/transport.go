package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorosync/gorosync/totem"
)

// Sizes from include/corosync/totem/totem.h and the transports.
const (
	// RecvFrameMax is UDP_RECEIVE_FRAME_SIZE_MAX: the receive buffer; a
	// larger datagram is dropped as truncated.
	RecvFrameMax = 384*(8*2*22) + 1024 // 136,192
	// SocketBuffer is MCAST_SOCKET_BUFFER_SIZE (TRANSMITS_ALLOWED × frame).
	SocketBuffer = 16 * RecvFrameMax
	// tokenPriority is SO_PRIORITY TC_PRIO_INTERACTIVE on the token socket.
	tokenPriority = 6
	// loopQueue bounds the internal loop (corosync: a socketpair buffer).
	loopQueue = 1024
	// recvQueue is the channel between readers and the run loop; when it
	// is full readers wait and the kernel's socket buffer absorbs bursts.
	recvQueue = 256
	// maxReadErrors consecutive read errors make a reader give up and ask
	// for the sockets to be rebuilt.
	maxReadErrors = 100
)

// sockets is one bound socket set (udpu or udp).
type sockets interface {
	// token sends b to dst from the socket tokens leave from.
	token(dst netip.AddrPort, b []byte) error
	// mcast sends b as a multicast; it returns how many datagrams went
	// out and the first error. udp also loops b back (the caller does).
	mcast(b []byte) (sent int, err error)
	// readers are the sockets to receive from.
	readers() []reader
	close()
}

// reader is a receiving socket.
type reader interface {
	ReadMsgUDPAddrPort(b, oob []byte) (n, oobn, flags int, addr netip.AddrPort, err error)
}

type node struct {
	Member
	local     bool
	lastHeard atomic.Int64 // unix ns; 0 never
	rx, tx    atomic.Uint64
}

type tr struct {
	cfg Config
	log *slog.Logger
	pin *nsPin
	set atomic.Pointer[memberSet] // the nodelist (SetMembers replaces it)

	recv   chan Packet
	events chan Event
	loop   chan Packet
	done   chan struct{}
	wg     sync.WaitGroup
	rbuf   int // receive buffer size (RecvFrameMax; smaller in tests)

	mu     sync.Mutex
	socks  sockets // nil while down
	bound  ifAddr
	up     atomic.Bool
	closed bool
	// gen numbers socket sets, so a reader whose socket was closed by a
	// rebind knows it is stale; rebuild is the gen a failing reader asks
	// to replace.
	gen     atomic.Uint64
	rebuild atomic.Uint64

	st struct {
		rxPackets, rxBytes, txPackets, txBytes, txErrors        atomic.Uint64
		rejected, truncated, noTarget, droppedDown, loopDropped atomic.Uint64
		rebinds                                                 atomic.Uint64
	}
}

// Open creates the transport in the calling thread's network namespace,
// binds if the local address is present (else starts isolated), and
// starts the receive and interface-check goroutines.
func Open(cfg Config) (Transport, error) { return open(cfg, RecvFrameMax) }

func open(cfg Config, rbuf int) (*tr, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	t := &tr{
		cfg:    cfg,
		log:    cfg.Logger,
		recv:   make(chan Packet, recvQueue),
		events: make(chan Event, 4),
		loop:   make(chan Packet, loopQueue),
		done:   make(chan struct{}),
		rbuf:   rbuf,
	}
	if t.log == nil {
		t.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	t.set.Store(newMemberSet(cfg.Members, cfg.Nodeid, nil))
	pin, err := pinNS()
	if err != nil {
		return nil, err
	}
	t.pin = pin
	ev, err := t.check(true)
	if err != nil {
		pin.close()
		return nil, err
	}
	t.events <- ev
	t.wg.Add(2)
	go t.forwardLoop()
	go t.checker()
	return t, nil
}

func (t *tr) Recv() <-chan Packet   { return t.recv }
func (t *tr) Events() <-chan Event  { return t.events }
func (t *tr) Up() bool              { return t.up.Load() }
func (t *tr) MTU() int              { return t.cfg.MTU() }
func (t *tr) LocalAddr() netip.Addr { return t.bindAddr() }

func (t *tr) bindAddr() netip.Addr {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.bound.Prefix.IsValid() {
		return t.bound.Prefix.Addr()
	}
	return t.cfg.Bind
}

// Close stops everything and closes Recv and Events.
func (t *tr) Close() error {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return nil
	}
	t.closed = true
	close(t.done)
	if t.socks != nil {
		t.socks.close()
		t.socks = nil
	}
	t.mu.Unlock()
	t.wg.Wait()
	t.pin.close()
	close(t.recv)
	close(t.events)
	return nil
}

// Send implements Transport.
func (t *tr) Send(d totem.Datagram) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return
	}
	if t.socks == nil {
		t.sendDown(d)
		return
	}
	if d.Multicast {
		sent, err := t.socks.mcast(d.Data)
		t.countTx(sent, len(d.Data))
		if t.cfg.Kind == UDPU {
			for _, n := range t.members().nodes {
				n.tx.Add(1)
			}
		}
		if err != nil {
			t.st.txErrors.Add(1)
			t.log.Debug("sendmsg(mcast) failed (non-critical): " + err.Error())
		}
		if t.cfg.Kind == UDP {
			t.toLoop(d.Data)
		}
		return
	}
	n := t.members().byID[d.To]
	if n == nil {
		t.st.noTarget.Add(1)
		return
	}
	n.tx.Add(1)
	if err := t.socks.token(netip.AddrPortFrom(t.dest(n.Addr), t.cfg.Port), d.Data); err != nil {
		t.st.txErrors.Add(1)
		t.log.Debug("sendmsg(ucast) failed (non-critical): " + err.Error())
		return
	}
	t.countTx(1, len(d.Data))
}

// sendDown is loopback mode: only this node hears its messages.
func (t *tr) sendDown(d totem.Datagram) {
	if !d.Multicast && d.To != t.cfg.Nodeid {
		t.st.droppedDown.Add(1)
		return
	}
	t.toLoop(d.Data)
}

func (t *tr) countTx(n, size int) {
	t.st.txPackets.Add(uint64(n))
	t.st.txBytes.Add(uint64(n * size))
}

// toLoop queues b for local delivery without blocking the caller.
func (t *tr) toLoop(b []byte) {
	p := Packet{Data: append([]byte(nil), b...), From: t.cfg.Nodeid, At: time.Now(), Loop: true}
	select {
	case t.loop <- p:
		t.countTx(1, len(b))
	default:
		t.st.loopDropped.Add(1)
	}
}

// dest gives a link-local destination the zone of the bound interface.
// (Corosync hard-codes scope id 2 for every IPv6 address.)
func (t *tr) dest(a netip.Addr) netip.Addr {
	if a.Is6() && a.IsLinkLocalUnicast() && a.Zone() == "" && t.bound.Name != "" {
		return a.WithZone(t.bound.Name)
	}
	return a
}

func (t *tr) forwardLoop() {
	defer t.wg.Done()
	for {
		select {
		case <-t.done:
			return
		case p := <-t.loop:
			t.deliver(p)
		}
	}
}

// deliver counts p and hands it to the run loop (or drops it at Close).
func (t *tr) deliver(p Packet) {
	t.st.rxPackets.Add(1)
	t.st.rxBytes.Add(uint64(len(p.Data)))
	if n := t.members().byID[p.From]; p.Loop && n != nil {
		n.rx.Add(1)
		n.lastHeard.Store(p.At.UnixNano())
	}
	select {
	case t.recv <- p:
	case <-t.done:
	}
}

// readLoop receives from one socket of set gen until it is closed.
func (t *tr) readLoop(r reader, gen uint64) {
	defer t.wg.Done()
	buf := make([]byte, t.rbuf)
	failures := 0
	for {
		n, _, flags, src, err := r.ReadMsgUDPAddrPort(buf, nil)
		if err != nil {
			if t.stale(gen) {
				return
			}
			failures++
			t.log.Debug("recvmsg failed: " + err.Error())
			if failures >= maxReadErrors {
				t.log.Warn(fmt.Sprintf("receive socket failing (%v); rebuilding the sockets", err))
				t.rebuild.Store(gen)
				return
			}
			continue
		}
		failures = 0
		if flags&msgTrunc != 0 {
			t.st.truncated.Add(1)
			continue
		}
		ip := src.Addr().Unmap().WithZone("")
		nd := t.members().byAddr[ip]
		if nd == nil && t.cfg.Kind == UDPU && !t.cfg.AllowUnlisted {
			t.st.rejected.Add(1)
			t.log.Debug("Packet rejected from " + ip.String())
			continue
		}
		p := Packet{Data: append([]byte(nil), buf[:n]...), Src: src, At: time.Now()}
		if nd != nil {
			p.From = nd.Nodeid
			nd.rx.Add(1)
			nd.lastHeard.Store(p.At.UnixNano())
		}
		t.deliver(p)
	}
}

// stale tells a reader whose socket failed whether that was on purpose.
func (t *tr) stale(gen uint64) bool {
	select {
	case <-t.done:
		return true
	default:
	}
	return t.gen.Load() != gen || !t.up.Load()
}

// checker re-examines the interface every downcheck period.
func (t *tr) checker() {
	defer t.wg.Done()
	tick := time.NewTicker(t.cfg.downcheck())
	defer tick.Stop()
	for {
		select {
		case <-t.done:
			return
		case <-tick.C:
		}
		ev, err := t.check(false)
		if err != nil {
			t.log.Warn(err.Error())
			continue
		}
		if ev.Kind == 0 {
			continue
		}
		select {
		case t.events <- ev:
		case <-t.done:
			return
		}
	}
}

// check compares the interface state with ours and binds or unbinds. It
// returns the event to report (Kind 0: none). At start it always reports.
func (t *tr) check(first bool) (Event, error) {
	var addrs []ifAddr
	err := t.pin.do(func() (err error) {
		addrs, err = localAddrs()
		return err
	})
	if err != nil {
		return Event{}, err
	}
	a, found := findBound(addrs, t.cfg.Bind, t.cfg.BindNetwork)
	present := found && a.Up
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return Event{}, nil
	}
	now := time.Now()
	up := t.socks != nil
	switch {
	case up && present && t.rebuild.Load() != t.gen.Load():
		return Event{}, nil
	case up && present: // a reader gave up: rebuild in place
		t.unbindLocked()
		if err := t.bindLocked(a); err != nil {
			return Event{Kind: IfaceDown, At: now}, nil
		}
		return Event{}, nil
	case up && !present:
		t.unbindLocked()
		return Event{Kind: IfaceDown, At: now}, nil
	case !up && present:
		if err := t.bindLocked(a); err != nil {
			if first && !errors.Is(err, errAddrNotAvail) {
				return Event{}, err
			}
			t.log.Warn(err.Error())
			if first {
				return Event{Kind: IfaceDown, At: now}, nil
			}
			return Event{}, nil
		}
		return Event{Kind: IfaceUp, Addr: a.Prefix.Addr(), At: now}, nil
	}
	if first {
		return Event{Kind: IfaceDown, At: now}, nil
	}
	return Event{}, nil
}

// bindLocked builds the socket set for a and starts its readers.
func (t *tr) bindLocked(a ifAddr) error {
	var s sockets
	err := t.pin.do(func() (err error) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if t.cfg.Kind == UDP {
			s, err = openUDP(ctx, &t.cfg, a, t.log)
		} else {
			s, err = openUDPU(ctx, &t.cfg, a, t.destinations(t.members(), a), t.log)
		}
		return err
	})
	if err != nil {
		return err
	}
	t.socks, t.bound = s, a
	gen := t.gen.Add(1)
	t.up.Store(true)
	t.st.rebinds.Add(1)
	for _, r := range s.readers() {
		t.wg.Add(1)
		go t.readLoop(r, gen)
	}
	return nil
}

// unbindLocked closes the sockets; their readers notice and exit (they
// may still hand over a datagram read just before).
func (t *tr) unbindLocked() {
	t.up.Store(false)
	t.socks.close()
	t.socks = nil
}

// destinations are the udpu destinations of set, with zones for
// link-local ones.
func (t *tr) destinations(set *memberSet, a ifAddr) []netip.AddrPort {
	out := make([]netip.AddrPort, 0, len(set.nodes))
	for _, n := range set.nodes {
		d := n.Addr
		if d.Is6() && d.IsLinkLocalUnicast() && d.Zone() == "" {
			d = d.WithZone(a.Name)
		}
		out = append(out, netip.AddrPortFrom(d, t.cfg.Port))
	}
	return out
}

// Nodes implements Transport.
func (t *tr) Nodes() []NodeLink {
	set := t.members()
	out := make([]NodeLink, 0, len(set.nodes))
	for _, n := range set.nodes {
		l := NodeLink{Nodeid: n.Nodeid, Addr: n.Addr, Local: n.local, RxPackets: n.rx.Load(), TxPackets: n.tx.Load()}
		if ns := n.lastHeard.Load(); ns != 0 {
			l.LastHeard = time.Unix(0, ns)
		}
		out = append(out, l)
	}
	return out
}

// Stats implements Transport.
func (t *tr) Stats() Stats {
	return Stats{
		RxPackets: t.st.rxPackets.Load(), RxBytes: t.st.rxBytes.Load(),
		TxPackets: t.st.txPackets.Load(), TxBytes: t.st.txBytes.Load(),
		TxErrors: t.st.txErrors.Load(), Rejected: t.st.rejected.Load(),
		Truncated: t.st.truncated.Load(), NoTarget: t.st.noTarget.Load(),
		DroppedDown: t.st.droppedDown.Load(), LoopDropped: t.st.loopDropped.Load(),
		Rebinds: t.st.rebinds.Load(),
	}
}
