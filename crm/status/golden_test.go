package status

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gorosync/gorosync/crm/cib"
)

// TestMain pins the time zone: crm_mon prints dates in local time, and
// the golden files were recorded in UTC. crm_mon children inherit TZ.
func TestMain(m *testing.M) {
	os.Setenv("TZ", "UTC")
	time.Local = time.UTC
	os.Exit(m.Run())
}

// TestGolden: CIBs render as crm_mon 2.1.5 printed them. n2-dummy and
// n2-real are the two-node reference clusters (.1.txt from the live
// cluster without its pacemakerd line); "unclean" is n2-dummy with n1
// expected up but its controller down; "probe-active" is n2-dummy with a
// probe on n2 that found vip running; "no-dc" has neither dc-uuid nor
// quorum and "no-quorum" lacks quorum only; "clone" has a failed clone instance
// and an orphan instance (clone-asym: the same, asymmetric). The other files were recorded with
// CIB_file=... crm_mon.
func TestGolden(t *testing.T) {
	for _, name := range []string{"n2-dummy", "n2-real", "unclean", "probe-active", "no-dc", "no-quorum", "clone", "clone-asym"} {
		t.Run(name, func(t *testing.T) {
			doc, err := cib.ReadFile(filepath.Join("testdata", name+".xml"))
			if err != nil {
				t.Fatal(err)
			}
			cases := []struct {
				file   string
				render func() (string, error)
			}{
				{".1.txt", func() (string, error) { return Text(doc, Options{}) }},
				{".1r.txt", func() (string, error) { return Text(doc, Options{Inactive: true}) }},
				{".1.golden.xml", func() (string, error) { return XML(doc, XMLOptions{}) }},
			}
			for _, c := range cases {
				want, err := os.ReadFile(filepath.Join("testdata", name+c.file))
				if err != nil {
					t.Fatal(err)
				}
				got, err := c.render()
				if err != nil {
					t.Fatal(err)
				}
				if a, b := Normalize(string(want)), Normalize(got); a != b {
					t.Errorf("%s%s: %s\n--- want\n%s--- got\n%s", name, c.file, firstDiff(a, b), a, b)
				}
			}
		})
	}
}

// TestFailedActionLine checks the friendly failed-action forms that the
// generated clusters do not produce: exit reasons, execution errors,
// minute intervals and run times.
func TestFailedActionLine(t *testing.T) {
	base := cib.LRMRscOp{Operation: "monitor", Interval: "90000", RCCode: "7", OpStatus: "0",
		LastRCChange: "1700000000", ExecTime: "0"}
	f := failure{rsc: "haproxy", node: "n1", op: base, rc: 7}
	if got, want := friendly(f), "haproxy 1m30s-interval monitor on n1 returned 'not running' at Tue Nov 14 22:13:20 2023"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	reason := "Simulated action result"
	f.op.ExitReason = &reason
	f.op.Interval = "0"
	f.op.Operation = "start"
	f.rc = 1
	f.op.ExecTime = "1500"
	if got, want := friendly(f), "haproxy start on n1 returned 'error' (Simulated action result) at Tue Nov 14 22:13:20 2023 after 1.500s"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	f.op.OpStatus = "2"
	f.op.ExitReason = nil
	f.op.ExecTime = "0"
	if got, want := friendly(f), "haproxy start on n1 could not be executed (Timed Out) at Tue Nov 14 22:13:20 2023"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// crm_mon names a non-recurring monitor a probe.
	f.op.Operation, f.op.OpStatus, f.rc = "monitor", "0", 6
	if got, want := friendly(f), "haproxy probe on n1 returned 'not configured' at Tue Nov 14 22:13:20 2023"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// TestMaskedProbe: probes finding the agent not installed (5) or its
// parameters invalid (2) are not failed actions for crm_mon; other
// probe results and recurring monitors are.
func TestMaskedProbe(t *testing.T) {
	probe := cib.LRMRscOp{Operation: "monitor", Interval: "0"}
	recurring := cib.LRMRscOp{Operation: "monitor", Interval: "10000"}
	if !maskedProbe(probe, 5) || !maskedProbe(probe, 2) {
		t.Error("rc 5/2 probe not masked")
	}
	if maskedProbe(probe, 1) || maskedProbe(recurring, 5) || maskedProbe(cib.LRMRscOp{Operation: "start", Interval: "0"}, 5) {
		t.Error("masked more than rc 5/2 probes")
	}
}

// TestReadableInterval: values checked against crm_mon 2.1.5's
// "after <exec time>" suffix.
func TestReadableInterval(t *testing.T) {
	for ms, want := range map[int]string{60000: "60s", 90000: "1m30s", 1000: "1000ms", 1500: "1.500s", 10000: "10s", 5: "5ms"} {
		if got := readableInterval(ms); got != want {
			t.Errorf("%d ms: got %q, want %q", ms, got, want)
		}
	}
}
