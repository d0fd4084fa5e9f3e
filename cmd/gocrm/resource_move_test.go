package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/internal/netns"
)

// canonicalCIB renders a CIB one element per line with sorted attributes,
// without the attributes every write changes and with lifetime ends
// masked (they depend on the clock; crm/crmtime tests the arithmetic).
func canonicalCIB(t *testing.T, data []byte) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	var b strings.Builder
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return b.String()
		}
		if err != nil {
			t.Fatalf("canonical: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			var attrs []string
			for _, a := range x.Attr {
				switch {
				case x.Name.Local == "cib" && (a.Name.Local == "epoch" || a.Name.Local == "num_updates" || a.Name.Local == "cib-last-written"):
					continue
				case x.Name.Local == "date_expression" && a.Name.Local == "end":
					a.Value = "END"
				}
				attrs = append(attrs, a.Name.Local+"="+a.Value)
			}
			sort.Strings(attrs)
			b.WriteString(strings.Repeat(" ", depth) + "<" + x.Name.Local + " " + strings.Join(attrs, " ") + "\n")
			depth++
		case xml.EndElement:
			depth--
		}
	}
}

var flagPcsAll = flag.Bool("pcs-all", false, "compare every move/ban/clear/relocate case with pcs (slow)")

var untilLine = regexp.MustCompile(`(?m)^Migration will take effect until: .*$`)

// TestResourceMoveVersusPcs runs pcs 0.11 (-f FILE) and gocrm on copies of
// the same CIB: same exit status (0 or not), same stderr, same XML.
func TestResourceMoveVersusPcs(t *testing.T) {
	pcs, err := exec.LookPath("pcs")
	if err != nil {
		netns.SkipOrFail(t, "pcs is not installed")
	}
	type pcsCase struct {
		fixture string
		pcsArgs string // gocrm takes the same after "resource"
	}
	// pcs takes seconds per command: a few cases by default, the rest
	// with -pcs-all.
	cases := []pcsCase{
		{"base.xml", "move-with-constraint g_ha n2 lifetime=1H"},
		{"base.xml", "ban nosuch"},
		{"withcons.xml", "clear g_ha"},
		{"reloc.xml", "relocate dry-run"},
	}
	if *flagPcsAll {
		cases = append(cases, []pcsCase{
			{"base.xml", "move-with-constraint g_ha n2"},
			{"base.xml", "move-with-constraint g_ha n1"},
			{"base.xml", "ban g_ha"},
			{"base.xml", "ban g_ha n2 lifetime=PT1H"},
			{"base.xml", "ban g_ha n9"},
			{"withcons.xml", "clear g_ha n2"},
			{"reloc.xml", "relocate dry-run vip"},
			{"reloc.xml", "relocate dry-run nosuch"},
		}...)
	}
	for _, c := range cases {
		t.Run(c.fixture+" "+c.pcsArgs, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(filepath.Join("testdata", "move", c.fixture))
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			theirs, ours := filepath.Join(dir, "pcs.xml"), filepath.Join(dir, "gocrm.xml")
			for _, f := range []string{theirs, ours} {
				if err := os.WriteFile(f, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := strings.Fields(c.pcsArgs)
			cmd := exec.Command(pcs, append([]string{"-f", theirs, "resource"}, args...)...)
			cmd.Env = append(os.Environ(), "LC_ALL=C", "TZ=UTC")
			var pout, perr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &pout, &perr
			err = cmd.Run()
			var exit *exec.ExitError
			if err != nil && !errors.As(err, &exit) {
				t.Fatal(err)
			}
			var gout, gerr bytes.Buffer
			rc := run(append(append([]string{"resource"}, args...), "-f", ours), &gout, &gerr)
			if (rc == 0) != (err == nil) {
				t.Errorf("pcs: %v, gocrm exit %d; stderr:\n%s", err, rc, gerr.String())
			}
			mask := func(s string) string { return untilLine.ReplaceAllString(s, "Migration will take effect until: END") }
			if mask(gerr.String()) != mask(perr.String()) || gout.String() != pout.String() {
				t.Errorf("output differs\n--- pcs stdout\n%s--- pcs stderr\n%s--- gocrm stdout\n%s--- gocrm stderr\n%s",
					pout.String(), perr.String(), gout.String(), gerr.String())
			}
			want, _ := os.ReadFile(theirs)
			got, _ := os.ReadFile(ours)
			if cw, cg := canonicalCIB(t, want), canonicalCIB(t, got); cw != cg {
				t.Errorf("CIB differs\n--- pcs\n%s--- gocrm\n%s", cw, cg)
			}
		})
	}
}

// TestResourceMoveCommands: the file-only behaviour (no oracle): crmsh
// spellings, cleanup, relocate run/clear, and a failing command leaving
// the file as it was.
func TestResourceMoveCommands(t *testing.T) {
	dir := t.TempDir()
	copyFixture := func(name string) string {
		data, err := os.ReadFile(filepath.Join("testdata", "move", name))
		if err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	gocrm := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		rc := run(args, &out, &errb)
		return rc, out.String(), errb.String()
	}
	f := copyFixture("base.xml")
	before, _ := os.ReadFile(f)
	if rc, _, stderr := gocrm("resource", "move", "g_ha", "n1", "-f", f); rc == 0 || !strings.Contains(stderr, "Requested item already exists") {
		t.Errorf("move to the current node: rc %d, %q", rc, stderr)
	}
	if rc, _, _ := gocrm("resource", "ban", "g_ha", "n2", "lifetime=bogus", "-f", f); rc == 0 {
		t.Error("bad lifetime accepted")
	}
	if after, _ := os.ReadFile(f); !bytes.Equal(before, after) {
		t.Error("a failed command changed the file")
	}
	// crmsh: migrate RSC NODE LIFETIME, then unmigrate.
	t.Setenv("CIB_file", f)
	if rc, _, stderr := gocrm("resource", "migrate", "g_ha", "n2", "PT10M"); rc != 0 || !strings.Contains(stderr, "Migration will take effect until: ") {
		t.Fatalf("migrate: rc %d, %q", rc, stderr)
	}
	if data, _ := os.ReadFile(f); !bytes.Contains(data, []byte(`id="cli-prefer-lifetime-end-g_ha" operation="lt" end="`)) {
		t.Error("migrate with a lifetime wrote no date_expression")
	}
	if rc, _, stderr := gocrm("resource", "unmigrate", "g_ha"); rc != 0 || stderr != "Removing constraint: cli-prefer-g_ha\n" {
		t.Errorf("unmigrate: rc %d, %q", rc, stderr)
	}
	// cleanup of a group member cleans the group; --strict only the member.
	f = copyFixture("failed.xml")
	rc, stdout, _ := gocrm("resource", "cleanup", "haproxy", "node=n1", "--strict", "-f", f)
	if rc != 0 || stdout != "Cleaned up haproxy on n1\n" {
		t.Errorf("cleanup --strict: rc %d, %q", rc, stdout)
	}
	if data, _ := os.ReadFile(f); bytes.Contains(data, []byte("fail-count-haproxy")) || !bytes.Contains(data, []byte("fail-count-memcached")) {
		t.Error("cleanup --strict removed the wrong fail counts")
	}
	if rc, stdout, _ := gocrm("resource", "cleanup", "-f", f); rc != 0 || stdout != "Cleaned up all resources on all nodes\n" {
		t.Errorf("cleanup all: rc %d, %q", rc, stdout)
	}
	// relocate run keeps its constraints on a file; relocate clear removes them.
	f = copyFixture("reloc.xml")
	if rc, _, stderr := gocrm("resource", "relocate", "run", "-f", f); rc != 0 || !strings.Contains(stderr, "Creating location constraint: vip prefers n2=INFINITY") {
		t.Errorf("relocate run: rc %d, %q", rc, stderr)
	}
	if data, _ := os.ReadFile(f); !bytes.Contains(data, []byte(`<rsc_location id="pcs-relocate-vip" rsc="vip" node="n2" score="INFINITY"/>`)) {
		t.Errorf("relocate run wrote:\n%s", data)
	}
	rc, stdout, _ = gocrm("resource", "relocate", "clear", "-f", f)
	if rc != 0 || stdout != "Removing constraint pcs-relocate-vip\nRemoving constraint pcs-relocate-haproxy\nRemoving constraint pcs-relocate-memcached\n" {
		t.Errorf("relocate clear: rc %d, %q", rc, stdout)
	}
	if rc, stdout, _ := gocrm("resource", "relocate", "show", "-f", f); rc != 0 || !strings.Contains(stdout, "Transition Summary:") || !strings.Contains(stdout, "Move") {
		t.Errorf("relocate show: rc %d, %q", rc, stdout)
	}
}
