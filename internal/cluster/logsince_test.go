package cluster

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLogMark: LogAfter returns exactly what was appended after the mark,
// and SyncedSince looks only there.
func TestLogMark(t *testing.T) {
	n := &Node{Name: "n1", Dir: t.TempDir()}
	if m := n.Mark(); m != 0 {
		t.Fatalf("mark without a log: %d", m)
	}
	if s, err := n.LogAfter(0); s != "" || err != nil {
		t.Fatalf("no log: %q %v", s, err)
	}
	if err := os.MkdirAll(filepath.Dir(n.LogFile()), 0o755); err != nil {
		t.Fatal(err)
	}
	first, second, _ := strings.Cut(syncLog, "Nov 22 10:15:18.988")
	second = "Nov 22 10:15:18.988" + second
	if err := os.WriteFile(n.LogFile(), []byte(first), 0o644); err != nil {
		t.Fatal(err)
	}
	m := n.Mark()
	synced3, synced1 := n.SyncedSince(m, 3), n.SyncedSince(m, 1)
	if ok, _, err := synced1(context.Background()); ok || err != nil {
		t.Errorf("sync of 1 before the mark counted: %v %v", ok, err)
	}
	f, err := os.OpenFile(n.LogFile(), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(second)
	f.Close()
	if s, err := n.LogAfter(m); s != second || err != nil {
		t.Errorf("after mark: %q %v", s, err)
	}
	if ok, st, err := synced3(context.Background()); !ok || err != nil {
		t.Errorf("sync of 3 after the mark missed: %v %q %v", ok, st, err)
	}
	if _, err := n.LogAfter(m + 1<<20); err == nil {
		t.Error("a mark past the end was accepted")
	}
}
