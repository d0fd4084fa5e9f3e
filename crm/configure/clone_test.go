package configure

import (
	"strings"
	"testing"

	"github.com/gorosync/gorosync/crm/cib"
)

const cloneTestCIB = `<cib epoch="1" num_updates="0" admin_epoch="0" validate-with="pacemaker-3.9"><configuration><crm_config/>
<nodes><node id="1" uname="haproxy1"/></nodes>
<resources>
<primitive id="A" class="ocf" provider="heartbeat" type="Dummy"/>
<group id="G"><primitive id="C" class="ocf" provider="pacemaker" type="Dummy"/><primitive id="D" class="ocf" provider="pacemaker" type="Dummy"/></group>
</resources>
<constraints><rsc_order id="o" first="A" then="G"/></constraints></configuration><status/></cib>`

func cloneTestDoc(t *testing.T) *cib.CIB {
	t.Helper()
	c, err := cib.Parse("clone-test", []byte(cloneTestCIB))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func resourceIDs(c *cib.CIB) string {
	var ids []string
	for _, r := range c.Configuration.Resources.Items {
		ids = append(ids, r.ID())
	}
	return strings.Join(ids, " ")
}

// TestPCSCloneGroup follows what pcs 0.11.5 did to the same CIB: the group
// moves into G-clone at the end, the order now names the clone, the meta
// set is G-clone-meta_attributes; unclone of a member of the cloned group
// only takes that member out (appended at the end).
func TestPCSCloneGroup(t *testing.T) {
	c := cloneTestDoc(t)
	var warned []string
	p := &PCS{Agents: StaticAgents{}, Force: true, Warn: func(m string) { warned = append(warned, m) }}
	if err := p.ResourceClone(c, "G", []string{"ordered=true"}); err != nil {
		t.Fatal(err)
	}
	if got := resourceIDs(c); got != "A G-clone" {
		t.Errorf("resources %q, want A G-clone", got)
	}
	cl := c.Configuration.Resources.Items[1].Clone
	if cl == nil || cl.Group == nil || len(cl.MetaAttributes) != 1 || cl.MetaAttributes[0].ID != "G-clone-meta_attributes" ||
		cl.MetaAttributes[0].Pairs[0].ID != "G-clone-meta_attributes-ordered" {
		t.Fatalf("clone %+v", cl)
	}
	if o := c.Configuration.Constraints.Items[0].Order; o.Then != "G-clone" {
		t.Errorf("order then %q, want G-clone", o.Then)
	}
	if !strings.Contains(strings.Join(warned, "\n"), "does not run clones of groups") {
		t.Errorf("no warning about cloned groups: %q", warned)
	}
	if err := p.Unclone(c, "D"); err != nil {
		t.Fatal(err)
	}
	if got := resourceIDs(c); got != "A G-clone D" || len(cl.Group.Primitives) != 1 {
		t.Errorf("after unclone D: resources %q, group members %d", got, len(cl.Group.Primitives))
	}
	if err := p.Unclone(c, "G-clone"); err != nil {
		t.Fatal(err)
	}
	if got := resourceIDs(c); got != "A D G" || len(c.Configuration.Constraints.Items) != 0 {
		t.Errorf("after unclone G-clone: resources %q, constraints %d (pcs drops those naming the clone)", got, len(c.Configuration.Constraints.Items))
	}
}

// TestPCSCloneGroupMember: a primitive cloned out of a group leaves it;
// the last member takes the group with it.
func TestPCSCloneGroupMember(t *testing.T) {
	c := cloneTestDoc(t)
	p := &PCS{Agents: StaticAgents{}, Force: true}
	for _, id := range []string{"C", "D"} {
		if err := p.ResourceClone(c, id, nil); err != nil {
			t.Fatal(err)
		}
	}
	if got := resourceIDs(c); got != "A C-clone D-clone" {
		t.Errorf("resources %q, want A C-clone D-clone", got)
	}
}

// TestCrmshCloneAndDelete: crmsh appends the clone, renames constraints to
// it, and its delete keeps the child, renaming them back.
func TestCrmshCloneAndDelete(t *testing.T) {
	c := cloneTestDoc(t)
	m := &Crmsh{}
	if _, err := m.Apply(c, strings.Fields("clone cl-a A meta interleave=true")); err != nil {
		t.Fatal(err)
	}
	if got := resourceIDs(c); got != "G cl-a" {
		t.Errorf("resources %q, want G cl-a", got)
	}
	if o := c.Configuration.Constraints.Items[0].Order; o.First != "cl-a" {
		t.Errorf("order first %q, want cl-a", o.First)
	}
	if _, err := m.Apply(c, strings.Fields("delete cl-a")); err != nil {
		t.Fatal(err)
	}
	if got := resourceIDs(c); got != "G A" {
		t.Errorf("resources %q, want G A", got)
	}
	if o := c.Configuration.Constraints.Items[0].Order; o.First != "A" {
		t.Errorf("order first %q, want A", o.First)
	}
}
