package coroconf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/cmap"
)

// parseDumpMap renders a map as corosync-cmapctl lines, sorted by key.
func parseDumpMap(m *cmap.Map) string {
	var b []byte
	for k, v := range m.All("") {
		b = cmap.AppendKey(b, k, v, cmap.PrintOptions{})
	}
	return string(b)
}

// parseMapsEqual compares two maps key by key (type and value).
func parseMapsEqual(a, b *cmap.Map) bool {
	if a.Len() != b.Len() {
		return false
	}
	for k, v := range a.All("") {
		w, ok := b.Get(k)
		if !ok || !w.Equal(v) {
			return false
		}
	}
	return true
}

// parseOracleEnabled reports whether the live corosync oracle should be
// consulted: set COROCONF_ORACLE=1 on a machine with corosync 3.1.7.
func parseOracleEnabled(t *testing.T) bool {
	if os.Getenv("COROCONF_ORACLE") != "1" {
		return false
	}
	if _, err := exec.LookPath("corosync"); err != nil {
		t.Skip("COROCONF_ORACLE=1 but no corosync binary")
	}
	return true
}

// parseOracle runs `corosync -t -c file` on src and returns the first line
// of its stderr (the parser error, when there is one).
func parseOracle(t *testing.T, src []byte) (file, firstLine string) {
	t.Helper()
	dir := t.TempDir()
	file = filepath.Join(dir, "x.conf")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command("corosync", "-t", "-c", file)
	cmd.Stderr = &stderr
	_ = cmd.Run() // exit status 8 is expected on errors
	line, _, _ := strings.Cut(stderr.String(), "\n")
	return file, line
}

// parseStubLookup makes user/group lookups deterministic for a test.
func parseStubLookup(t *testing.T, users, groups map[string]uint32) {
	t.Helper()
	old := uidgidLookup
	uidgidLookup = func(name string, group bool) (uint32, bool, error) {
		tab := users
		if group {
			tab = groups
		}
		id, ok := tab[name]
		return id, ok, nil
	}
	t.Cleanup(func() { uidgidLookup = old })
}
