package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const scenarioDir = "../../crm/simulate/testdata/scenarios"

func TestSimulate(t *testing.T) {
	var out, errb bytes.Buffer
	f := filepath.Join(scenarioDir, "group-member-failed.xml")
	if rc := run([]string{"simulate", "-x", f, "-S"}, &out, &errb); rc != 0 {
		t.Fatalf("rc %d, stderr %s", rc, errb.String())
	}
	want, err := os.ReadFile(filepath.Join(scenarioDir, "group-member-failed.expected"))
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		t.Errorf("got:\n%s\nwant:\n%s", out.String(), want)
	}
}

// TestSimulateInvalidTransition: a transition that can never finish (an
// ordering loop) prints crm_simulate's whole output, its two stderr lines
// and exits 1, as crm_simulate 2.1.5 does; -O still saves the CIB.
func TestSimulateInvalidTransition(t *testing.T) {
	var out, errb bytes.Buffer
	saved := filepath.Join(t.TempDir(), "after.xml")
	f := filepath.Join(scenarioDir, "invalid-order-loop.xml")
	if rc := run([]string{"simulate", "-x", f, "-S", "-O", saved}, &out, &errb); rc != 1 {
		t.Fatalf("rc %d, want 1; stderr %s", rc, errb.String())
	}
	want, err := os.ReadFile(filepath.Join(scenarioDir, "invalid-order-loop.expected"))
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		t.Errorf("got:\n%s\nwant:\n%s", out.String(), want)
	}
	if errb.String() != "Transition failed: terminated\nAn invalid transition was produced\n" {
		t.Errorf("stderr %q", errb.String())
	}
	if _, err := os.Stat(saved); err != nil {
		t.Errorf("-O: %v", err)
	}
}

func TestSimulateCIBFileEnv(t *testing.T) {
	t.Setenv("CIB_file", filepath.Join(scenarioDir, "seed-initial-start.xml"))
	var out, errb bytes.Buffer
	if rc := run([]string{"simulate", "-S"}, &out, &errb); rc != 0 {
		t.Fatalf("rc %d, stderr %s", rc, errb.String())
	}
	if !strings.Contains(out.String(), "Start      memcached    ( haproxy2 )") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestSimulateErrors(t *testing.T) {
	t.Setenv("CIB_file", "")
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.xml")
	if err := os.WriteFile(bad, []byte("<cib><configuration><resources><primitive id=\"p\" class=\"ocf\" type=\"Dummy\"/></resources></configuration></cib>"), 0o644); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "broken.xml")
	if err := os.WriteFile(broken, []byte("<cib>\n<configuration>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"simulate", "-S"}, "no CIB given"},
		{[]string{"simulate", "-x", filepath.Join(dir, "missing.xml")}, "no such file"},
		{[]string{"simulate", "-x", bad}, `primitive "p": provider: missing`},
		{[]string{"simulate", "-x", broken}, "broken.xml"},
		{[]string{"simulate", "-x", bad, "-t", "yesterday"}, "--set-datetime"},
		{[]string{"frobnicate"}, "unknown command"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		if rc := run(c.args, &out, &errb); rc == 0 || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: rc %d, stderr %q, want %q", c.args, rc, errb.String(), c.want)
		}
	}
}

func TestHelp(t *testing.T) {
	var out, errb bytes.Buffer
	if rc := run([]string{"--help"}, &out, &errb); rc != 0 || !strings.Contains(out.String(), "simulate") {
		t.Errorf("rc %d, out %q", rc, out.String())
	}
}
