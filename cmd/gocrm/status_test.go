package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorosync/gorosync/crm/status"
)

const statusData = "../../crm/status/testdata"

// TestStatus: gocrm status -x prints crm_mon's -1, -1 -r and XML views of
// the reference CIB (apart from the "Last updated" time). The golden
// files were recorded in UTC and the XML history prints local dates, so
// the test pins time.Local (no test here runs in parallel).
func TestStatus(t *testing.T) {
	saved := time.Local
	time.Local = time.UTC
	defer func() { time.Local = saved }()
	cib := filepath.Join(statusData, "n2-real.xml")
	cases := []struct {
		args   []string
		golden string
	}{
		{[]string{"status", "-x", cib}, "n2-real.1.txt"},
		{[]string{"status", "-1", "-x", cib}, "n2-real.1.txt"},
		{[]string{"status", "-1", "-r", "-x", cib}, "n2-real.1r.txt"},
		{[]string{"status", "-1", "-x", cib, "--output-as=xml"}, "n2-real.1.golden.xml"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		if rc := run(c.args, &out, &errb); rc != 0 {
			t.Fatalf("%v: rc %d, stderr %s", c.args, rc, errb.String())
		}
		want, err := os.ReadFile(filepath.Join(statusData, c.golden))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := status.Normalize(out.String()), status.Normalize(string(want)); got != want {
			t.Errorf("%v:\ngot:\n%s\nwant:\n%s", c.args, got, want)
		}
	}
}

func TestStatusCIBFileEnv(t *testing.T) {
	t.Setenv("CIB_file", filepath.Join(statusData, "n2-dummy.xml"))
	var out, errb bytes.Buffer
	if rc := run([]string{"status", "-1"}, &out, &errb); rc != 0 {
		t.Fatalf("rc %d, stderr %s", rc, errb.String())
	}
	if !strings.Contains(out.String(), "    * vip\t(ocf:heartbeat:Dummy):\t Started n1\n") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestStatusErrors(t *testing.T) {
	t.Setenv("CIB_file", "")
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.xml")
	if err := os.WriteFile(broken, []byte("<cib>\n<configuration>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cib := filepath.Join(statusData, "n2-real.xml")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"status", "-1"}, "no CIB given"},
		{[]string{"status", "-x", filepath.Join(dir, "missing.xml")}, "no such file"},
		{[]string{"status", "-x", broken}, "broken.xml"},
		{[]string{"status", "-x", cib, "--output-as=html"}, `unknown format "html"`},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		if rc := run(c.args, &out, &errb); rc == 0 || !strings.Contains(errb.String(), c.want) || out.Len() != 0 {
			t.Errorf("%v: rc %d, stdout %q, stderr %q, want %q", c.args, rc, out.String(), errb.String(), c.want)
		}
	}
}

// TestStatusFailcounts: -f adds the Migration Summary after the resources
// (crm_mon -1 -f prints the bare header when no resource failed) and is
// echoed in the XML request.
func TestStatusFailcounts(t *testing.T) {
	cib := filepath.Join(statusData, "n2-dummy.xml")
	var out, errb bytes.Buffer
	if rc := run([]string{"status", "-1", "-f", "-x", cib}, &out, &errb); rc != 0 {
		t.Fatalf("rc %d, stderr %s", rc, errb.String())
	}
	if !strings.HasSuffix(out.String(), "Started n1\n\nMigration Summary:\n") {
		t.Errorf("-f output:\n%s", out.String())
	}
	out.Reset()
	if rc := run([]string{"status", "-f", "-x", cib, "--output-as=xml"}, &out, &errb); rc != 0 {
		t.Fatalf("rc %d, stderr %s", rc, errb.String())
	}
	if !strings.Contains(out.String(), `request="crm_mon -1 -f --output-as=xml"`) {
		t.Errorf("-f XML output:\n%s", out.String())
	}
}
