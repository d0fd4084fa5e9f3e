package coroconf

import (
	"errors"
	"io/fs"
	"net/netip"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/cmap"
)

// fakeEnv is a host called host with the given interface addresses, names
// from the hosts-file text, and the files in files (path -> content).
func fakeEnv(host, hosts string, addrs []string, files map[string]string) Env {
	var ifs []IfAddr
	for _, a := range addrs {
		ifs = append(ifs, IfAddr{Iface: "d0", Addr: netip.MustParseAddr(a)})
	}
	bf := map[string][]byte{}
	for p, c := range files {
		bf[p] = []byte(c)
	}
	return FixedEnv(host, hosts, ifs, bf)
}

// loEnv is a machine named "vm" with only loopback, like the test box
// where the oracle results in these tests were taken.
func loEnv() Env {
	return fakeEnv("vm", "127.0.0.1 localhost\n127.0.0.1 vm\n::1 localhost ip6-localhost\n", []string{"127.0.0.1", "::1"}, nil)
}

// mapOf builds a map from "key type value" lines (type as cmapctl prints it).
func mapOf(t testing.TB, lines ...string) *cmap.Map {
	t.Helper()
	m := cmap.New()
	for _, l := range lines {
		f := strings.SplitN(l, " ", 3)
		if len(f) != 3 {
			t.Fatalf("bad line %q", l)
		}
		var v cmap.Value
		switch f[1] {
		case "str":
			v = cmap.Str(f[2])
		case "u32":
			v = cmap.U32(uint32(mustUint(t, f[2])))
		case "u16":
			v = cmap.U16(uint16(mustUint(t, f[2])))
		case "u8":
			v = cmap.U8(uint8(mustUint(t, f[2])))
		default:
			t.Fatalf("type %q not supported in %q", f[1], l)
		}
		if err := m.Set(f[0], v); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

func mustUint(t testing.TB, s string) uint64 {
	t.Helper()
	var v uint64
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not a number: %q", s)
		}
		v = v*10 + uint64(c-'0')
	}
	return v
}

func TestHostsEnv(t *testing.T) {
	lh, la := HostsEnv("# c\n10.0.0.1 a a-alias\n10.0.0.2 b\n::2 b\n")
	got, err := lh("b")
	if err != nil || len(got) != 2 || got[0] != netip.MustParseAddr("10.0.0.2") || got[1] != netip.MustParseAddr("::2") {
		t.Fatalf("lookup b = %v, %v", got, err)
	}
	if _, err := lh("nope"); err == nil {
		t.Fatal("lookup of unknown name succeeded")
	}
	if n, ok := la(netip.MustParseAddr("10.0.0.1")); !ok || n != "a" {
		t.Fatalf("reverse 10.0.0.1 = %q %v", n, ok)
	}
	if _, ok := la(netip.MustParseAddr("10.0.0.9")); ok {
		t.Fatal("reverse of unknown address succeeded")
	}
}

func TestOSEnvWorks(t *testing.T) {
	env := OSEnv()
	h, err := env.Hostname()
	if err != nil || h == "" {
		t.Fatalf("hostname %q %v", h, err)
	}
	addrs, err := env.Addrs()
	if err != nil {
		t.Fatal(err)
	}
	// Loopback is always there; IPv4 addresses come before IPv6 ones.
	seen6, lo := false, false
	for _, a := range addrs {
		if a.Addr.Is6() {
			seen6 = true
		} else if seen6 {
			t.Fatalf("IPv4 %v after IPv6 in %v", a, addrs)
		}
		if a.Addr == netip.MustParseAddr("127.0.0.1") {
			lo = true
		}
	}
	if !lo {
		t.Fatalf("no 127.0.0.1 in %v", addrs)
	}
	if _, err := env.ReadFile("/nonexistent/authkey"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("ReadFile of missing file: %v", err)
	}
}
