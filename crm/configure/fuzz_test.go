package configure

import (
	"strings"
	"testing"

	"github.com/gorosync/gorosync/crm/cib"
)

func TestParseCrmshScore(t *testing.T) {
	for in, want := range map[string]string{
		"inf": "INFINITY", "-inf": "-INFINITY", "+inf": "+INFINITY", "INFINITY": "INFINITY",
		"-infinity": "-INFINITY", "100": "100", "-5": "-5", "0": "0", "mandatory": "INFINITY", "advisory": "0",
	} {
		got, err := ParseCrmshScore(in)
		if err != nil || got != want {
			t.Errorf("ParseCrmshScore(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "bogus", "1.5", "inf1", "--1", "Infinity"} {
		if _, err := ParseCrmshScore(bad); err == nil {
			t.Errorf("ParseCrmshScore(%q) accepted", bad)
		}
	}
}

func FuzzParseCrmshScore(f *testing.F) {
	for _, s := range []string{"inf", "-inf", "+INFINITY", "100", "-5", "bogus", "mandatory", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := ParseCrmshScore(s)
		if err != nil {
			return
		}
		if checkScore(out) != nil {
			t.Fatalf("%q -> %q, which is not a CIB score", s, out)
		}
	})
}

// FuzzCrmshApply feeds arbitrary command lines to the crmsh dialect: it
// must never panic, and a refused command must leave the CIB unchanged.
func FuzzCrmshApply(f *testing.F) {
	for _, s := range []string{
		"primitive vIP ocf:heartbeat:IPaddr2 params ip=1.2.3.4 op monitor interval=5s",
		"group g a b",
		"colocation c1 inf: a b",
		"order o1 Mandatory: a:start b:stop symmetrical=false",
		"order o2 a ( b c ) [ d ]",
		"colocation c2 inf: a b c",
		"location l1 a -inf: n1",
		"property stonith-enabled=false",
		"rsc_defaults x: resource-stickiness=1",
		"delete a",
		"show a",
	} {
		f.Add(s)
	}
	start := []byte(`<cib epoch="1" num_updates="0" admin_epoch="0"><configuration><crm_config/><nodes><node id="1" uname="n1"/></nodes><resources><primitive id="a" class="ocf" provider="heartbeat" type="Dummy"/><primitive id="b" class="ocf" provider="heartbeat" type="Dummy"/></resources><constraints/></configuration><status/></cib>`)
	f.Fuzz(func(t *testing.T, line string) {
		c, err := cib.Parse("", start)
		if err != nil {
			t.Fatal(err)
		}
		before, _ := c.Marshal()
		m := &Crmsh{Agents: StaticAgents{}, Force: true}
		if _, err := m.Apply(c, strings.Fields(line)); err != nil {
			after, _ := c.Marshal()
			if string(after) != string(before) {
				t.Fatalf("refused %q but changed the CIB", line)
			}
			return
		}
		if _, err := c.Marshal(); err != nil {
			t.Fatalf("%q: result does not marshal: %v", line, err)
		}
	})
}
