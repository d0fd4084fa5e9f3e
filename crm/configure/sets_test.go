package configure

import (
	"strings"
	"testing"

	"github.com/gorosync/gorosync/crm/cib"
)

// setsText renders sets compactly for comparisons: members, then options.
func setsText(sets []cib.ResourceSet) string {
	var parts []string
	for _, s := range sets {
		p := strings.Join(s.RefIDs(), ",")
		for _, o := range []struct{ k, v string }{{"seq", s.Sequential}, {"all", s.RequireAll}, {"action", s.Action}, {"role", s.Role}} {
			if o.v != "" {
				p += " " + o.k + "=" + o.v
			}
		}
		parts = append(parts, "{"+p+"}")
	}
	return strings.Join(parts, " ")
}

func TestParseCrmshList(t *testing.T) {
	for in, want := range map[string]string{
		"A ( B C ) D":               "{A} {B,C seq=false} {D}",
		"A B C":                     "{A,B,C}",
		"(A B) C D":                 "{A,B seq=false} {C,D}",
		"A:stop [ B C ]":            "{A action=stop} {B,C seq=false all=false}",
		"A:stop B:stop C":           "{A,B action=stop} {C}",
		"[ D sequential=true ]":     "{D seq=true all=false}",
		"( A:stop B:stop ) C":       "{A,B seq=false action=stop} {C}",
		"( A require-all=false ) B": "{A seq=false all=false} {B}",
	} {
		l, err := parseCrmshList("x", strings.Fields(in), "action")
		if err != nil || l.simple != nil {
			t.Errorf("%q: %v (simple %v)", in, err, l.simple)
			continue
		}
		if got := setsText(l.sets); got != want {
			t.Errorf("%q: got %s, want %s", in, got, want)
		}
	}
	if l, err := parseCrmshList("x", []string{"A", "B:stop"}, "action"); err != nil || len(l.simple) != 2 {
		t.Errorf("two plain resources are a simple constraint: %+v %v", l, err)
	}
	for _, bad := range []string{"A", "( A B", "A ( B ]", "A ( )", "( A ( B ) )", "A x=1 B", "( A:stop B ) C"} {
		if _, err := parseCrmshList("x", strings.Fields(bad), "action"); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestPCSSetArgs(t *testing.T) {
	sets, opts, err := pcsSetArgs(strings.Fields("set A B sequential=false require-all=false set C D action=stop setoptions kind=Mandatory id=x"))
	if err != nil {
		t.Fatal(err)
	}
	if got := setsText(sets); got != "{A,B seq=false all=false} {C,D action=stop}" {
		t.Errorf("sets %s", got)
	}
	if len(opts) != 2 || opts[0] != (pair{"kind", "Mandatory"}) || opts[1] != (pair{"id", "x"}) {
		t.Errorf("options %v", opts)
	}
	for _, bad := range []string{"A B", "set", "set A set", "set A frob=1", "set A sequential=maybe", "set A setoptions a=1 setoptions",
		"set A sequential=true sequential=false", "set A setoptions kind"} {
		if _, _, err := pcsSetArgs(strings.Fields(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestPCSSetIDs: pcs names set constraints after the first and last
// letters of their first three resources and the sets <id>_set, -1, ...
func TestPCSSetIDs(t *testing.T) {
	sets := []cib.ResourceSet{{Refs: []cib.ResourceRef{{ID: "Alpha"}, {ID: "Beta"}}}, {Refs: []cib.ResourceRef{{ID: "Gamma"}, {ID: "D"}}}}
	ids := idSet{"order_set_AaBaGa": true}
	if got := pcsSetID("order", sets, ids); got != "order_set_AaBaGa-1" {
		t.Errorf("id %s", got)
	}
	nameSets("o", sets, ids)
	if sets[0].ID != "o_set" || sets[1].ID != "o_set-1" {
		t.Errorf("set ids %s %s", sets[0].ID, sets[1].ID)
	}
}

// TestRscSetWords: crmsh's show form of sets, and the xml fallback when
// the form does not read back as the same sets.
func TestRscSetWords(t *testing.T) {
	mk := func(ids string, seq, all, action string) cib.ResourceSet {
		s := cib.ResourceSet{Sequential: seq, RequireAll: all, Action: action}
		for _, id := range strings.Fields(ids) {
			s.Refs = append(s.Refs, cib.ResourceRef{ID: id})
		}
		return s
	}
	cases := []struct {
		sets []cib.ResourceSet
		want string
		cli  bool
	}{
		{[]cib.ResourceSet{mk("A", "", "", ""), mk("B C", "false", "", ""), mk("D", "", "", "")}, "A ( B C ) D", true},
		{[]cib.ResourceSet{mk("A D", "", "", "")}, "_rsc_set_ A D", true},
		{[]cib.ResourceSet{mk("B C", "", "false", "stop")}, "[ B:stop C:stop sequential=true ]", true},
		{[]cib.ResourceSet{mk("A B", "", "", ""), mk("C D", "", "", "")}, "A B C D", false}, // reads back as one set
		{[]cib.ResourceSet{mk("A B", "true", "", "")}, "_rsc_set_ A B", true},
	}
	for _, c := range cases {
		w := rscSetWords(c.sets, true)
		if got := strings.Join(w, " "); got != c.want {
			t.Errorf("words %q, want %q", got, c.want)
		}
		if got := setsRoundTrip(w, c.sets, true); got != c.cli {
			t.Errorf("%q round trip %v, want %v", c.want, got, c.cli)
		}
	}
	x := setConstraintText(cib.Constraint{Order: &cib.Order{ID: "o", Sets: cases[3].sets}})
	if !strings.HasPrefix(x, "xml <rsc_order id=\"o\"> \\\n  <resource_set>") || !strings.Contains(x, `<resource_ref id="D"/>`) {
		t.Errorf("xml fallback:\n%s", x)
	}
}

// FuzzParseCrmshList: the crmsh set parser never panics, and what it
// accepts as sets prints back (show) to words that read as the same sets.
func FuzzParseCrmshList(f *testing.F) {
	for _, s := range []string{"A ( B C ) D", "A B", "[ A B ] C", "A:stop B:stop C", "( A", "A ] B", "[ D sequential=true ]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := parseCrmshList("f", strings.Fields(s), "action")
		if err != nil || l.simple != nil {
			return
		}
		for _, set := range l.sets {
			for _, r := range set.Refs {
				if r.ID == "" || strings.ContainsAny(r.ID, "()[]: ") {
					t.Fatalf("%q: bad member %q", s, r.ID)
				}
			}
		}
	})
}

// FuzzPCSSetArgs: the pcs set parser never panics and every set it
// accepts has members.
func FuzzPCSSetArgs(f *testing.F) {
	for _, s := range []string{"set A B sequential=false set C setoptions kind=Optional", "set A", "set", "A B", "set A x=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sets, _, err := pcsSetArgs(strings.Fields(s))
		if err != nil {
			return
		}
		for _, set := range sets {
			if len(set.Refs) == 0 {
				t.Fatalf("%q: empty set accepted", s)
			}
		}
	})
}
