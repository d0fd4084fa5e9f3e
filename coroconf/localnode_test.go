package coroconf

import (
	"testing"
)

func TestFindLocalNode(t *testing.T) {
	hosts := "10.0.0.1 alpha.example.com alpha\n10.0.0.2 beta\n10.0.0.3 gamma-alias\n"
	cases := []struct {
		name  string
		host  string
		addrs []string
		keys  []string
		want  int
		found bool
	}{
		{"by name", "beta", nil, []string{"nodelist.node.0.name str alpha", "nodelist.node.1.name str beta"}, 1, true},
		{"by ring0_addr as name", "beta", nil, []string{"nodelist.node.0.ring0_addr str alpha", "nodelist.node.1.ring0_addr str beta"}, 1, true},
		{"hostname domain stripped", "beta.lab.example.com", nil, []string{"nodelist.node.0.name str alpha", "nodelist.node.1.name str beta"}, 1, true},
		{"both sides stripped", "beta.lab", nil, []string{"nodelist.node.0.name str alpha", "nodelist.node.1.name str beta.other"}, 1, true},
		{"reverse name of address", "nomatch", []string{"10.0.0.1"}, []string{"nodelist.node.0.name str beta", "nodelist.node.1.name str alpha.example.com"}, 1, true},
		{"reverse name truncated", "nomatch", []string{"10.0.0.1"}, []string{"nodelist.node.0.name str beta", "nodelist.node.1.name str alpha"}, 1, true},
		{"numeric address", "nomatch", []string{"10.9.9.9"}, []string{"nodelist.node.0.ring0_addr str 10.9.9.8", "nodelist.node.1.ring0_addr str 10.9.9.9"}, 1, true},
		{"resolved alias", "nomatch", []string{"10.0.0.3"}, []string{"nodelist.node.0.name str beta", "nodelist.node.1.name str gamma-alias"}, 1, true},
		// Not found: corosync still returns the last node position it
		// looked at, but does not set nodelist.local_node_pos.
		{"not found", "nomatch", []string{"10.9.9.9"}, []string{"nodelist.node.0.name str beta", "nodelist.node.1.name str delta"}, 1, false},
		{"empty nodelist", "nomatch", []string{"10.9.9.9"}, nil, -1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := mapOf(t, c.keys...)
			r := &run{env: fakeEnv(c.host, hosts, append([]string{"127.0.0.1"}, c.addrs...), nil), m: m}
			pos, found := r.findLocalNode()
			if pos != c.want || found != c.found {
				t.Fatalf("got %d/%v, want %d/%v", pos, found, c.want, c.found)
			}
			p, ok := getU32(m, "nodelist.local_node_pos")
			if ok != c.found || (ok && int(p) != c.want) {
				t.Fatalf("local_node_pos %d/%v", p, ok)
			}
		})
	}
}

// IPv6 interface addresses only match by their reverse name (or the numeric
// fallback of that lookup), never by the NI_NUMERICHOST step.
func TestFindLocalNodeIPv6Numeric(t *testing.T) {
	m := mapOf(t, "nodelist.node.0.ring0_addr str fd00::5")
	r := &run{env: fakeEnv("x", "", []string{"fd00::5"}, nil), m: m}
	if pos, found := r.findLocalNode(); pos != 0 || !found {
		t.Fatalf("got %d/%v", pos, found)
	}
}
