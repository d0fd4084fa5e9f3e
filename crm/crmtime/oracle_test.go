package crmtime

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/internal/netns"
)

// iso8601 runs Pacemaker's iso8601 tool (pacemaker-cli-utils) in the
// Europe/Berlin zone and returns its output line.
func iso8601(t *testing.T, args ...string) (string, bool) {
	t.Helper()
	bin, err := exec.LookPath("iso8601")
	if err != nil {
		if _, err := os.Stat("/usr/sbin/iso8601"); err != nil {
			netns.SkipOrFail(t, "iso8601 (Debian package pacemaker-cli-utils) is not installed")
		}
		bin = "/usr/sbin/iso8601"
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "TZ=Europe/Berlin", "LC_ALL=C")
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err == nil
}

// TestOracleDates parses dates with Pacemaker's iso8601 -d and with
// ParseDate; both print the instant in UTC.
func TestOracleDates(t *testing.T) {
	const berlin = 3600 // Berlin's offset in November, which the dates below use for "local"
	for _, s := range []string{"2026-11-22", "2026-11-22T", "2026-11-22 12:00:00", "2026-11-22 12:00:00+01:00",
		"2026-11-22 12:00:00 +05:30", "2026-11-22 12:00:00 -0230", "2026-326", "2026-W47-7", "2020-W53-5", "20261122",
		"20261122T120000Z", "epoch", "2024-02-29 24:00:00Z", "2026-02-30", " 2026-11-22", "2026-11-22 12:60:00Z",
		"2026-11-22T1230Z", "2026-11-22 12Z", "1-1-1", "2026-0-5", "2026-11-0", "2026-W0-1", "9999-12-31 23:59:59Z",
		"2026-11-22Tx", "2026-11-22 +01:00"} {
		out, ok := iso8601(t, "-d", s)
		d, err := ParseDate(s, berlin, Time{Years: 2026, Days: 326, Offset: berlin})
		switch {
		case !ok && err == nil:
			t.Errorf("%q: iso8601 rejects it, ParseDate gives %s", s, d.UTC())
		case ok && err != nil:
			t.Errorf("%q: iso8601 gives %q, ParseDate: %v", s, out, err)
		case ok && out != "Date: "+d.UTC().String():
			t.Errorf("%q: iso8601 gives %q, ParseDate %s", s, out, d.UTC())
		}
	}
}

// TestOracleAdd adds durations with iso8601 -p START/DURATION (which
// prints "Period: START to END" in UTC) and with Add.
func TestOracleAdd(t *testing.T) {
	starts := []string{"2026-11-22 13:00:33 +01:00", "2028-12-31 12:00:00Z", "2026-01-31 23:30:00Z"}
	durs := []string{"PT1H", "P1Y", "P13M", "P-14M", "P1M2M", "PT1D", "P1Y1M1W1D", "PT100000H", "PT-90M", "P-1Y"}
	for _, s := range starts {
		start := mustDate(t, s)
		for _, ds := range durs {
			out, ok := iso8601(t, "-p", s+"/"+ds)
			d, err := ParseDuration(ds)
			if !ok || err != nil {
				t.Errorf("%s/%s: iso8601 ok=%v, ParseDuration %v", s, ds, ok, err)
				continue
			}
			want := "Period: " + start.UTC().String() + " to " + start.Add(d).UTC().String()
			if out != want {
				t.Errorf("%s + %s: iso8601 %q, gocrm %q", s, ds, out, want)
			}
		}
	}
}
