package netns

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"testing"
)

// LAN is several namespaces whose d0 interfaces are plugged into one bridge.
// The bridge lives in a namespace of its own (never the root namespace), so
// the members can reach each other and nothing else.
type LAN struct {
	Bridge  *NS
	Members []*NS
}

// CreateLAN makes one member namespace per entry of members, d0 carrying that
// entry's addresses, all joined by a bridge. The caller must Close it. On
// error nothing is left behind.
func CreateLAN(ctx context.Context, members [][]netip.Prefix) (_ *LAN, err error) {
	if err := Available(); err != nil {
		return nil, err
	}
	if len(members) == 0 {
		return nil, errors.New("netns: a LAN needs at least one member")
	}
	lan := &LAN{Bridge: &NS{Name: newName("b")}}
	defer func() {
		if err != nil {
			lan.Close()
		}
	}()
	if err := ipRun(ctx, nil, "netns", "add", lan.Bridge.Name); err != nil {
		lan.Bridge.closed = true // nothing to delete
		return nil, err
	}
	// Snooping off: with no querier on the LAN it would eventually stop
	// flooding multicast (corosync's udp transport) to every port.
	if err := ipBatch(ctx, lan.Bridge.Name, []string{
		"link set lo up",
		"link add " + bridgeIface + " type bridge mcast_snooping 0",
		"link set " + bridgeIface + " up",
	}); err != nil {
		return nil, err
	}
	for i, addrs := range members {
		m := &NS{Name: newName(fmt.Sprintf("m%d", i)), Addrs: append([]netip.Prefix(nil), addrs...)}
		if err := ipRun(ctx, nil, "netns", "add", m.Name); err != nil {
			return nil, err
		}
		lan.Members = append(lan.Members, m)
		port := fmt.Sprintf("p%d", i)
		script := []string{
			"link set lo up",
			"link add " + Iface + " type veth peer name " + port + " netns " + lan.Bridge.Name,
		}
		script = append(script, addrLines(addrs)...)
		script = append(script, "link set "+Iface+" up")
		if err := ipBatch(ctx, m.Name, script); err != nil {
			return nil, err
		}
		if err := ipBatch(ctx, lan.Bridge.Name, []string{
			"link set " + port + " master " + bridgeIface,
			"link set " + port + " up",
		}); err != nil {
			return nil, err
		}
	}
	return lan, nil
}

// NewLAN is CreateLAN for tests: skip when unavailable, fail on error,
// close in t.Cleanup.
func NewLAN(t testing.TB, members ...[]netip.Prefix) *LAN {
	t.Helper()
	SkipUnlessAvailable(t)
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	lan, err := CreateLAN(ctx, members)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := lan.Close(); err != nil {
			t.Error(err)
		}
	})
	return lan
}

// Close closes every member, then the bridge namespace.
func (l *LAN) Close() error {
	var errs []error
	for _, m := range l.Members {
		errs = append(errs, m.Close())
	}
	errs = append(errs, l.Bridge.Close())
	return errors.Join(errs...)
}
