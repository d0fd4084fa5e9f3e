package simulate

import (
	"sort"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/scheduler"
)

func TestNaturalLess(t *testing.T) {
	names := []string{"node10", "node2", "Node1", "alpha", "node02x", "node2a", "b"}
	sort.SliceStable(names, func(i, j int) bool { return naturalLess(names[i], names[j]) })
	if got, want := strings.Join(names, " "), "alpha b Node1 node2 node2a node02x node10"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestWriteStatus(t *testing.T) {
	doc, err := cib.Parse("t", []byte(`<cib><configuration><nodes>
<node id="1" uname="n10"/><node id="2" uname="n2"><instance_attributes id="i"><nvpair id="s" name="standby" value="on"/></instance_attributes></node>
<node id="3" uname="n3"/></nodes><resources>
<group id="g"><meta_attributes id="gm"><nvpair id="gm1" name="target-role" value="Stopped"/></meta_attributes>
<primitive id="a" class="ocf" provider="heartbeat" type="Dummy"/></group>
<primitive id="b" class="systemd" type="x"/></resources></configuration><status>
<node_state id="1" uname="n10" in_ccm="true" crmd="online" join="member" expected="member"/>
<node_state id="2" uname="n2" in_ccm="true" crmd="online" join="member" expected="member"><lrm id="2"><lrm_resources>
<lrm_resource id="b" class="systemd" type="x"><lrm_rsc_op id="b_last_0" operation="start" transition-key="1:1:0:x" call-id="1" rc-code="0" op-status="0" interval="0"/></lrm_resource>
</lrm_resources></lrm></node_state></status></cib>`))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := scheduler.Schedule(doc)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	WriteCounts(&b, tr.Cluster)
	WriteStatus(&b, "Current cluster status:", tr.Cluster)
	// stonith-enabled defaults to true, so n3 (never seen) is unclean
	// (startup-fencing), as crm_simulate 2.1.5 prints it.
	want := "1 of 2 resource instances DISABLED and 0 BLOCKED from further action due to failure\n\n" +
		"Current cluster status:\n  * Node List:\n    * Node n2: standby (with active resources)\n" +
		"    * Node n3: UNCLEAN (offline)\n    * Online: [ n10 ]\n\n  * Full List of Resources:\n" +
		"    * Resource Group: g (disabled):\n      * a\t(ocf:heartbeat:Dummy):\t Stopped (disabled)\n" +
		"    * b\t(systemd:x):\t Started n2\n\n"
	if b.String() != want {
		t.Errorf("got:\n%q\nwant:\n%q", b.String(), want)
	}
}
