package transport

import (
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"time"

	"github.com/gorosync/gorosync/coroconf"
)

// Kind is the totem.transport this package implements.
type Kind uint8

const (
	UDPU Kind = iota // unicast to every nodelist member (the default here)
	UDP              // IP multicast
)

func (k Kind) String() string {
	if k == UDP {
		return "udp"
	}
	return "udpu"
}

// Member is one nodelist entry of link 0.
type Member struct {
	Nodeid uint32
	Addr   netip.Addr
}

// Config is what a transport needs; FromTotem builds it from a loaded
// corosync.conf.
type Config struct {
	Kind   Kind
	Nodeid uint32 // the local node
	// Bind is the address to bind: the local node's ring0_addr, or for a
	// udp ring without nodelist the bindnetaddr (matched as a network).
	Bind netip.Addr
	// BindNetwork allows Bind to match a local address by network, as
	// corosync does for bindnetaddr. With a nodelist the local address is
	// known and must be present itself (see doc.go).
	BindNetwork bool
	Port        uint16     // totem.interface.0.mcastport
	Mcast       netip.Addr // udp: the group (mcastaddr)
	TTL         int        // udp: multicast TTL / hop limit
	Members     []Member   // nodelist, link 0, in nodelist order
	// AllowUnlisted turns block_unlisted_ips off (corosync's default is
	// to drop datagrams from addresses outside the nodelist, on udpu).
	AllowUnlisted bool
	Downcheck     time.Duration // interface re-check period; 0 means 1s
	NetMTU        int           // totem.netmtu; 0 means 1500
	Logger        *slog.Logger  // nil: discard
}

// FromTotem derives a Config from coroconf's result (link 0 only, as
// corosync uses for udp and udpu).
func FromTotem(tc *coroconf.TotemConfig) (Config, error) {
	if tc == nil {
		return Config{}, errors.New("transport: no totem configuration")
	}
	var c Config
	switch tc.Transport {
	case coroconf.TransportUDPU:
		c.Kind = UDPU
	case coroconf.TransportUDP:
		c.Kind = UDP
	default:
		return Config{}, fmt.Errorf("transport: totem.transport %s is not supported (only udpu and udp)", tc.Transport)
	}
	if tc.Broadcast {
		return Config{}, errors.New("transport: totem.interface.0.broadcast is not supported")
	}
	l := tc.Links[0]
	c.Nodeid = tc.Nodeid
	c.Port = l.Port
	c.TTL = l.TTL
	c.NetMTU = int(tc.NetMTU)
	c.Downcheck = time.Duration(tc.Volatile["downcheck"]) * time.Millisecond
	if v, ok := tc.Volatile["block_unlisted_ips"]; ok && v == 0 {
		c.AllowUnlisted = true
	}
	// coroconf keeps the duplicates corosync's icmap iteration produces
	// (a node without nodeid can appear twice in the member list); one
	// datagram per distinct member is enough.
	seen := map[Member]bool{}
	for _, m := range l.Members {
		a, err := netip.ParseAddr(m.Addr)
		if err != nil {
			return Config{}, fmt.Errorf("transport: nodelist address %q of nodeid %d: %v", m.Addr, m.Nodeid, err)
		}
		mm := Member{Nodeid: m.Nodeid, Addr: a}
		if !seen[mm] {
			seen[mm] = true
			c.Members = append(c.Members, mm)
		}
	}
	switch {
	case l.LocalIP != "":
		a, err := netip.ParseAddr(l.LocalIP)
		if err != nil {
			return Config{}, fmt.Errorf("transport: local ring0_addr %q: %v", l.LocalIP, err)
		}
		c.Bind = a
	case l.Bindnet != "":
		a, err := netip.ParseAddr(l.Bindnet)
		if err != nil {
			return Config{}, fmt.Errorf("transport: totem.interface.0.bindnetaddr %q: %v", l.Bindnet, err)
		}
		c.Bind, c.BindNetwork = a, true
	}
	if c.Kind == UDP && l.Mcast != "" {
		a, err := netip.ParseAddr(l.Mcast)
		if err != nil {
			return Config{}, fmt.Errorf("transport: totem.interface.0.mcastaddr %q: %v", l.Mcast, err)
		}
		c.Mcast = a
	}
	return c, c.check()
}

// check validates c and names the offending field.
func (c *Config) check() error {
	switch {
	case !c.Bind.IsValid():
		return errors.New("transport: no local address: this node is not in the nodelist and totem.interface.0.bindnetaddr is unset")
	case c.Port < 2:
		return fmt.Errorf("transport: totem.interface.0.mcastport %d is too small (udp also uses port-1)", c.Port)
	case c.Kind == UDPU && len(c.Members) == 0:
		return errors.New("transport: udpu needs a nodelist (no members on link 0)")
	case c.Kind == UDP && !c.Mcast.IsMulticast():
		return fmt.Errorf("transport: totem.interface.0.mcastaddr %q is not a multicast address", c.Mcast)
	case c.Kind == UDP && c.Mcast.Is4() != c.Bind.Is4():
		return errors.New("transport: totem.interface.0.mcastaddr and the bind address are of different IP families")
	case c.TTL < 0 || c.TTL > 255:
		return fmt.Errorf("transport: totem.interface.0.ttl %d out of range 0..255", c.TTL)
	}
	for _, m := range c.Members {
		if !m.Addr.IsValid() {
			return fmt.Errorf("transport: nodelist member %d has no address", m.Nodeid)
		}
	}
	return nil
}

func (c *Config) downcheck() time.Duration {
	if c.Downcheck <= 0 {
		return time.Second
	}
	return c.Downcheck
}

// MTU is the payload size Totem may use per datagram: netmtu less the
// two mcast headers totemsrp reserves (1500 → 1410, as cfgtool -n shows).
func (c *Config) MTU() int {
	n := c.NetMTU
	if n <= 0 {
		n = 1500
	}
	return n - 2*45
}
