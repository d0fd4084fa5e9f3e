package transport

import (
	"context"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/gorosync/gorosync/internal/netns"
	"github.com/gorosync/gorosync/totem"
	"github.com/gorosync/gorosync/totem/wire"
)

// guard bounds every wait; reaching it fails the test (it is not a timing
// assertion: everything here happens in microseconds on a bridge).
const guard = 10 * time.Second

func pfx(s string) []netip.Prefix { return []netip.Prefix{netip.MustParsePrefix(s)} }

// openIn opens a transport inside ns and closes it at cleanup.
func openIn(t *testing.T, ns *netns.NS, cfg Config, rbuf int) *tr {
	t.Helper()
	var tp *tr
	if err := ns.Do(func() (err error) {
		tp, err = open(cfg, rbuf)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tp.Close() })
	return tp
}

// next returns the next packet, failing after guard.
func next(t *testing.T, tp *tr) Packet {
	t.Helper()
	select {
	case p, ok := <-tp.Recv():
		if !ok {
			t.Fatal("receive channel closed")
		}
		return p
	case <-time.After(guard):
		t.Fatal("no datagram arrived")
	}
	return Packet{}
}

// until reads packets until one carries payload and returns it with the
// packets skipped on the way.
func until(t *testing.T, tp *tr, payload string) (Packet, []Packet) {
	t.Helper()
	var skipped []Packet
	for range 1000 {
		p := next(t, tp)
		if string(p.Data) == payload {
			return p, skipped
		}
		skipped = append(skipped, p)
	}
	t.Fatalf("payload %q not seen in 1000 datagrams", payload)
	return Packet{}, nil
}

// event returns the next interface event, failing after guard.
func event(t *testing.T, tp *tr) Event {
	t.Helper()
	select {
	case e, ok := <-tp.Events():
		if !ok {
			t.Fatal("event channel closed")
		}
		return e
	case <-time.After(guard):
		t.Fatal("no interface event")
	}
	return Event{}
}

func mcast(b string) totem.Datagram {
	return totem.Datagram{Multicast: true, Type: wire.TypeMcast, Data: []byte(b)}
}

func token(to uint32, b string) totem.Datagram {
	return totem.Datagram{To: to, Type: wire.TypeOrfToken, Data: []byte(b)}
}

// ip runs `ip args...` inside ns.
func ip(t *testing.T, ns *netns.NS, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), guard)
	defer cancel()
	r, err := ns.Run(ctx, append([]string{"ip"}, args...)...)
	if err != nil || r.Exit != 0 {
		t.Fatalf("ip %v: exit %d %v %s", args, r.Exit, err, r.Stderr)
	}
}

// rawSend sends b from src to dst from inside ns.
func rawSend(t *testing.T, ns *netns.NS, src, dst netip.AddrPort, b string) {
	t.Helper()
	if err := ns.Do(func() error {
		c, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(src))
		if err != nil {
			return err
		}
		defer c.Close()
		_, err = c.WriteToUDPAddrPort([]byte(b), dst)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}
