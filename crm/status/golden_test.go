package status

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/scheduler"
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
	base := cib.LRMRscOp{OperationKey: "haproxy_monitor_90000", Operation: "monitor", Interval: "90000",
		RCCode: "7", OpStatus: "0", LastRCChange: "1700000000", ExecTime: "0"}
	f := scheduler.FailedOp{Node: &scheduler.Node{Name: "n1"}, Rsc: "haproxy", Op: base}
	if got, want := friendly(f), "haproxy 1m30s-interval monitor on n1 returned 'not running' at Tue Nov 14 22:13:20 2023"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	reason := "Simulated action result"
	f.Op.ExitReason = &reason
	f.Op.OperationKey, f.Op.Interval, f.Op.Operation = "haproxy_start_0", "0", "start"
	f.Op.RCCode, f.Op.ExecTime = "1", "1500"
	if got, want := friendly(f), "haproxy start on n1 returned 'error' (Simulated action result) at Tue Nov 14 22:13:20 2023 after 1.500s"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	f.Op.OpStatus = "2"
	f.Op.ExitReason = nil
	f.Op.ExecTime = "0"
	if got, want := friendly(f), "haproxy start on n1 could not be executed (Timed Out) at Tue Nov 14 22:13:20 2023"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// 2.1.5's enum pcmk_exec_status: 8 is not "Not connected".
	f.Op.OpStatus = "8"
	if got, want := friendly(f), "haproxy start on n1 could not be executed (Internal communication failure) at Tue Nov 14 22:13:20 2023"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// crm_mon names a non-recurring monitor a probe, and takes the
	// resource from the operation key (a clone instance's is numbered).
	f.Op.OperationKey, f.Op.Operation, f.Op.OpStatus, f.Op.RCCode = "haproxy:1_monitor_0", "monitor", "0", "6"
	if got, want := friendly(f), "haproxy:1 probe on n1 returned 'not configured' at Tue Nov 14 22:13:20 2023"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// TestParseOpKey: resource, task and interval as parse_op_key splits them.
func TestParseOpKey(t *testing.T) {
	for key, want := range map[string][3]string{
		"vip_start_0":                    {"vip", "start", "0"},
		"my_ip_monitor_10000":            {"my_ip", "monitor", "10000"},
		"db:0_migrate_to_0":              {"db:0", "migrate_to", "0"},
		"db_migrate_from_0":              {"db", "migrate_from", "0"},
		"web_clone_pre_notify_promote_0": {"web_clone", "pre_notify_promote", "0"},
	} {
		rsc, task, iv, ok := parseOpKey(key)
		if !ok || rsc != want[0] || task != want[1] || strconv.Itoa(iv) != want[2] {
			t.Errorf("%s: got %q %q %d %v, want %v", key, rsc, task, iv, ok, want)
		}
	}
	for _, bad := range []string{"", "vip", "vip_start", "vip_start_x"} {
		if _, _, _, ok := parseOpKey(bad); ok {
			t.Errorf("%q parsed", bad)
		}
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
