package status

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/internal/netns"
)

// TestExecStatusDifferential: a recurring monitor that could not be
// executed, for every execution status crm_mon 2.1.5 accepts as a
// failure (1, cancelled, is not one), renders as crm_mon renders it.
func TestExecStatusDifferential(t *testing.T) {
	bin := FindOracle()
	if bin == "" {
		netns.SkipOrFail(t, "crm_mon (Debian package pacemaker-cli-utils) is not installed")
	}
	src, err := os.ReadFile(filepath.Join("testdata", "n2-dummy.xml"))
	if err != nil {
		t.Fatal(err)
	}
	const entry = `id="vip_monitor_2000"`
	healthy := `rc-code="0" op-status="0" interval="2000"`
	if strings.Count(string(src), healthy) != 3 || !strings.Contains(string(src), entry) {
		t.Fatal("testdata/n2-dummy.xml changed: no healthy vip monitor to break")
	}
	dir := t.TempDir()
	for st := 2; st <= 11; st++ {
		// Only vip's monitor: the first of the three healthy entries.
		x := strings.Replace(string(src), healthy, fmt.Sprintf(`rc-code="1" op-status="%d" interval="2000"`, st), 1)
		file := filepath.Join(dir, fmt.Sprintf("cib-%d.xml", st))
		if err := os.WriteFile(file, []byte(x), 0o644); err != nil {
			t.Fatal(err)
		}
		doc, err := cib.Parse(file, []byte(x))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []mode{modes[0], modes[2]} { // -r adds nothing here
			their, err := RunOracle(context.Background(), bin, file, m.args...)
			if err != nil {
				t.Fatalf("op-status %d: %v", st, err)
			}
			ours, err := m.ours(doc)
			if err != nil {
				t.Fatalf("op-status %d: %v", st, err)
			}
			if !strings.Contains(ours, "could not be executed (") && !strings.Contains(ours, `<failure op_key="vip_monitor_2000"`) {
				t.Errorf("op-status %d, %s: no failed vip monitor listed", st, m.name)
			}
			if a, b := Normalize(their), Normalize(ours); a != b {
				t.Errorf("op-status %d, crm_mon %s differs at %s", st, m.name, firstDiff(a, b))
			}
		}
	}
}
