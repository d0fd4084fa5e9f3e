// Package ipaddr2 is gocrm's native ocf:heartbeat:IPaddr2: a floating IPv4
// or IPv6 address added over netlink and announced with gratuitous ARP
// (request and reply) or unsolicited neighbour advertisements.
//
// Lifecycle in a daemon: one Agent lives as long as the daemon and holds a
// lease per address it started. Start adds the address, sends the first
// announcement round before returning (so neighbours learn the move at
// once), and hands the lease to a goroutine that sends the remaining
// arp_count-1 rounds every arp_interval. While the address is held, each
// Monitor asks that goroutine for arp_count_refresh more rounds (the shell
// agent's refresh, without blocking the monitor). Stop ends the goroutine,
// closes its socket and deletes exactly the address ip/prefix on the nic,
// never another address. Close ends every goroutine and leaves the
// addresses in place (daemon shutdown is not a stop).
//
// Network namespace: operations act in the namespace of the calling OS
// thread, and the announcement socket opened at start stays in it, so the
// background rounds go out on the right link even from another thread.
package ipaddr2

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"syscall"
	"time"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"

	"github.com/gorosync/gorosync/crm/agent"
)

// Agent is the native IPaddr2. The zero value is not usable; call New.
type Agent struct {
	log *slog.Logger
	// onAnnounce, when set (tests, benchmarks), is called after each round.
	onAnnounce func(ip netip.Addr, round int)

	mu     sync.Mutex
	leases map[string]*lease
}

// New returns an agent logging to log (nil: discard).
func New(log *slog.Logger) *Agent {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Agent{log: log, leases: map[string]*lease{}}
}

// lease is an address this agent started and keeps announcing.
type lease struct {
	key   string
	ann   announcer
	nudge chan int      // refresh rounds requested by monitors
	stop  chan struct{} // closed to end the goroutine
	done  chan struct{} // closed when the goroutine has ended
	burst chan struct{} // closed when the start burst is over
}

func leaseKey(c config) string {
	return fmt.Sprintf("%s/%d@%s", c.ip, c.prefix, c.nic)
}

// MetaData returns the native agent's meta-data.
func (a *Agent) MetaData(ctx context.Context) agent.Result {
	r := agent.Success()
	r.Stdout = metadataXML
	return r
}

// ValidateAll checks the parameters and that the nic and prefix can be
// found.
func (a *Agent) ValidateAll(ctx context.Context, req agent.Request) agent.Result {
	c, err := parse(req, true)
	if err != nil {
		return agent.Done(agent.ErrConfigured, "%v", err)
	}
	if err := findif(&c); err != nil {
		return agent.Done(agent.ErrConfigured, "[findif] failed: %v", err)
	}
	if _, err := netlink.LinkByName(c.nic); err != nil {
		return agent.Done(agent.ErrConfigured, "interface %s: %v", c.nic, err)
	}
	return agent.Success()
}

// Start adds the address (idempotently), brings the link up, sends the
// first announcement round and leaves the others to the lease goroutine.
func (a *Agent) Start(ctx context.Context, req agent.Request) agent.Result {
	c, err := parse(req, true)
	if err != nil {
		return agent.Done(agent.ErrConfigured, "%v", err)
	}
	if err := findif(&c); err != nil {
		if errors.Is(err, errNoLink) {
			return agent.Done(agent.ErrConfigured, "[findif] failed: %v", err)
		}
		return agent.Done(agent.ErrGeneric, "[findif] failed: %v", err)
	}
	link, err := netlink.LinkByName(c.nic)
	if err != nil {
		return agent.Done(agent.ErrConfigured, "interface %s: %v", c.nic, err)
	}
	addr := c.netlinkAddr()
	if err := netlink.AddrReplace(link, addr); err != nil {
		return agent.Done(agent.ErrGeneric, "failed to add %s/%d on %s: %v", c.ip, c.prefix, c.nic, err)
	}
	if link.Attrs().Flags&net.FlagUp == 0 {
		if err := netlink.LinkSetUp(link); err != nil {
			return agent.Done(agent.ErrGeneric, "failed to bring %s up: %v", c.nic, err)
		}
	}
	if link.Attrs().Flags&net.FlagLoopback != 0 {
		return agent.Success() // nobody to tell on a loopback
	}
	if c.ip.Is6() && !c.nodad {
		if err := waitDAD(ctx, link, c); err != nil {
			if ctx.Err() != nil {
				return agent.FromContext(ctx, agent.ActionStart, req.Timeout, agent.Result{})
			}
			return agent.Done(agent.ErrGeneric, "%v", err)
		}
	}
	ifi, err := net.InterfaceByIndex(link.Attrs().Index)
	if err != nil {
		return agent.Done(agent.ErrGeneric, "interface %s: %v", c.nic, err)
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	key := leaseKey(c)
	if old := a.leases[key]; old != nil {
		// Started again while held: announce again, keep the lease.
		old.request(c.arpCount)
		return agent.Success()
	}
	ann, err := newAnnouncer(ifi, c.ip)
	if err != nil {
		return agent.Done(agent.ErrGeneric, "%v", err)
	}
	if err := ann.Announce(); err != nil {
		ann.Close()
		return agent.Done(agent.ErrGeneric, "%v", err)
	}
	if a.onAnnounce != nil {
		a.onAnnounce(c.ip, 1)
	}
	l := &lease{key: key, ann: ann, nudge: make(chan int, 1), stop: make(chan struct{}),
		done: make(chan struct{}), burst: make(chan struct{})}
	a.leases[key] = l
	go a.hold(l, c)
	return agent.Success()
}

// hold sends the rest of the start burst, then the refresh rounds
// monitors ask for, until stopped.
func (a *Agent) hold(l *lease, c config) {
	defer close(l.done)
	defer l.ann.Close()
	pending := c.arpCount - 1
	round := 1
	burstOpen := true
	t := time.NewTimer(c.arpInterval)
	defer t.Stop()
	if pending == 0 {
		close(l.burst)
		burstOpen = false
		t.Stop()
	}
	for {
		select {
		case <-l.stop:
			if burstOpen {
				close(l.burst)
			}
			return
		case n := <-l.nudge:
			if pending == 0 {
				t.Reset(0)
			}
			pending += n
		case <-t.C:
			if pending == 0 {
				continue
			}
			round++
			if err := l.ann.Announce(); err != nil {
				a.log.Warn("announcing address", "address", c.ip, "nic", c.nic, "err", err)
			} else if a.onAnnounce != nil {
				a.onAnnounce(c.ip, round)
			}
			pending--
			if pending > 0 {
				t.Reset(c.arpInterval)
			} else if burstOpen {
				close(l.burst)
				burstOpen = false
			}
		}
	}
}

// request asks for n more rounds without blocking: requests arriving
// while one is queued are merged into it.
func (l *lease) request(n int) {
	select {
	case l.nudge <- n:
	default:
	}
}

// Monitor reports OK when the address is on the nic and the link is up,
// NotRunning when the address is absent, and an error when it is present
// on a link that is down.
func (a *Agent) Monitor(ctx context.Context, req agent.Request) agent.Result {
	c, err := parse(req, true)
	if err != nil {
		return agent.Done(agent.ErrConfigured, "%v", err)
	}
	if err := findif(&c); err != nil {
		if req.IsProbe() {
			return agent.Done(agent.NotRunning, "")
		}
		return agent.Done(agent.ErrGeneric, "[findif] failed: %v", err)
	}
	link, err := netlink.LinkByName(c.nic)
	if err != nil {
		if req.IsProbe() {
			return agent.Done(agent.NotRunning, "")
		}
		return agent.Done(agent.ErrConfigured, "interface %s: %v", c.nic, err)
	}
	present, err := hasAddr(link, c)
	if err != nil {
		return agent.Done(agent.ErrGeneric, "listing addresses of %s: %v", c.nic, err)
	}
	if !present {
		return agent.Done(agent.NotRunning, "")
	}
	at := link.Attrs()
	if at.Flags&net.FlagUp == 0 || !(at.OperState == netlink.OperUp || at.OperState == netlink.OperUnknown) {
		return agent.Done(agent.ErrGeneric, "%s/%d is on %s but the link is down (%s)", c.ip, c.prefix, c.nic, at.OperState)
	}
	if c.refreshCount > 0 {
		a.mu.Lock()
		l := a.leases[leaseKey(c)]
		a.mu.Unlock()
		if l != nil {
			l.request(c.refreshCount)
		}
	}
	return agent.Success()
}

// Stop ends the lease and deletes the address ip/prefix from the nic; an
// absent address (or nic) is success.
func (a *Agent) Stop(ctx context.Context, req agent.Request) agent.Result {
	c, err := parse(req, false)
	if err != nil {
		return agent.Done(agent.ErrConfigured, "%v", err)
	}
	if !c.ip.IsValid() {
		return agent.Success() // nothing can be held without an address
	}
	if err := findif(&c); err != nil {
		return agent.Success() // no route, no nic: the address cannot be here
	}
	a.mu.Lock()
	l := a.leases[leaseKey(c)]
	delete(a.leases, leaseKey(c))
	a.mu.Unlock()
	if l != nil {
		close(l.stop)
		select {
		case <-l.done:
		case <-ctx.Done():
			return agent.FromContext(ctx, agent.ActionStop, req.Timeout, agent.Result{})
		}
	}
	link, err := netlink.LinkByName(c.nic)
	if err != nil {
		return agent.Success()
	}
	present, err := hasAddr(link, c)
	if err != nil {
		return agent.Done(agent.ErrGeneric, "listing addresses of %s: %v", c.nic, err)
	}
	if !present {
		return agent.Success()
	}
	if err := netlink.AddrDel(link, c.netlinkAddr()); err != nil && !errors.Is(err, syscall.EADDRNOTAVAIL) {
		return agent.Done(agent.ErrGeneric, "failed to delete %s/%d from %s: %v", c.ip, c.prefix, c.nic, err)
	}
	return agent.Success()
}

// Settle waits until every start burst has been sent.
func (a *Agent) Settle(ctx context.Context) error {
	a.mu.Lock()
	var bursts []chan struct{}
	for _, l := range a.leases {
		bursts = append(bursts, l.burst)
	}
	a.mu.Unlock()
	for _, b := range bursts {
		select {
		case <-b:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// Close ends every lease goroutine; the addresses stay.
func (a *Agent) Close() error {
	a.mu.Lock()
	leases := a.leases
	a.leases = map[string]*lease{}
	a.mu.Unlock()
	for _, l := range leases {
		close(l.stop)
		<-l.done
	}
	return nil
}

// netlinkAddr is the address as netlink adds and deletes it.
func (c config) netlinkAddr() *netlink.Addr {
	bits := 32
	if c.ip.Is6() {
		bits = 128
	}
	n := &net.IPNet{IP: c.ip.AsSlice(), Mask: net.CIDRMask(c.prefix, bits)}
	a := &netlink.Addr{IPNet: n, Label: c.label}
	if c.ip.Is4() {
		switch b := c.broadcast; {
		case b == "-":
		case b == "" || b == "+":
			if c.prefix < 31 {
				a.Broadcast = broadcastOf(c.ip, c.prefix)
			}
		default:
			a.Broadcast = net.ParseIP(b).To4()
		}
	}
	if c.nodad && c.ip.Is6() {
		a.Flags |= unix.IFA_F_NODAD
	}
	if c.noprefixroute {
		a.Flags |= unix.IFA_F_NOPREFIXROUTE
	}
	if c.preferredLft >= 0 {
		a.PreferedLft = c.preferredLft
		a.ValidLft = int(^uint32(0)) // forever
	}
	return a
}

func broadcastOf(ip netip.Addr, prefix int) net.IP {
	b := ip.As4()
	host := ^uint32(0) >> prefix
	v := (uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])) | host
	return net.IPv4(byte(v>>24), byte(v>>16), byte(v>>8), byte(v)).To4()
}

// hasAddr reports whether exactly ip/prefix is on link.
func hasAddr(link netlink.Link, c config) (bool, error) {
	_, ok, err := findAddr(link, c)
	return ok, err
}

func findAddr(link netlink.Link, c config) (netlink.Addr, bool, error) {
	addrs, err := retry(func() ([]netlink.Addr, error) { return netlink.AddrList(link, family(c.ip)) })
	if err != nil {
		return netlink.Addr{}, false, err
	}
	for _, ad := range addrs {
		p, ok := toPrefix(ad.IPNet)
		if ok && p.Addr() == c.ip && p.Bits() == c.prefix {
			return ad, true, nil
		}
	}
	return netlink.Addr{}, false, nil
}

// waitDAD waits until duplicate address detection has finished for an
// IPv6 address: an advertisement from a tentative address is not allowed.
func waitDAD(ctx context.Context, link netlink.Link, c config) error {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		ad, ok, err := findAddr(link, c)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%s vanished from %s during duplicate address detection", c.ip, c.nic)
		}
		if ad.Flags&unix.IFA_F_DADFAILED != 0 {
			return fmt.Errorf("duplicate address detection failed for %s on %s: another host uses it", c.ip, c.nic)
		}
		if ad.Flags&unix.IFA_F_TENTATIVE == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

var (
	_ agent.Agent   = (*Agent)(nil)
	_ agent.Settler = (*Agent)(nil)
	_ agent.Closer  = (*Agent)(nil)
)
