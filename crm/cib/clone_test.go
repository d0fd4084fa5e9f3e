package cib

import (
	"bytes"
	"testing"
)

// testdata/clone-pcs.xml was written by pcs 0.11.5: `pcs -f F resource
// create web ocf:heartbeat:Dummy clone clone-max=2 interleave=true
// ordered=false notify=false`.
func TestCloneModelAndRoundTrip(t *testing.T) {
	c, err := ReadFile("testdata/clone-pcs.xml")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	var cl *Clone
	for _, it := range c.Configuration.Resources.Items {
		if it.Clone != nil {
			cl = it.Clone
		}
	}
	if cl == nil || cl.ID != "web-clone" || cl.Primitive == nil || cl.Primitive.ID != "web" || cl.Group != nil {
		t.Fatalf("clone: %+v", cl)
	}
	meta := cl.MetaAttributes.Map()
	want := map[string]string{"clone-max": "2", "interleave": "true", "ordered": "false", "notify": "false"}
	for k, v := range want {
		if meta[k] != v {
			t.Errorf("meta %s = %q, want %q", k, meta[k], v)
		}
	}
	out1, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	c2 := mustParse(t, "rewritten", out1)
	out2, err := c2.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out1, out2) {
		t.Errorf("second round trip differs:\n%s\n---\n%s", out1, out2)
	}
	for _, s := range []string{`<clone id="web-clone">`, `name="clone-max" value="2"`, `name="interleave" value="true"`} {
		if !bytes.Contains(out1, []byte(s)) {
			t.Errorf("written CIB lacks %s", s)
		}
	}
}
