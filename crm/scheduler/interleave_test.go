package scheduler

import "testing"

// Interleaved clones pair instances per node (results checked against
// crm_simulate 2.1.5, apart from its restarts for the missing op-digests).
func TestInterleave(t *testing.T) {
	order := `<rsc_order id="o" first="C" then="D"/>`
	status := map[string]string{"n1": started("R", 1) + started("Q", 2)}
	// Without interleave Q:0 restarts for C's new instance on n2
	// (TestCloneOrders); interleaved, only Q:1 waits for R:1 there.
	doc := cluster(t, []string{"n1", "n2"}, []string{"clone:C=R", "clone:D=Q,interleave=true"}, order, "", status)
	if got, want := summary(t, doc), "Start R:1 >n2; Start Q:1 >n2"; got != want {
		t.Errorf("interleaved order: %q, want %q", got, want)
	}
	// A -INFINITY colocation with a clone running everywhere keeps a
	// plain clone off every node; interleaved, each instance only avoids
	// its partner's node.
	anti := `<rsc_colocation id="c" rsc="D" with-rsc="C" score="-INFINITY"/>`
	status = map[string]string{"n1": started("R", 1), "n2": started("R", 2)}
	nodes := []string{"n1", "n2", "n3"}
	doc = cluster(t, nodes, []string{"clone:C=R", "clone:D=Q"}, anti, "", status)
	if got, want := placement(t, doc), "R:0@n1 R:1@n2 R:2@n3 Q:0@- Q:1@- Q:2@-"; got != want {
		t.Errorf("plain anti-colocation: %s, want %s", got, want)
	}
	doc = cluster(t, nodes, []string{"clone:C=R", "clone:D=Q,interleave=true"}, anti, "", status)
	if got, want := placement(t, doc), "R:0@n1 R:1@n2 R:2@n3 Q:0@n2 Q:1@n3 Q:2@-"; got != want {
		t.Errorf("interleaved anti-colocation: %s, want %s", got, want)
	}
}
