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
	starts := map[string][]byte{}
	for _, name := range []string{"pcs-haproxy", "pcs-clones", "crmsh-clones"} {
		starts[name] = readAll(t, filepath.Join(configureData, name+".xml"))
	}
	cases := []struct {
		args  []string
		want  string
		start string // recorded result the command runs on; pcs-haproxy if empty
	}{
		{[]string{"resource", "create", "X", "ocf:heartbeat:VIPcheck"}, "use --force to override", ""},
		{[]string{"resource", "create", "X", "VIPcheck", "--force"}, "Unable to find agent 'VIPcheck'", ""},
		{[]string{"resource", "create", "X", "Dummy"}, "Multiple agents match 'Dummy'", ""},
		{[]string{"resource", "create", "VIP", "ocf:heartbeat:Dummy"}, "'VIP' already exists", ""},
		{[]string{"resource", "create", "1bad", "ocf:heartbeat:Dummy"}, "invalid resource name '1bad'", ""},
		{[]string{"resource", "create", "Y", "ocf:heartbeat:IPaddr2"}, "required resource option 'ip' is missing", ""},
		{[]string{"resource", "create", "Y", "ocf:heartbeat:Dummy", "nosuch=1"}, "invalid resource option 'nosuch'", ""},
		{[]string{"resource", "create", "Y", "ocf:heartbeat:Dummy", "op", "monitor", "on-fail=maybe"}, "on-fail", ""},
		{[]string{"resource", "delete", "nothere"}, "Resource 'nothere' does not exist", ""},
		{[]string{"resource", "meta", "nothere", "a=1"}, "nothere", ""},
		{[]string{"resource", "update", "nothere", "a=1"}, "Unable to find resource: nothere", ""},
		{[]string{"resource", "group", "add", "VIP", "memcached"}, "'VIP' is not a group", ""},
		{[]string{"resource", "group", "add", "g2", "memcached", "nothere"}, "'nothere' does not exist", ""},
		{[]string{"constraint", "colocation", "add", "memcached", "with", "memcached"}, "with itself", ""},
		{[]string{"constraint", "colocation", "add", "memcached", "with", "nothere"}, "Resource 'nothere' does not exist", ""},
		{[]string{"constraint", "colocation", "add", "memcached", "with", "VIP", "lots"}, "invalid score 'lots'", ""},
		{[]string{"constraint", "colocation", "add", "memcached", "with", "proxyGroup"}, "duplicate constraint", ""},
		{[]string{"constraint", "order", "start", "VIP", "then", "start", "haproxy"}, "same group", ""},
		{[]string{"constraint", "order", "memcached", "then", "memcached"}, "with itself", ""},
		{[]string{"constraint", "order", "VIP", "then", "memcached", "kind=Sometimes"}, "invalid kind value 'Sometimes'", ""},
		{[]string{"constraint", "location", "memcached", "prefers", "haproxy1=abc"}, "invalid score 'abc'", ""},
		{[]string{"property", "set", "no-such-property=1"}, "invalid cluster property option 'no-such-property'", ""},
		{[]string{"property", "set", "stonith-enabled=maybe"}, "stonith-enabled", ""},
		{[]string{"configure", "primitive", "Z", "ocf:heartbeat:VIPcheck"}, "ocf:heartbeat:VIPcheck: got no meta-data", ""},
		{[]string{"configure", "primitive", "VIP", "ocf:heartbeat:Dummy"}, "Found existing primitive with same ID", ""},
		{[]string{"configure", "primitive", "Z", "ocf:heartbeat:Dummy", "params", "nosuch=1"}, `parameter "nosuch" is not known`, ""},
		{[]string{"configure", "group", "g2", "VIP", "memcached"}, "Child primitive:VIP already in group:proxyGroup", ""},
		{[]string{"configure", "group", "g2", "nothere"}, "g2 refers to missing object nothere", ""},
		{[]string{"configure", "colocation", "c9", "bogus:", "memcached", "VIP"}, `invalid score "bogus"`, ""},
		{[]string{"configure", "colocation", "c9", "inf:", "memcached", "memcached"}, "with itself", ""},
		{[]string{"configure", "order", "o9", "Mandatory:", "memcached", "nothere"}, "resource nothere does not exist", ""},
		{[]string{"configure", "location", "l9", "memcached", "-bogus:", "haproxy1"}, "invalid score", ""},
		{[]string{"configure", "delete", "nothere"}, "object nothere does not exist", ""},
		{[]string{"configure", "frobnicate"}, "unknown", ""},
		// resource sets
		{[]string{"constraint", "order", "set", "VIP", "nothere"}, "Resource 'nothere' does not exist", ""},
		{[]string{"constraint", "order", "set", "VIP", "haproxy"}, "same group", ""},
		{[]string{"constraint", "order", "set", "memcached", "proxyGroup", "sequential=maybe"}, "'maybe' is not a valid sequential value", ""},
		{[]string{"constraint", "order", "set", "memcached", "proxyGroup", "setoptions", "kind=Sometimes"}, "'Sometimes' is not a valid kind value", ""},
		{[]string{"constraint", "order", "set", "memcached", "set", "proxyGroup", "setoptions", "a=1", "setoptions"}, "'setoptions' may be mentioned at most once", ""},
		{[]string{"constraint", "colocation", "set", "memcached", "proxyGroup", "setoptions", "score=lots"}, "invalid score 'lots'", ""},
		{[]string{"constraint", "colocation", "set", "memcached", "proxyGroup", "frob=1"}, "invalid set option 'frob'", ""},
		{[]string{"configure", "order", "o9", "Mandatory:", "memcached", "(", "proxyGroup", "nothere", ")"}, "resource nothere does not exist", ""},
		{[]string{"configure", "order", "o9", "memcached", "(", "proxyGroup", "VIP"}, "unterminated resource set", ""},
		{[]string{"configure", "colocation", "c9", "inf:", "memcached", "[", "proxyGroup", ")"}, "unbalanced", ""},
		{[]string{"configure", "order", "o9", "memcached:frob", "proxyGroup", "VIP"}, `invalid action "frob"`, ""},
		// clones and location rules
		{[]string{"resource", "clone", "nothere"}, "unable to find group or resource: nothere", "pcs-clones"},
		{[]string{"resource", "clone", "memcached"}, "memcached is already a clone resource", "pcs-clones"},
		{[]string{"resource", "clone", "memcached-clone"}, "unable to find group or resource: memcached-clone", "pcs-clones"},
		{[]string{"resource", "clone", "VIP", "tmp"}, "id 'tmp' already exists", "pcs-clones"},
		{[]string{"resource", "clone", "VIP", "1bad"}, "invalid id '1bad'", "pcs-clones"},
		{[]string{"resource", "clone", "VIP", "meta", "notify"}, "missing value of 'notify' option", "pcs-clones"},
		{[]string{"resource", "clone", "VIP", "op", "monitor", "interval=5s"}, "op settings must be changed on base resource", "pcs-clones"},
		{[]string{"resource", "clone", "VIP", "a=1", "a=2"}, "duplicate option 'a' with different values '1' and '2'", "pcs-clones"},
		{[]string{"resource", "clone", "memcached", "globally-unique=true"}, "Clone option 'globally-unique' is not compatible with 'systemd:memcached' resource agent of resource 'memcached'", ""},
		{[]string{"resource", "clone", "proxyGroup"}, "Agent 'ocf:heartbeat:VIPcheck' is not installed", ""},
		{[]string{"resource", "unclone", "VIP"}, "'VIP' is not a clone resource", "pcs-clones"},
		{[]string{"resource", "unclone", "nothere"}, "could not find resource: nothere", "pcs-clones"},
		{[]string{"resource", "create", "X", "ocf:heartbeat:Dummy", "clone", "--group", "G"}, "you can specify only one of clone, promotable, bundle or --group", "pcs-clones"},
		{[]string{"resource", "create", "X", "ocf:heartbeat:Dummy", "clone", "memcached-clone"}, "'memcached-clone' already exists", "pcs-clones"},
		{[]string{"resource", "create", "X", "ocf:heartbeat:Dummy", "promotable"}, "'promotable' is not supported by gocrm yet", "pcs-clones"},
		{[]string{"resource", "update", "VIP", "clone"}, "missing value of 'clone' option", "pcs-clones"},
		{[]string{"constraint", "location", "memcached", "rule", "defined", "pingd"}, "memcached is a clone resource, you should use the clone id: memcached-clone", "pcs-clones"},
		{[]string{"constraint", "location", "VIP", "rule", "pingd", "lte"}, "'pingd lte' is not a valid rule expression: unexpected end of rule", "pcs-clones"},
		{[]string{"constraint", "location", "VIP", "rule", "score-attribute=pingd", "defined", "pingd"}, "score-attribute is not supported by gocrm's scheduler yet", "pcs-clones"},
		{[]string{"constraint", "location", "VIP", "rule", "date-spec", "hours=9-16"}, "date-spec is not supported", "pcs-clones"},
		{[]string{"constraint", "location", "VIP", "rule", "id=memcached", "defined", "pingd"}, "id 'memcached' is already in use", "pcs-clones"},
		{[]string{"constraint", "location", "memcached-clone", "rule", "score=7", "pingd", "lte", "0", "or", "not_defined", "pingd"}, "duplicate constraint already exists, use --force to override\n  Constraint: location-memcached-clone", "pcs-clones"},
		{[]string{"configure", "clone", "c2", "memcached"}, "Cannot create clone:c2: Child primitive:memcached already in clone:cl-mem", "crmsh-clones"},
		{[]string{"configure", "clone", "c2", "cl-mem"}, "Child clone:cl-mem is not a primitive or group", "crmsh-clones"},
		{[]string{"configure", "clone", "c2", "nothere"}, "c2 refers to missing object nothere", "crmsh-clones"},
		{[]string{"configure", "clone", "cl-mem", "vIP"}, "Cannot create clone with ID 'cl-mem': Found existing clone with same ID.", "crmsh-clones"},
		{[]string{"configure", "clone", "c2", "vIP", "op", "monitor"}, "a clone has no operations", "crmsh-clones"},
		{[]string{"configure", "clone", "c1", "vIP"}, "Cannot create clone with ID 'c1': Found existing colocation with same ID.", "crmsh-clones"},
		{[]string{"configure", "location", "l9", "vIP", "rule", "pingd:", "defined", "pingd"}, "score-attribute rules (pingd:) are not supported", "crmsh-clones"},
		{[]string{"configure", "location", "l9", "vIP", "rule", "-inf:", "a", "eq", "1", "and", "b", "eq", "2", "or", "c", "eq", "3"}, "Mixing bool ops not allowed: and != or", "crmsh-clones"},
		{[]string{"configure", "location", "l9", "vIP", "rule", "-inf:", "pingd", "bogus", "0"}, "expected one of lt, gt", "crmsh-clones"},
		{[]string{"configure", "location", "l9", "vIP", "rule", "inf:", "date", "gt", "soon"}, "'soon' is not an ISO 8601 date", "crmsh-clones"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, "_"), func(t *testing.T) {
			start := starts[c.start]
			if c.start == "" {
				start = starts["pcs-haproxy"]
			}
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
