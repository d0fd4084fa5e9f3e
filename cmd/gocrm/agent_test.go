package main

import (
	"bytes"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/internal/netns"
)

func TestAgentDummy(t *testing.T) {
	if _, err := os.Stat("/usr/lib/ocf/resource.d/heartbeat/Dummy"); err != nil {
		netns.SkipOrFail(t, "resource-agents not installed")
	}
	state := filepath.Join(t.TempDir(), "d.state")
	cases := []struct {
		args []string
		rc   int
		out  string
	}{
		{[]string{"agent", "ocf:heartbeat:Dummy", "monitor", "-r", "d1", "--interval", "10s", "state=" + state}, 7,
			"Operation monitor for d1 (ocf:heartbeat:Dummy) returned: 'not running' (7)\n >  exit-reason: No process state file found\n"},
		{[]string{"agent", "ocf:heartbeat:Dummy", "start", "-r", "d1", "state=" + state}, 0,
			"Operation start for d1 (ocf:heartbeat:Dummy) returned: 'ok' (0)\n"},
		{[]string{"agent", "ocf:heartbeat:Dummy", "monitor", "state=" + state}, 0,
			"Operation monitor for Dummy (ocf:heartbeat:Dummy) returned: 'ok' (0)\n"},
		{[]string{"agent", "ocf:heartbeat:Dummy", "stop", "state=" + state}, 0,
			"Operation stop for Dummy (ocf:heartbeat:Dummy) returned: 'ok' (0)\n"},
		{[]string{"agent", "ocf:heartbeat:Dummy", "bogus"}, 3,
			"Operation bogus for Dummy (ocf:heartbeat:Dummy) returned: 'unimplemented feature' (3)\n"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		rc := run(c.args, &out, &errb)
		got := out.String()
		if c.rc == 3 { // the usage text Dummy prints follows
			got = strings.SplitAfter(got, "\n")[0]
		}
		if rc != c.rc || got != c.out {
			t.Errorf("%q: rc %d, out %q; want rc %d, out %q (stderr %q)", c.args, rc, got, c.rc, c.out, errb.String())
		}
	}
	var out, errb bytes.Buffer
	if rc := run([]string{"agent", "ocf:heartbeat:Dummy", "meta-data"}, &out, &errb); rc != 0 || !strings.HasPrefix(out.String(), "<?xml") {
		t.Errorf("meta-data: rc %d, out %.60q", rc, out.String())
	}
}

func TestAgentUsageErrors(t *testing.T) {
	for args, want := range map[string]string{
		"agent ocf:Dummy start":     "class ocf needs a provider",
		"agent lsb:x":               "usage: gocrm agent",
		"agent lsb:x start novalue": `parameter "novalue": want name=value`,
	} {
		var out, errb bytes.Buffer
		rc := run(strings.Fields(args), &out, &errb)
		if rc != 2 || !strings.Contains(errb.String(), want) {
			t.Errorf("%s: rc %d, stderr %q; want 2 and %q", args, rc, errb.String(), want)
		}
	}
}

// TestAgentNativeIPaddr2 runs the native IPaddr2 through the command
// inside a namespace: start (which waits for its ARP burst), monitor, stop.
func TestAgentNativeIPaddr2(t *testing.T) {
	ns := netns.New(t, netip.MustParsePrefix("10.5.0.1/24"))
	steps := []struct {
		action string
		rc     int
		out    string
	}{
		{"start", 0, "Operation start for vip (ocf:heartbeat:IPaddr2) returned: 'ok' (0)\n"},
		{"monitor", 0, "Operation monitor for vip (ocf:heartbeat:IPaddr2) returned: 'ok' (0)\n"},
		{"stop", 0, "Operation stop for vip (ocf:heartbeat:IPaddr2) returned: 'ok' (0)\n"},
		{"monitor", 7, "Operation monitor for vip (ocf:heartbeat:IPaddr2) returned: 'not running' (7)\n"},
	}
	for _, s := range steps {
		var out, errb bytes.Buffer
		var rc int
		if err := ns.Do(func() error {
			rc = run([]string{"agent", "-r", "vip", "ocf:heartbeat:IPaddr2", s.action, "ip=10.5.0.100", "arp_count=3", "arp_interval=10"}, &out, &errb)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if rc != s.rc || out.String() != s.out {
			t.Errorf("%s: rc %d, out %q; want %d, %q (stderr %q)", s.action, rc, out.String(), s.rc, s.out, errb.String())
		}
	}
}
