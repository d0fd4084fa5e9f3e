package scheduler

import (
	"os"
	"strings"
	"testing"
)

// Expected summaries were checked against crm_simulate 2.1.5 on the same
// CIBs (set ORDERS_DUMP=dir to write them out; crm_simulate also needs
// op-digest="<md5 of ' <parameters/>\n'>" on the start ops, or it
// restarts b for a definition change).
func TestOrderConstraints(t *testing.T) {
	nodes := []string{"n1"}
	run := map[string]string{"n1": failedMonitor("a", 1) + started("b", 3)}
	both := map[string]string{"n1": started("a", 1) + started("b", 2)}
	ban := `<rsc_location id="ban" rsc="a" node="n1" score="-INFINITY"/>`
	cases := []struct {
		name, constraints, want string
		status                  map[string]string
	}{
		{"mandatory restarts then", `<rsc_order id="o" first="a" then="b"/>`,
			"Recover a n1>; Restart b n1>n1 (required a start)", run},
		{"asymmetrical does not restart", `<rsc_order id="o" first="a" then="b" symmetrical="false"/>`,
			"Recover a n1>", run},
		{"optional does not restart", `<rsc_order id="o" first="a" then="b" kind="Optional"/>`,
			"Recover a n1>", run},
		{"score 0 is optional", `<rsc_order id="o" first="a" then="b" score="0"/>`,
			"Recover a n1>", run},
		{"then stops with an unrunnable first", `<rsc_order id="o" first="a" then="b"/>` + ban,
			"Stop a n1> (node availability); Stop b n1> (required a start)", both},
		{"optional keeps then running", `<rsc_order id="o" first="a" then="b" kind="Optional"/>` + ban,
			"Stop a n1> (node availability)", both},
		{"group first", `<rsc_order id="o" first="g" then="b"/>`,
			"Recover a n1>; Restart b n1>n1 (required g running)", run},
	}
	for _, tc := range cases {
		rscs := []string{"a", "b"}
		if strings.Contains(tc.constraints, `"g"`) {
			rscs = []string{"g=a", "b"}
		}
		doc := cluster(t, nodes, rscs, tc.constraints, "", tc.status)
		if dir := os.Getenv("ORDERS_DUMP"); dir != "" {
			x, _ := doc.Marshal()
			os.WriteFile(dir+"/"+strings.ReplaceAll(tc.name, " ", "_")+".xml", x, 0o644)
		}
		if got := summary(t, doc); got != tc.want {
			t.Errorf("%s: got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}
