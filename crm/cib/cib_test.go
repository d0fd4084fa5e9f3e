package cib

import (
	"bytes"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func mustParse(t *testing.T, name string, data []byte) *CIB {
	t.Helper()
	c, err := Parse(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSamplesRoundTrip(t *testing.T) {
	for _, f := range []string{"testdata/n2-dummy.xml", "testdata/n2-real.xml"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c := mustParse(t, f, data)
		if err := c.Validate(); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		out1, err := c.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		out2, err := mustParse(t, f+" (rewritten)", out1).Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out1, out2) {
			t.Errorf("%s: second write differs from the first", f)
		}
		// Every attribute value of the input survives the round trip.
		if missing := lostAttrs(t, data, out1); len(missing) > 0 {
			t.Errorf("%s: attributes lost on write-back: %v", f, missing)
		}
	}
}

// lostAttrs lists element/attribute=value triples of in that out lacks.
func lostAttrs(t *testing.T, in, out []byte) []string {
	t.Helper()
	collect := func(data []byte) map[string]int {
		m := map[string]int{}
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			tok, err := d.Token()
			if err != nil {
				break
			}
			if se, ok := tok.(xml.StartElement); ok {
				m["<"+se.Name.Local+">"]++
				for _, a := range se.Attr {
					m[se.Name.Local+"/"+a.Name.Local+"="+a.Value]++
				}
			}
		}
		return m
	}
	a, b := collect(in), collect(out)
	var lost []string
	for k, n := range a {
		if b[k] < n {
			lost = append(lost, k)
		}
	}
	return lost
}

func TestSampleModel(t *testing.T) {
	c, err := ReadFile("testdata/n2-dummy.xml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Epoch != "10" || c.HaveQuorum != "1" || c.DCUUID != "2" {
		t.Errorf("cib attributes: %+v", c)
	}
	if v, _ := c.Configuration.CRMConfig.PropertySets.Lookup("stonith-enabled"); v != "false" {
		t.Errorf("stonith-enabled = %q", v)
	}
	if n := len(c.Configuration.Nodes.Nodes); n != 2 {
		t.Fatalf("%d nodes", n)
	}
	items := c.Configuration.Resources.Items
	if len(items) != 1 || items[0].Group == nil || items[0].ID() != "g_ha" {
		t.Fatalf("resources: %+v", items)
	}
	g := items[0].Group
	if len(g.Primitives) != 3 || g.Primitives[2].Agent() != "ocf:pacemaker:Dummy" {
		t.Errorf("group members: %+v", g.Primitives)
	}
	if op := g.Primitives[0].Operations.Ops[0]; op.Name != "monitor" || op.Interval != "2s" {
		t.Errorf("op: %+v", op)
	}
	if v, _ := c.Configuration.RscDefaults.MetaAttributes.Lookup("resource-stickiness"); v != "INFINITY" {
		t.Errorf("stickiness %q", v)
	}
	ns := c.Status.NodeStates[1]
	if ns.Uname != "n1" || ns.Crmd != "online" || ns.InCCM != "true" {
		t.Errorf("node_state: %+v", ns)
	}
	op := ns.LRM.Resources.Resources[0].Ops[1]
	if op.Operation != "monitor" || op.Interval != "2000" || op.RCCode != "0" || op.CallID != "14" {
		t.Errorf("lrm_rsc_op: %+v", op)
	}
	if v, _ := ns.TransientAttributes.InstanceAttributes.Lookup("#feature-set"); v != "3.16.1" {
		t.Errorf("transient #feature-set = %q", v)
	}
}

const unknownDoc = `<cib epoch="1" future-attr="x">
  <configuration>
    <crm_config/>
    <nodes><node id="1" uname="a" weird="1"><fancy level="2">text</fancy></node></nodes>
    <resources>
      <primitive id="p1" class="ocf" provider="heartbeat" type="Dummy" shiny="yes">
        <newthing a="b"><inner/></newthing>
      </primitive>
      <bundle id="b1"><docker image="x"/></bundle>
      <group id="g1"><primitive id="p2" class="systemd" type="x"/></group>
      <primitive id="p3" class="lsb" type="y"/>
    </resources>
    <constraints>
      <rsc_order id="o1" first="p1" then="p3"/>
      <rsc_ticket id="t1" rsc="p1" ticket="T"/>
      <rsc_location id="l1" rsc="p1" node="a" score="10"/>
    </constraints>
    <tags><tag id="tg"/></tags>
  </configuration>
  <status><node_state id="1" uname="a" newstate="q"/></status>
</cib>`

func TestUnknownKept(t *testing.T) {
	c := mustParse(t, "u", []byte(unknownDoc))
	var ids []string
	for _, r := range c.Configuration.Resources.Items {
		ids = append(ids, r.ID())
	}
	if got := strings.Join(ids, ","); got != "p1,b1,g1,p3" {
		t.Errorf("resource order %s", got)
	}
	ids = nil
	for _, k := range c.Configuration.Constraints.Items {
		ids = append(ids, k.ID())
	}
	if got := strings.Join(ids, ","); got != "o1,t1,l1" {
		t.Errorf("constraint order %s", got)
	}
	out, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if lost := lostAttrs(t, []byte(unknownDoc), out); len(lost) > 0 {
		t.Errorf("lost %v in\n%s", lost, out)
	}
	for _, want := range []string{"<fancy level=\"2\">text</fancy>", "<inner/>", "<docker image=\"x\"/>", "<tag id=\"tg\"/>"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := map[string]string{
		"":                            "no <cib> element",
		"<foo/>":                      "root element is <foo>",
		"<cib><configuration>":        "unexpected EOF",
		"<cib/><cib/>":                "content after </cib>",
		"junk<cib/>":                  "text before the root",
		"<cib>\n<status>\n</cib>":     "line 3",
		"<cib><status><node_state":    "unexpected EOF",
		"<?xml version=\"1.0\"?><a/>": "want <cib>",
	}
	for in, want := range cases {
		_, err := Parse("f.xml", []byte(in))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "f.xml") {
			t.Errorf("Parse(%q) error %v, want mention of %q", in, err, want)
		}
	}
	if _, err := Parse("f.xml", []byte("<?xml version=\"1.0\"?>\n<cib/>\n<!-- end -->\n")); err != nil {
		t.Errorf("declaration and trailing comment refused: %v", err)
	}
}

func TestValidate(t *testing.T) {
	doc := `<cib><configuration><crm_config/>
<nodes><node id="1" uname="a"/><node id="2" uname="a"/></nodes>
<resources>
 <primitive id="p1" class="ocf" type="Dummy"/>
 <primitive id="p1" class="systemd" type="x"/>
 <primitive id="p2" class="bogus" type="x">
  <operations><op id="p2-mon" name="monitor" interval="5 parsecs"/></operations>
 </primitive>
 <group id="g"/>
</resources>
<constraints>
 <rsc_location id="l1" rsc="nope" node="a" score="100"/>
 <rsc_location id="l2" rsc="p2" node="a" score="lots"/>
 <rsc_colocation id="c1" rsc="p2" with-rsc="p2" score="INFINITY"/>
 <rsc_order id="o1" first="p2" then="g" kind="Sometimes" symmetrical="maybe"/>
</constraints></configuration>
<status><node_state id="1"><lrm><lrm_resources><lrm_resource id="p2">
 <lrm_rsc_op id="p2_last_0" operation="start" call-id="x" rc-code="0" interval="0"/>
</lrm_resource></lrm_resources></lrm></node_state></status></cib>`
	err := mustParse(t, "v", []byte(doc)).Validate()
	if err == nil {
		t.Fatal("no validation error")
	}
	want := []string{
		`node "2": uname: "a" is used by another node`,
		`primitive "p1": provider: missing (class ocf needs one)`,
		`primitive "p1": id: already used by a <primitive>`,
		`primitive "p2": class: unknown resource class "bogus"`,
		`op "p2-mon": interval: invalid interval "5 parsecs"`,
		`group "g": has no primitives`,
		`rsc_location "l1": rsc: no resource named "nope"`,
		`rsc_location "l2": score: invalid score "lots"`,
		`rsc_colocation "c1": with-rsc: resource "p2" is colocated with itself`,
		`rsc_order "o1": kind: "Sometimes" is not Mandatory/Optional/Serialize`,
		`rsc_order "o1": symmetrical: "maybe" is not a boolean`,
		`lrm_rsc_op "p2_last_0": call-id: "x" is not an integer`,
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("missing %q in:\n%v", w, err)
		}
	}
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Error("errors are not *FieldError")
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cib.xml")
	c := mustParse(t, "u", []byte(unknownDoc))
	if err := c.WriteFile(path, 0o600); err != nil {
		t.Fatal(err)
	}
	back, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Configuration.Resources.Items) != 4 {
		t.Error("written file lost resources")
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("temporary files left: %v", ents)
	}
	if err := c.WriteFile(filepath.Join(dir, "missing", "cib.xml"), 0o600); err == nil {
		t.Error("write into a missing directory succeeded")
	}
}

func TestParseInterval(t *testing.T) {
	good := map[string]int64{"10": 10000, "10s": 10000, "10sec": 10000, "500ms": 500, "500msec": 500,
		"2m": 120000, "2min": 120000, "1h": 3600000, "1hr": 3600000, "0": 0, "0s": 0, "PT10S": 10000,
		"P1DT1M": 86460000, "1500us": 1, "10S": 10000}
	for in, want := range good {
		got, err := ParseInterval(in)
		if err != nil || got != want {
			t.Errorf("ParseInterval(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "s", "10x", "P", "PT", "PTS", "P1H", "-5s", "99999999999999s"} {
		if _, err := ParseInterval(in); err == nil {
			t.Errorf("ParseInterval(%q) accepted", in)
		}
	}
}

func TestParseBool(t *testing.T) {
	for _, s := range []string{"true", "on", "YES", "y", "1"} {
		if v, ok := ParseBool(s); !v || !ok {
			t.Errorf("ParseBool(%q)", s)
		}
	}
	for _, s := range []string{"false", "Off", "no", "n", "0"} {
		if v, ok := ParseBool(s); v || !ok {
			t.Errorf("ParseBool(%q)", s)
		}
	}
	if _, ok := ParseBool("maybe"); ok {
		t.Error("maybe accepted")
	}
}

func TestSetsLookup(t *testing.T) {
	ss := Sets{
		{ID: "r", Rules: []Rule{{ID: "x"}}, Pairs: []NVPair{{Name: "a", Value: "rule"}}},
		{ID: "s1", Pairs: []NVPair{{Name: "a", Value: "1"}}},
		{ID: "s2", Pairs: []NVPair{{Name: "a", Value: "2"}, {Name: "b", Value: "3"}}},
	}
	if v, ok := ss.Lookup("a"); !ok || v != "1" {
		t.Errorf("Lookup a = %q %v", v, ok)
	}
	if _, ok := ss.Lookup("c"); ok {
		t.Error("Lookup c found")
	}
	m := ss.Map()
	if m["a"] != "1" || m["b"] != "3" || len(m) != 2 {
		t.Errorf("Map = %v", m)
	}
}
