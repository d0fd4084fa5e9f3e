package scheduler

import "testing"

func TestLocationRules(t *testing.T) {
	cases := []struct {
		name, rule, want string
	}{
		{"uname eq", `<rule id="r" score="100"><expression id="e" attribute="#uname" operation="eq" value="n2"/></rule>`, "a@n2"},
		{"uname ne avoids", `<rule id="r" score="-INFINITY"><expression id="e" attribute="#uname" operation="ne" value="n3"/></rule>`, "a@n3"},
		{"and needs both", `<rule id="r" score="50"><expression id="e1" attribute="#uname" operation="eq" value="n2"/>` +
			`<expression id="e2" attribute="#id" operation="eq" value="1"/></rule>`, "a@n1"},
		{"or needs one", `<rule id="r" score="50" boolean-op="or"><expression id="e1" attribute="#uname" operation="eq" value="n3"/>` +
			`<expression id="e2" attribute="#id" operation="eq" value="9"/></rule>`, "a@n3"},
		{"integer comparison", `<rule id="r" score="50"><expression id="e" attribute="#id" operation="gt" value="2" type="integer"/></rule>`, "a@n3"},
		{"not_defined", `<rule id="r" score="-INFINITY"><expression id="e" attribute="standby" operation="not_defined"/></rule>`, "a@-"},
		{"nested rule", `<rule id="r" score="70"><rule id="r2"><expression id="e" attribute="#uname" operation="eq" value="n2"/></rule></rule>`, "a@n2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := cluster(t, []string{"n1", "n2", "n3"}, []string{"a"}, `<rsc_location id="l" rsc="a">`+c.rule+`</rsc_location>`, "", nil)
			if got := placement(t, doc); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
	if compareVersions("1.10", "1.9") != 1 || compareVersions("2", "2.0") != 0 || compareVersions("1.2", "1.3") != -1 {
		t.Error("compareVersions")
	}
}
