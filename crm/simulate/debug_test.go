package simulate

import (
	"os"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/scheduler"
)

// TestDebugCIB prints gocrm's scores and summary for the CIB file named by
// $GOCRM_DEBUG_CIB (a developer aid; skipped otherwise).
func TestDebugCIB(t *testing.T) {
	path := os.Getenv("GOCRM_DEBUG_CIB")
	if path == "" {
		t.Skip("GOCRM_DEBUG_CIB not set")
	}
	doc, err := cib.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := scheduler.ScheduleWith(doc, scheduler.Options{ShowScores: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("scores:\n%s\nsummary:\n%s\nactions:\n%s\nwarnings: %v", strings.Join(tr.ScoreLines(), "\n"),
		strings.Join(SummaryLines(tr.Summary), "\n"), tr.Cluster.DebugActions(), tr.Cluster.Warnings)
}
