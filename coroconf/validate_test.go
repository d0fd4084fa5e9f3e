package coroconf

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// boxEnv mirrors the machine testdata/validate was recorded on: hostname
// "vm", loopback plus one ethernet interface, its /etc/hosts, its
// /etc/hostname (3 bytes, used as a too-short key file) and no authkey.
func boxEnv() Env {
	env := fakeEnv("vm", "127.0.0.1 localhost\n127.0.0.1 runsc\n127.0.0.1 vm\n",
		[]string{"127.0.0.1", "192.0.2.2", "::1", "fd00::2"},
		map[string]string{"/etc/hostname": "vm\n"})
	inner := env.Addrs
	env.Addrs = func() ([]IfAddr, error) {
		a, err := inner()
		return append(a, IfAddr{Iface: "eth0", Addr: netip.MustParseAddr("fe80::fc:ff:fe00:1%eth0")}), err
	}
	return env
}

func fixedClock() time.Time { return time.Date(2025, 11, 22, 8, 58, 25, 212e6, time.UTC) }

// tOutput renders a result like `corosync -t`'s expectation files:
// "exit: N" and the stderr text.
func tOutput(res *Result) string {
	out := Render(res, fixedClock, 21, "hc-oracle")
	return fmt.Sprintf("exit: %d\n%s", res.Exit, out.Stderr)
}

// TestValidateRecorded compares every testdata/validate/*.conf with what the
// real corosync -t printed for it.
func TestValidateRecorded(t *testing.T) {
	files, _ := filepath.Glob("testdata/validate/*.conf")
	if len(files) < 40 {
		t.Fatalf("only %d recorded configurations", len(files))
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".conf"), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(strings.TrimSuffix(f, ".conf") + ".expected")
			if err != nil {
				t.Fatal(err)
			}
			res := LoadBytes(filepath.Base(f), src, boxEnv())
			if got := tOutput(res); got != string(want) {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
