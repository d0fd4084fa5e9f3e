package coroconf

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/cmap"
)

func parseWriteFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestParseFileUIDGIDDir(t *testing.T) {
	parseStubLookup(t, map[string]uint32{"hacluster": 189}, map[string]uint32{"haclient": 189})
	dir := t.TempDir()
	parseWriteFiles(t, dir, map[string]string{
		"corosync.conf":           "totem {\n version: 2\n}\nuidgid {\n uid: 10\n}\n",
		"uidgid.d/pacemaker":      "uidgid {\n uid: hacluster\n gid: haclient\n}\n",
		"uidgid.d/.hidden":        "uidgid {\n gid: 3\n}\n",
		"uidgid.d/sub/ignored":    "this is not read\n",
		"uidgid.d/twice":          "# comment\nuidgid {\n}\nuidgid {\n uid: 11\n}\n",
		"elsewhere/not-a-uidgidd": "uidgid {\n uid: 99\n}\n",
	})
	// A symlink to a regular file is followed (stat, not lstat).
	if err := os.Symlink(filepath.Join(dir, "elsewhere/not-a-uidgidd"), filepath.Join(dir, "uidgid.d/link")); err != nil {
		t.Fatal(err)
	}
	m := cmap.New()
	if err := ParseFile(filepath.Join(dir, "corosync.conf"), m); err != nil {
		t.Fatal(err)
	}
	want := `totem.version (u32) = 2
uidgid.config.gid.189 (u8) = 1
uidgid.config.gid.3 (u8) = 1
uidgid.config.uid.10 (u8) = 1
uidgid.config.uid.11 (u8) = 1
uidgid.config.uid.189 (u8) = 1
uidgid.config.uid.99 (u8) = 1
`
	if got := parseDumpMap(m); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// ParseBytes never looks at uidgid.d.
	m2 := cmap.New()
	src, _ := os.ReadFile(filepath.Join(dir, "corosync.conf"))
	if err := ParseBytes(filepath.Join(dir, "corosync.conf"), src, m2); err != nil {
		t.Fatal(err)
	}
	if m2.Len() != 2 {
		t.Errorf("ParseBytes read uidgid.d: %s", parseDumpMap(m2))
	}
}

// Error texts for uidgid.d files were checked live with corosync -t and a
// uidgid.d directory beside the file.
func TestParseFileUIDGIDDirErrors(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{"uid: root\n", "parser error: %s:1: uidgid: Only uid and gid are allowed items"},
		{"uidgid {\nuid: 1\nfoo {\n}\n}\n", "parser error: %s:3: uidgid: Can't add subsection different than uidgid"},
		{"foo {\n}\n", "parser error: %s:1: uidgid: Can't add subsection different than uidgid"},
		{"uidgid {\nuid: nosuchuserx\n}\n", "parser error: %s:2: The 'nosuchuserx' user is not found in /etc/passwd, please read the documentation."},
		{"uidgid {\n}\n}\n", "parser error: %s:3: Unexpected closing brace"},
		{"uidgid {\nuid: -5\n}\n", "parser error: %s:2: The '-5' user is not found in /etc/passwd, please read the documentation."},
		{"uidgid {\nfoo: 1\n}\n", "parser error: %s:2: uidgid: Only uid and gid are allowed items"},
		{"uidgid {\n", "parser error: %s:1: Missing closing brace"},
	} {
		parseStubLookup(t, nil, nil)
		dir := t.TempDir()
		parseWriteFiles(t, dir, map[string]string{"corosync.conf": "totem {\n}\n", "uidgid.d/a": c.body})
		m := cmap.New()
		err := ParseFile(filepath.Join(dir, "corosync.conf"), m)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("%q: want ParseError, got %v", c.body, err)
		}
		want := strings.Replace(c.want, "%s", dir+"/uidgid.d/a", 1)
		if err.Error() != want {
			t.Errorf("got %q\nwant %q", err.Error(), want)
		}
		if m.Len() != 0 {
			t.Errorf("map modified on error")
		}
	}
}

func TestParseFileOpenErrors(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "missing.conf")
	err := ParseFile(p, cmap.New())
	var oe *ParseOpenError
	if !errors.As(err, &oe) || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("got %v", err)
	}
	// Text checked live: "Can't read file /tmp/cp/nonexist.conf: No such file or directory".
	if want := "Can't read file " + p + ": No such file or directory"; err.Error() != want {
		t.Errorf("got %q, want %q", err.Error(), want)
	}
	// A directory opens fine and reads as empty, as with corosync (checked
	// live: -t then fails only in validation).
	m := cmap.New()
	if err := ParseFile(dir, m); err != nil || m.Len() != 0 {
		t.Errorf("directory: err %v, %d keys", err, m.Len())
	}
}

func TestUIDGIDDirname(t *testing.T) {
	for in, want := range map[string]string{
		"corosync.conf": ".", "/corosync.conf": "/", "/etc/corosync/corosync.conf": "/etc/corosync",
		"a/b/": "a", "/": "/", "//x": "/", "a//b": "a", "": ".",
	} {
		if got := uidgidCDirname(in); got != want {
			t.Errorf("dirname(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUIDGIDResolve(t *testing.T) {
	parseStubLookup(t, map[string]uint32{"bob": 42}, nil)
	for _, c := range []struct {
		in     string
		id     uint32
		reason string
	}{
		{"0", 0, ""}, {"+12", 12, ""}, {"bob", 42, ""}, {"4294967294", 4294967294, ""},
		{"4294967295", 0, parseEmptyReason},
		{"4294967296", 0, "The '4294967296' user is not found in /etc/passwd, please read the documentation."},
		{"1x", 0, "The '1x' user is not found in /etc/passwd, please read the documentation."},
	} {
		id, reason := uidgidResolve(c.in, false)
		if id != c.id || reason != c.reason {
			t.Errorf("%q: got %d %q", c.in, id, reason)
		}
	}
}
