package configure

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/crm/cib"
)

const ruleTestCIB = `<cib epoch="1" num_updates="0" admin_epoch="0" validate-with="pacemaker-3.9"><configuration><crm_config/>
<nodes><node id="1" uname="haproxy1"/><node id="2" uname="haproxy2"/></nodes>
<resources><primitive id="R" class="ocf" provider="heartbeat" type="Dummy"/></resources><constraints/></configuration><status/></cib>`

func ruleTestDoc(t testing.TB) *cib.CIB {
	c, err := cib.Parse("rule-test", []byte(ruleTestCIB))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// locationXML is the new constraint's XML, for comparing structure and ids.
func locationXML(t testing.TB, c *cib.CIB) string {
	items := c.Configuration.Constraints.Items
	var b strings.Builder
	e := xml.NewEncoder(&b)
	if err := e.EncodeElement(items[len(items)-1].Location, xml.StartElement{Name: xml.Name{Local: "rsc_location"}}); err != nil {
		t.Fatal(err)
	}
	if err := e.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestPCSRulePrecedence: and/or bind equally from the left; a change of
// operator nests a rule (score 0), the same operator flattens, and ids
// follow pcs (-rule, -expr, -expr-1, -duration). Expected XML is what pcs
// 0.11.5 wrote for the same words, up to element order.
func TestPCSRulePrecedence(t *testing.T) {
	cases := []struct{ words, want string }{
		{"defined pingd", `<rule id="location-R-rule" score="INFINITY"><expression id="location-R-rule-expr" attribute="pingd" operation="defined"></expression></rule>`},
		{"score=5 a eq 1 and b eq 2 or c eq 3 and date in_range 2020-01-01 to duration hours=5 weeks=1",
			`<rule id="location-R-rule" score="5" boolean-op="and">` +
				`<rule id="location-R-rule-rule" score="0" boolean-op="or">` +
				`<expression id="location-R-rule-rule-expr" attribute="c" operation="eq" value="3"></expression>` +
				`<rule id="location-R-rule-rule-rule" score="0" boolean-op="and">` +
				`<expression id="location-R-rule-rule-rule-expr" attribute="a" operation="eq" value="1"></expression>` +
				`<expression id="location-R-rule-rule-rule-expr-1" attribute="b" operation="eq" value="2"></expression></rule></rule>` +
				`<date_expression id="location-R-rule-expr" operation="in_range" start="2020-01-01"><duration id="location-R-rule-expr-duration" hours="5" weeks="1"></duration></date_expression></rule>`},
		{"id=my score=-INFINITY (x lt integer 3 or not_defined x) or date gt 2020-01-01",
			`<rule id="my" score="-INFINITY" boolean-op="or">` +
				`<expression id="my-expr" attribute="x" operation="lt" value="3" type="integer"></expression>` +
				`<expression id="my-expr-1" attribute="x" operation="not_defined"></expression>` +
				`<date_expression id="my-expr-2" operation="gt" start="2020-01-01"></date_expression></rule>`},
	}
	for _, tc := range cases {
		c := ruleTestDoc(t)
		if err := (&PCS{}).LocationRule(c, "R", strings.Fields(tc.words)); err != nil {
			t.Fatalf("%s: %v", tc.words, err)
		}
		got := locationXML(t, c)
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s:\n got %s\nwant %s", tc.words, got, tc.want)
		}
		if err := c.Validate(); err != nil {
			t.Errorf("%s: invalid CIB: %v", tc.words, err)
		}
	}
}

func TestPCSRuleRefusals(t *testing.T) {
	for words, want := range map[string]string{
		"":                              "no rule expression was specified",
		"pingd lte":                     "unexpected end of rule",
		"( defined a":                   "missing ')'",
		"a eq 1 b eq 2":                 "unexpected 'b'",
		"a gt integer x":                "invalid integer value 'x'",
		"a gt version 1.x":              "invalid version value '1.x'",
		"date gt yesterday":             "'yesterday' is not an ISO 8601 date",
		"date in_range 2020-01-01 2021": "missing 'to'",
		"a in_range 1 to 2":             "in_range can be used with 'date' only",
		"date-spec hours=9-16":          "date-spec",
		"date in_range 2020-01-01 to duration moon=1": "duration field 'moon'",
		"score-attribute=pingd defined pingd":         "score-attribute is not supported",
		"role=Promoted defined pingd":                 "rule roles",
		"score=lots defined pingd":                    "invalid score'lots'",
		"eq eq 1":                                     "unexpected 'eq'",
	} {
		c := ruleTestDoc(t)
		err := (&PCS{}).LocationRule(c, "R", strings.Fields(words))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", words, err, want)
		}
		if len(c.Configuration.Constraints.Items) != 0 {
			t.Errorf("%q: constraint added although refused", words)
		}
	}
}

// TestCrmshRules: crmsh's flat rules, its ids (-rule, -rule-0,
// -expression, -expression-0) and show text.
func TestCrmshRules(t *testing.T) {
	c := ruleTestDoc(t)
	m := &Crmsh{}
	args := strings.Fields("location l1 R rule -inf: not_defined pingd or pingd number:lte 0 rule #uname eq haproxy1 and date in start=2020-01-01 years=1")
	if _, err := m.Apply(c, args); err != nil {
		t.Fatal(err)
	}
	want := `<rsc_location id="l1" rsc="R">` +
		`<rule id="l1-rule" score="-INFINITY" boolean-op="or">` +
		`<expression id="l1-rule-expression" attribute="pingd" operation="not_defined"></expression>` +
		`<expression id="l1-rule-expression-0" attribute="pingd" operation="lte" value="0" type="number"></expression></rule>` +
		`<rule id="l1-rule-0" score="INFINITY">` +
		`<expression id="l1-rule-0-expression" attribute="#uname" operation="eq" value="haproxy1"></expression>` +
		`<date_expression id="l1-rule-0-expression-0" operation="in_range" start="2020-01-01"><duration id="l1-rule-0-expression-0-duration" years="1"></duration></date_expression></rule></rsc_location>`
	if got := locationXML(t, c); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	show, err := Show(c, []string{"l1"})
	if err != nil {
		t.Fatal(err)
	}
	wantShow := "location l1 R \\\n\trule -inf: not_defined pingd or pingd number:lte 0 \\\n\trule #uname eq haproxy1 and date in start=2020-01-01 years=1\n"
	if show != wantShow {
		t.Errorf("show:\n%q\nwant\n%q", show, wantShow)
	}
	for line, want := range map[string]string{
		"location l2 R rule pingd: defined pingd":              "score-attribute rules",
		"location l2 R rule -inf: a eq 1 and b eq 2 or c eq 3": "Mixing bool ops not allowed: and != or",
		"location l2 R rule -inf: pingd bogus 0":               "expected one of lt",
		"location l2 R rule date spec hours=9":                 "not supported",
		"location l2 R rule $role=Started defined pingd":       "rule roles",
		"location l2 R rule":                                   "expected <id> <rsc> <score>: <node> or",
		"location l2 R rule -inf:":                             "expected an expression",
		"location l2 R rule -inf: a eq param{x}":               "value sources",
		"location l2 R rule 5: date in start=2020-01-01":       "needs start=DATE and end=DATE or a duration",
		"location l2 R rule 5: defined a extra":                "syntax error near <extra>",
		"location l2 nothere rule 5: defined a":                "resource nothere does not exist",
	} {
		if _, err := m.Apply(c, strings.Fields(line)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", line, err, want)
		}
	}
}

// checkRulesCIB asserts that a parsed rule makes a valid CIB with unique
// ids and a show text; fuzz targets share it.
func checkRulesCIB(t *testing.T, c *cib.CIB, words string) {
	if err := c.Validate(); err != nil {
		t.Fatalf("%q made an invalid CIB: %v", words, err)
	}
	if _, err := Show(c, nil); err != nil {
		t.Fatalf("%q: show: %v", words, err)
	}
	data, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cib.Parse("again", data); err != nil {
		t.Fatalf("%q: the written CIB does not read back: %v", words, err)
	}
}

func FuzzParsePCSRule(f *testing.F) {
	for _, s := range []string{
		"defined pingd", "score=-INFINITY not_defined pingd or pingd lte 0",
		"#uname eq haproxy1 and ( defined pingd or date gt 2020-01-01 )",
		"date in_range 2020-01-01 to duration years=1 hours=2", "a gt integer 3", "(a eq b) and (c ne d)",
		"date in_range 2020-01-01 to 2021-01-01", "x gt version 1.2.3", "pingd lte", "((",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := ruleTestDoc(t)
		if err := (&PCS{}).LocationRule(c, "R", strings.Fields(s)); err != nil {
			if len(c.Configuration.Constraints.Items) != 0 {
				t.Fatalf("%q refused but a constraint was added", s)
			}
			return
		}
		checkRulesCIB(t, c, s)
	})
}

func FuzzParseCrmshRules(f *testing.F) {
	for _, s := range []string{
		"rule -inf: not_defined pingd or pingd lte 0", "rule 50: #uname eq haproxy1",
		"rule date in start=2020-01-01 end=2021-01-01", "rule 10: a integer:gt 3 rule 20: date lt 2030-01-01",
		"rule pingd: defined pingd", "rule -inf: a eq 1 and b eq 2 or c eq 3", "rule",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := ruleTestDoc(t)
		args := append([]string{"location", "lf", "R"}, strings.Fields(s)...)
		if _, err := (&Crmsh{}).Apply(c, args); err != nil {
			if len(c.Configuration.Constraints.Items) != 0 {
				t.Fatalf("%q refused but a constraint was added", s)
			}
			return
		}
		checkRulesCIB(t, c, s)
	})
}
