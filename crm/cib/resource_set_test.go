package cib

import (
	"bytes"
	"strings"
	"testing"
)

// setsDoc holds constraints with resource sets as pcs 0.11.5 writes them,
// plus attributes and children gocrm does not model.
const setsDoc = `<cib><configuration><crm_config/><nodes/><resources/><constraints>
<rsc_order kind="Mandatory" id="order_set_AABBCC">
<resource_set sequential="false" require-all="false" id="order_set_AABBCC_set"><resource_ref id="A"/><resource_ref id="B"/></resource_set>
<resource_set id="order_set_AABBCC_set-1" action="stop" future="x"><resource_ref id="C"/><resource_ref id="D" note="y"/><extra/></resource_set>
</rsc_order>
<rsc_colocation score="100" id="colocation_set_AABBCC">
<resource_set id="colocation_set_AABBCC_set" role="Started"><resource_ref id="A"/><resource_ref id="B"/></resource_set>
<resource_set sequential="false" id="colocation_set_AABBCC_set-1" score="-INFINITY"><resource_ref id="C"/></resource_set>
</rsc_colocation>
</constraints></configuration><status/></cib>`

func TestResourceSets(t *testing.T) {
	c := mustParse(t, "sets", []byte(setsDoc))
	items := c.Configuration.Constraints.Items
	if len(items) != 2 || items[0].Order == nil || items[1].Colocation == nil {
		t.Fatalf("constraints %+v", items)
	}
	o := items[0].Order
	if len(o.Sets) != 2 || o.First != "" {
		t.Fatalf("order sets %+v", o)
	}
	s0, s1 := o.Sets[0], o.Sets[1]
	if s0.ID != "order_set_AABBCC_set" || s0.Sequential != "false" || s0.RequireAll != "false" ||
		strings.Join(s0.RefIDs(), ",") != "A,B" {
		t.Errorf("set 0 %+v", s0)
	}
	if s1.Action != "stop" || strings.Join(s1.RefIDs(), ",") != "C,D" || len(s1.Unknown) != 1 {
		t.Errorf("set 1 %+v", s1)
	}
	col := items[1].Colocation
	if len(col.Sets) != 2 || col.Sets[0].Role != "Started" || col.Sets[1].Score != "-INFINITY" {
		t.Errorf("colocation sets %+v", col.Sets)
	}
	out, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if lost := lostAttrs(t, []byte(setsDoc), out); len(lost) > 0 {
		t.Errorf("lost %v in\n%s", lost, out)
	}
	// Members keep their order, the unknown child stays in its set.
	for _, want := range []string{`<resource_ref id="C"/>`, `<resource_ref id="D" note="y"/>`, `<extra/>`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	if i, j := bytes.Index(out, []byte(`id="C"`)), bytes.Index(out, []byte(`id="D"`)); i < 0 || j < i {
		t.Errorf("member order lost:\n%s", out)
	}
	out2, err := mustParse(t, "sets (rewritten)", out).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, out2) {
		t.Errorf("second write differs:\n%s\n---\n%s", out, out2)
	}
}
