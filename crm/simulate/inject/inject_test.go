package inject

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gorosync/gorosync/crm/cib"
)

const testCIB = `<cib have-quorum="1">
  <configuration>
    <crm_config><cluster_property_set id="opts"/></crm_config>
    <nodes><node id="1" uname="n1"/><node id="2" uname="n2"/><node id="3" uname="n3"/></nodes>
    <resources>
      <primitive id="a" class="ocf" provider="heartbeat" type="Dummy"/>
      <group id="g"><primitive id="m" class="systemd" type="haproxy"/></group>
      <clone id="c-clone"><primitive id="c" class="ocf" provider="pacemaker" type="Dummy"/></clone>
    </resources>
  </configuration>
  <status>
    <node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member">
      <lrm id="1"><lrm_resources>
        <lrm_resource id="a" class="ocf" provider="heartbeat" type="Dummy">
          <lrm_rsc_op id="a_last_0" operation_key="a_start_0" operation="start" on_node="n1" call-id="4" rc-code="0" op-status="0" interval="0" op-digest="d0"/>
          <lrm_rsc_op id="a_monitor_10000" operation_key="a_monitor_10000" operation="monitor" on_node="n1" call-id="6" rc-code="0" op-status="0" interval="10000" op-digest="d1"/>
        </lrm_resource>
      </lrm_resources></lrm>
      <transient_attributes id="1"><instance_attributes id="status-1">
        <nvpair id="status-n1-fail-count-a.monitor_10000" name="fail-count-a#monitor_10000" value="2"/>
      </instance_attributes></transient_attributes>
    </node_state>
    <node_state id="2" uname="n2" in_ccm="true" crmd="online" join="member" expected="member"/>
  </status>
</cib>`

var now = time.Unix(1800000000, 0)

func parse(t *testing.T) *cib.CIB {
	t.Helper()
	doc, err := cib.Parse("test", []byte(testCIB))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestApplyOrderAndLines(t *testing.T) {
	doc := parse(t)
	before, _ := doc.Marshal()
	out, lines, err := Apply(doc, Injections{
		OpInject: []string{"a_monitor_10000@n1=7"},
		NodeDown: []string{"n2"}, NodeFail: []string{"n3"}, NodeUp: []string{"n2"},
		Quorum: "false", Watchdog: "true",
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Setting quorum: false",
		"Setting watchdog: true",
		"Bringing node n2 online",
		"Taking node n2 offline",
		"Failing node n3",
		"Injecting a_monitor_10000@n1=7 into the configuration",
		"Injecting attribute fail-count-a#monitor_10000=value++ into /node_state '1'",
		"Injecting attribute last-failure-a#monitor_10000=1800000000 into /node_state '1'",
	}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if after, _ := doc.Marshal(); string(after) != string(before) {
		t.Error("Apply modified its input")
	}
	if out.HaveQuorum != "false" {
		t.Errorf("have-quorum %q", out.HaveQuorum)
	}
	if v, _ := out.Configuration.CRMConfig.PropertySets.Lookup("have-watchdog"); v != "true" {
		t.Errorf("have-watchdog %q", v)
	}
	n2, n3 := out.Status.NodeStates[1], out.Status.NodeStates[2]
	if n2.InCCM != "false" || n2.Crmd != "offline" || n2.Join != "down" || n2.Expected != "down" || n2.CrmDebugOrigin != "crm_simulate" {
		t.Errorf("n2 after up then down: %+v", n2)
	}
	// n3 had no node_state: one is added with the configured id.
	if n3.ID != "3" || n3.Uname != "n3" || n3.InCCM != "false" || n3.Crmd != "online" || n3.Expected != "member" {
		t.Errorf("failed n3: %+v", n3)
	}
}

func TestApplyOpInjectFailure(t *testing.T) {
	out, _, err := Apply(parse(t), Injections{OpInject: []string{"a_monitor_10000@n1=7"}}, now)
	if err != nil {
		t.Fatal(err)
	}
	ns := out.Status.NodeStates[0]
	ops := ns.LRM.Resources.Resources[0].Ops
	if len(ops) != 3 {
		t.Fatalf("%d entries, want 3", len(ops))
	}
	op := ops[2]
	if op.ID != "a_last_failure_0" || op.OperationKey != "a_monitor_10000" || op.CallID != "7" || op.RCCode != "7" ||
		op.Interval != "10000" || op.Reason() != "Simulated action result" || op.LastRCChange != "1800000000" ||
		op.TransitionKey != "7:-1:0:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" ||
		op.TransitionMagic != "0:7;7:-1:0:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" || op.OpDigest != "" || op.OnNode != "" {
		t.Errorf("injected entry %+v", op)
	}
	// The fail count gets a new nvpair next to the old one (same name,
	// another id): value++ of a new nvpair is 1.
	pairs := ns.TransientAttributes.InstanceAttributes[0].Pairs
	if len(pairs) != 3 || pairs[1].ID != "status-1-fail-count-a.monitor_10000" || pairs[1].Value != "1" {
		t.Fatalf("pairs %+v", pairs)
	}
	if pairs[2].Name != "last-failure-a#monitor_10000" || pairs[2].Value != "1800000000" {
		t.Errorf("last-failure %+v", pairs[2])
	}
}

func TestApplyOpInjectTwiceIncrements(t *testing.T) {
	out, _, err := Apply(parse(t), Injections{OpInject: []string{"c_start_0@n2=1", "c_start_0@n2=1"}}, now)
	if err != nil {
		t.Fatal(err)
	}
	ns := out.Status.NodeStates[1]
	lr := ns.LRM.Resources.Resources[0]
	if ns.LRM.ID != "2" || lr.ID != "c" || lr.Class != "ocf" || lr.Provider != "pacemaker" || lr.Type != "Dummy" {
		t.Errorf("new history %+v / %+v", ns.LRM, lr)
	}
	// A failed start writes last_failure_0 and last_0; the second
	// injection updates both in place.
	if len(lr.Ops) != 2 || lr.Ops[0].ID != "c_last_failure_0" || lr.Ops[1].ID != "c_last_0" || lr.Ops[1].CallID != "2" {
		t.Errorf("ops %+v", lr.Ops)
	}
	set := ns.TransientAttributes.InstanceAttributes[0]
	if ns.TransientAttributes.ID != "2" || set.ID != "2" || set.Pairs[0].ID != "2-fail-count-c.start_0" || set.Pairs[0].Value != "2" {
		t.Errorf("fail count %+v %+v", ns.TransientAttributes, set)
	}
}

func TestApplySuccessAndProbe(t *testing.T) {
	out, lines, err := Apply(parse(t), Injections{OpInject: []string{"a_monitor_10000@n1=0", "m_monitor_0@n1=7"}}, now)
	if err != nil {
		t.Fatal(err)
	}
	// Neither a success nor a probe finding the resource stopped counts
	// as a failure.
	if len(lines) != 2 {
		t.Errorf("lines %q", lines)
	}
	rs := out.Status.NodeStates[0].LRM.Resources.Resources
	mon := rs[0].Ops[1]
	if mon.ID != "a_monitor_10000" || mon.CallID != "7" || mon.RCCode != "0" || mon.OpDigest != "d1" || mon.OnNode != "n1" || mon.Reason() != "" {
		t.Errorf("updated monitor %+v", mon)
	}
	if rs[1].ID != "m" || rs[1].Ops[0].ID != "m_last_failure_0" || rs[1].Ops[1].ID != "m_last_0" {
		t.Errorf("probe history %+v", rs[1])
	}
}

func TestApplyNodeDownDropsHistory(t *testing.T) {
	out, _, err := Apply(parse(t), Injections{NodeDown: []string{"n1"}}, now)
	if err != nil {
		t.Fatal(err)
	}
	if ns := out.Status.NodeStates[0]; ns.LRM != nil || ns.TransientAttributes != nil || ns.InCCM != "false" {
		t.Errorf("n1 after down: %+v", ns)
	}
}

func TestApplyErrors(t *testing.T) {
	for _, c := range []struct {
		in   Injections
		want string
	}{
		{Injections{NodeDown: []string{"nx"}}, "--node-down: node nx is not in the configuration"},
		{Injections{NodeUp: []string{"nx"}}, "--node-up: node nx"},
		{Injections{NodeFail: []string{"nx"}}, "--node-fail: node nx"},
		{Injections{OpInject: []string{"a_start_0@nx=1"}}, "--op-inject: node nx"},
		{Injections{OpInject: []string{"zz_start_0@n1=1"}}, "Invalid resource name: zz"},
		{Injections{OpInject: []string{"g_start_0@n1=1"}}, "Resource g not found in the status section of 1 (supply class and type to continue)"},
		{Injections{OpInject: []string{"a_start_0"}}, "Invalid operation spec: a_start_0.  Only found 1 fields"},
		{Injections{Quorum: "yes", NodeUp: []string{"n1"}}, `--quorum: "yes" is not a boolean`},
	} {
		out, lines, err := Apply(parse(t), c.in, now)
		if err == nil || !strings.Contains(err.Error(), c.want) || out != nil || lines != nil {
			t.Errorf("%+v: %v, want %q", c.in, err, c.want)
		}
	}
}

func TestAny(t *testing.T) {
	if (Injections{Quorum: "false"}).Any() {
		t.Error("quorum alone counts (crm_simulate ignores it)")
	}
	if !(Injections{Watchdog: "1"}).Any() || !(Injections{OpInject: []string{"x"}}).Any() {
		t.Error("watchdog / op-inject do not count")
	}
}

func TestFindResourceCloneInstance(t *testing.T) {
	doc := parse(t)
	for id, want := range map[string]bool{"c": true, "c:1": true, "c-clone": true, "m": true, "g": true, "c:x": false, "n": false} {
		if found, _ := findResource(&doc.Configuration.Resources, id); found != want {
			t.Errorf("%s: found %v", id, found)
		}
	}
}
