package configure

import (
	"strings"
	"testing"

	"github.com/gorosync/gorosync/crm/cib"
)

// groupDeleteCIB is the CIB of the crmsh delete experiment recorded below.
const groupDeleteCIB = `<cib epoch="1" num_updates="0" admin_epoch="0"><configuration><crm_config/><nodes><node id="1" uname="haproxy1"/></nodes><resources>
<primitive id="z" class="ocf" provider="heartbeat" type="Dummy"/>
<group id="g"><primitive id="a" class="ocf" provider="heartbeat" type="Dummy"/><primitive id="b" class="ocf" provider="heartbeat" type="Dummy"/></group>
<primitive id="c" class="ocf" provider="heartbeat" type="Dummy"/>
<group id="h"><primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/></group>
</resources><constraints><rsc_colocation id="co" rsc="c" with-rsc="g" score="INFINITY"/><rsc_order id="or" first="h" then="c"/></constraints></configuration><status/></cib>`

// TestCrmshDeleteGroup: crmsh 4.4.1 (`crm configure delete g`, then
// `delete d`) left resources z c a b and only colocation co, retargeted
// from g to a.
func TestCrmshDeleteGroup(t *testing.T) {
	c, err := cib.Parse("", []byte(groupDeleteCIB))
	if err != nil {
		t.Fatal(err)
	}
	m := &Crmsh{Agents: StaticAgents{}}
	for _, cmd := range []string{"delete g", "delete d"} {
		if _, err := m.Apply(c, strings.Fields(cmd)); err != nil {
			t.Fatalf("%s: %v", cmd, err)
		}
	}
	var ids []string
	for _, r := range c.Configuration.Resources.Items {
		ids = append(ids, r.ID())
	}
	if got := strings.Join(ids, " "); got != "z c a b" {
		t.Errorf("resources %q, want \"z c a b\"", got)
	}
	ks := c.Configuration.Constraints.Items
	if len(ks) != 1 || ks[0].Colocation == nil || ks[0].Colocation.WithRsc != "a" {
		t.Errorf("constraints %+v, want only co with with-rsc=a", ks)
	}
}

func TestPCSIDs(t *testing.T) {
	ids := idSet{"x": true, "x-1": true}
	if got := ids.pcsUnique("x"); got != "x-2" {
		t.Errorf("pcsUnique = %q, want x-2", got)
	}
	ids = idSet{"x": true}
	if got := ids.crmshUnique("x"); got != "x-0" {
		t.Errorf("crmshUnique = %q, want x-0", got)
	}
	if got := sanitizeID("colocation-A-B--INFINITY"); got != "colocation-A-B--INFINITY" {
		t.Errorf("sanitizeID changed a valid id: %q", got)
	}
	if got := sanitizeID("1a b:c"); got != "abc" {
		t.Errorf("sanitizeID(\"1a b:c\") = %q, want abc", got)
	}
	if err := checkPCSID("1bad", "resource name"); err == nil || !strings.Contains(err.Error(), "'1' is not a valid first character") {
		t.Errorf("checkPCSID(1bad) = %v", err)
	}
}
