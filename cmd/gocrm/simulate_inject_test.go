package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/crm/cib"
)

const injectionDir = "../../crm/simulate/testdata/injections"

// The injected last-failure value is the clock's.
var lastFailureValue = regexp.MustCompile(`(last-failure-\S+?=)\d+`)

func TestSimulateInjection(t *testing.T) {
	var out, errb bytes.Buffer
	f := filepath.Join(injectionDir, "haproxy-running.xml")
	if rc := run([]string{"simulate", "-S", "-x", f, "--op-inject", "haproxy_monitor_5000@haproxy1=7"}, &out, &errb); rc != 0 {
		t.Fatalf("rc %d, stderr %s", rc, errb.String())
	}
	want, err := os.ReadFile(filepath.Join(injectionDir, "haproxy-monitor-fail.expected"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := lastFailureValue.ReplaceAllString(out.String(), "${1}N"), lastFailureValue.ReplaceAllString(string(want), "${1}N"); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestSimulateHelpListsEvents(t *testing.T) {
	var out, errb bytes.Buffer
	if rc := run([]string{"simulate", "--help"}, &out, &errb); rc != 0 {
		t.Fatalf("rc %d, stderr %s", rc, errb.String())
	}
	for _, flag := range []string{"-u, --node-up", "-d, --node-down", "-f, --node-fail", "-i, --op-inject",
		"-F, --op-fail", "-q, --quorum", "-w, --watchdog", "-O, --save-output", "-x, --xml-file", "-S, --simulate", "-t, --set-datetime"} {
		if !strings.Contains(out.String(), flag) {
			t.Errorf("help lacks %q:\n%s", flag, out.String())
		}
	}
}

func TestSimulateInjectionErrors(t *testing.T) {
	f := filepath.Join(injectionDir, "haproxy-running.xml")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-d", "nodeX"}, "--node-down: node nodeX is not in the configuration"},
		{[]string{"-i", "haproxy_monitor_5000@haproxy1"}, "Invalid operation spec: haproxy_monitor_5000@haproxy1.  Only found 2 fields"},
		{[]string{"-i", "nosuch_start_0@haproxy1=1"}, "Invalid resource name: nosuch"},
		{[]string{"-i", "x@haproxy1=1"}, "Invalid resource name: (null)"},
		{[]string{"-i", "proxyGroup_start_0@haproxy2=1"}, "Resource proxyGroup not found in the status section of 2"},
		{[]string{"-q", "maybe", "-d", "haproxy2"}, `--quorum: "maybe" is not a boolean`},
		{[]string{"-S", "-F", "haproxy_stop_0@haproxy1=x"}, `--op-fail haproxy_stop_0@haproxy1=x: result "x" is not an integer`},
		{[]string{"-S", "-F", "haproxy_stop_0@haproxy1"}, `--op-fail haproxy_stop_0@haproxy1: no "=RC"`},
	} {
		var out, errb bytes.Buffer
		args := append([]string{"simulate", "-x", f}, c.args...)
		if rc := run(args, &out, &errb); rc == 0 || !strings.Contains(errb.String(), c.want) || out.Len() != 0 {
			t.Errorf("%v: rc %d, stdout %d bytes, stderr %q, want %q", c.args, rc, out.Len(), errb.String(), c.want)
		}
	}
}

// An --op-fail spec the transition does not run changes nothing, as with
// crm_simulate.
func TestSimulateOpFailNotRun(t *testing.T) {
	f := filepath.Join(injectionDir, "haproxy-running.xml")
	var plain, failing, errb bytes.Buffer
	if rc := run([]string{"simulate", "-S", "-x", f, "-d", "haproxy1"}, &plain, &errb); rc != 0 {
		t.Fatalf("rc %d, stderr %s", rc, errb.String())
	}
	if rc := run([]string{"simulate", "-S", "-x", f, "-d", "haproxy1", "-F", "memcached_stop_0@haproxy2=1"}, &failing, &errb); rc != 0 {
		t.Fatalf("rc %d, stderr %s", rc, errb.String())
	}
	if plain.String() != failing.String() {
		t.Errorf("-F of an action not run changed the output:\n%s", failing.String())
	}
}

func TestSimulateSaveOutput(t *testing.T) {
	f := filepath.Join(injectionDir, "haproxy-running.xml")
	saved := filepath.Join(t.TempDir(), "out.xml")
	var out, errb bytes.Buffer
	if rc := run([]string{"simulate", "-x", f, "-d", "haproxy1", "-O", saved}, &out, &errb); rc != 0 {
		t.Fatalf("rc %d, stderr %s", rc, errb.String())
	}
	doc, err := cib.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	ns := doc.Status.NodeStates[0]
	if ns.Uname != "haproxy1" || ns.InCCM != "false" || ns.Crmd != "offline" || ns.LRM != nil {
		t.Errorf("saved node_state %+v", ns)
	}
	// Simulating the saved CIB gives what simulating with the event gives
	// (minus the modifications block).
	var again, direct bytes.Buffer
	if rc := run([]string{"simulate", "-S", "-x", saved}, &again, &errb); rc != 0 {
		t.Fatalf("rc %d, stderr %s", rc, errb.String())
	}
	if rc := run([]string{"simulate", "-S", "-x", f, "-d", "haproxy1"}, &direct, &errb); rc != 0 {
		t.Fatalf("rc %d, stderr %s", rc, errb.String())
	}
	summary := func(s string) string { return s[strings.Index(s, "Transition Summary:"):] }
	if summary(again.String()) != summary(direct.String()) {
		t.Errorf("saved CIB simulates differently:\n%s\nvs\n%s", again.String(), direct.String())
	}
}

// With -S, -O saves the CIB as the simulated transition leaves it: the
// resources that moved off a node taken down have started on the other
// one, and simulating the saved CIB again has nothing left to do.
func TestSimulateSaveOutputAfterTransition(t *testing.T) {
	f := filepath.Join(injectionDir, "haproxy-running.xml")
	saved := filepath.Join(t.TempDir(), "out.xml")
	var out, errb bytes.Buffer
	if rc := run([]string{"simulate", "-S", "-x", f, "-d", "haproxy1", "-O", saved}, &out, &errb); rc != 0 {
		t.Fatalf("rc %d, stderr %s", rc, errb.String())
	}
	doc, err := cib.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	started := 0
	for _, ns := range doc.Status.NodeStates {
		if ns.Uname != "haproxy2" || ns.LRM == nil {
			continue
		}
		for _, lr := range ns.LRM.Resources.Resources {
			for _, op := range lr.Ops {
				if op.ID == lr.ID+"_last_0" && op.Operation == "start" && op.RCCode == "0" {
					started++
				}
			}
		}
	}
	if started == 0 {
		t.Errorf("no start recorded on haproxy2:\n%s", out.String())
	}
	var again bytes.Buffer
	if rc := run([]string{"simulate", "-S", "-x", saved}, &again, &errb); rc != 0 {
		t.Fatalf("rc %d, stderr %s", rc, errb.String())
	}
	s := again.String()
	summary := s[strings.Index(s, "Transition Summary:"):strings.Index(s, "Executing Cluster Transition:")]
	if summary != "Transition Summary:\n\n" {
		t.Errorf("the saved CIB still needs a transition:\n%s", s)
	}
}
