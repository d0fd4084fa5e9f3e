package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigureRefusals: each refused command exits non-zero, names what
// is wrong and leaves the CIB file byte for byte as it was.
func TestConfigureRefusals(t *testing.T) {
	useAgents(t, staticAgents(t))
	start := readAll(t, filepath.Join(configureData, "pcs-haproxy.xml"))
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"resource", "create", "X", "ocf:heartbeat:VIPcheck"}, "use --force to override"},
		{[]string{"resource", "create", "X", "VIPcheck", "--force"}, "Unable to find agent 'VIPcheck'"},
		{[]string{"resource", "create", "X", "Dummy"}, "Multiple agents match 'Dummy'"},
		{[]string{"resource", "create", "VIP", "ocf:heartbeat:Dummy"}, "'VIP' already exists"},
		{[]string{"resource", "create", "1bad", "ocf:heartbeat:Dummy"}, "invalid resource name '1bad'"},
		{[]string{"resource", "create", "Y", "ocf:heartbeat:IPaddr2"}, "required resource option 'ip' is missing"},
		{[]string{"resource", "create", "Y", "ocf:heartbeat:Dummy", "nosuch=1"}, "invalid resource option 'nosuch'"},
		{[]string{"resource", "create", "Y", "ocf:heartbeat:Dummy", "op", "monitor", "on-fail=maybe"}, "on-fail"},
		{[]string{"resource", "delete", "nothere"}, "Resource 'nothere' does not exist"},
		{[]string{"resource", "meta", "nothere", "a=1"}, "nothere"},
		{[]string{"resource", "update", "nothere", "a=1"}, "Unable to find resource: nothere"},
		{[]string{"resource", "group", "add", "VIP", "memcached"}, "'VIP' is not a group"},
		{[]string{"resource", "group", "add", "g2", "memcached", "nothere"}, "'nothere' does not exist"},
		{[]string{"constraint", "colocation", "add", "memcached", "with", "memcached"}, "with itself"},
		{[]string{"constraint", "colocation", "add", "memcached", "with", "nothere"}, "Resource 'nothere' does not exist"},
		{[]string{"constraint", "colocation", "add", "memcached", "with", "VIP", "lots"}, "invalid score 'lots'"},
		{[]string{"constraint", "colocation", "add", "memcached", "with", "proxyGroup"}, "duplicate constraint"},
		{[]string{"constraint", "order", "start", "VIP", "then", "start", "haproxy"}, "same group"},
		{[]string{"constraint", "order", "memcached", "then", "memcached"}, "with itself"},
		{[]string{"constraint", "order", "VIP", "then", "memcached", "kind=Sometimes"}, "invalid kind value 'Sometimes'"},
		{[]string{"constraint", "location", "memcached", "prefers", "haproxy1=abc"}, "invalid score 'abc'"},
		{[]string{"property", "set", "no-such-property=1"}, "invalid cluster property option 'no-such-property'"},
		{[]string{"property", "set", "stonith-enabled=maybe"}, "stonith-enabled"},
		{[]string{"configure", "primitive", "Z", "ocf:heartbeat:VIPcheck"}, "ocf:heartbeat:VIPcheck: got no meta-data"},
		{[]string{"configure", "primitive", "VIP", "ocf:heartbeat:Dummy"}, "Found existing primitive with same ID"},
		{[]string{"configure", "primitive", "Z", "ocf:heartbeat:Dummy", "params", "nosuch=1"}, `parameter "nosuch" is not known`},
		{[]string{"configure", "group", "g2", "VIP", "memcached"}, "Child primitive:VIP already in group:proxyGroup"},
		{[]string{"configure", "group", "g2", "nothere"}, "g2 refers to missing object nothere"},
		{[]string{"configure", "colocation", "c9", "bogus:", "memcached", "VIP"}, `invalid score "bogus"`},
		{[]string{"configure", "colocation", "c9", "inf:", "memcached", "memcached"}, "with itself"},
		{[]string{"configure", "order", "o9", "Mandatory:", "memcached", "nothere"}, "resource nothere does not exist"},
		{[]string{"configure", "location", "l9", "memcached", "-bogus:", "haproxy1"}, "invalid score"},
		{[]string{"configure", "delete", "nothere"}, "object nothere does not exist"},
		{[]string{"configure", "frobnicate"}, "unknown"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, "_"), func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "cib.xml")
			writeFile(t, file, start)
			var stdout, stderr bytes.Buffer
			rc := run(append(c.args, "-f", file), &stdout, &stderr)
			if rc == 0 {
				t.Fatalf("exit 0, want a refusal; stderr: %s", stderr.String())
			}
			if !strings.Contains(stderr.String(), c.want) {
				t.Errorf("stderr %q does not mention %q", stderr.String(), c.want)
			}
			if got := readAll(t, file); !bytes.Equal(got, start) {
				t.Errorf("the CIB changed although the command was refused")
			}
			if ents, _ := os.ReadDir(filepath.Dir(file)); len(ents) != 1 {
				t.Errorf("leftover files next to the CIB: %v", ents)
			}
		})
	}
}

// TestConfigureCIBFileEnv: without -f the file comes from $CIB_file, and
// without either the command fails.
func TestConfigureCIBFileEnv(t *testing.T) {
	file := filepath.Join(t.TempDir(), "cib.xml")
	writeFile(t, file, readAll(t, filepath.Join(configureData, "start.xml")))
	t.Setenv("CIB_file", file)
	var stdout, stderr bytes.Buffer
	if rc := run([]string{"configure", "rsc_defaults", "resource-stickiness=INFINITY", "migration-threshold=1"}, &stdout, &stderr); rc != 0 {
		t.Fatalf("exit %d: %s", rc, stderr.String())
	}
	if !bytes.Contains(readAll(t, file), []byte(`id="rsc-options-migration-threshold"`)) {
		t.Errorf("rsc_defaults not written to $CIB_file")
	}
	t.Setenv("CIB_file", "")
	stderr.Reset()
	if rc := run([]string{"property", "set", "stonith-enabled=false"}, &stdout, &stderr); rc == 0 || !strings.Contains(stderr.String(), "no CIB given") {
		t.Errorf("without a CIB: exit %d, %q", rc, stderr.String())
	}
}
