package gen

import (
	"math/rand/v2"
	"reflect"

	"github.com/gorosync/gorosync/crm/cib"
)

// SummaryExact is Implemented plus the cluster-wide policies and node
// states whose status and Transition Summary already match crm_simulate
// but whose "Executing Cluster Transition" block does not yet. The
// differential test generates them and compares that block only for
// clusters whose Used features are all in Implemented. None at the moment
// (NoQuorum joined Implemented at 16:25, Maintenance at 16:45).
var SummaryExact = func() Features {
	f := Implemented
	return f
}()

// GenerateUsed is Generate that also reports which of the cluster-wide
// policy and node-state features (cluster.go) the seed actually drew; the
// other fields of used are those of f.
func GenerateUsed(seed uint64, f Features, lim Limits) (c *cib.CIB, used Features) {
	r := rand.New(rand.NewPCG(seed, 0x6f63726d))
	g := &generator{r: r, f: f, policy: rand.New(rand.NewPCG(seed, 0x706f6c69)),
		inter: rand.New(rand.NewPCG(seed, 0x696e746c)),
		sets:  rand.New(rand.NewPCG(seed, 0x73657473))}
	c = g.build(lim)
	used = f
	used.NoQuorum, used.Stonith, used.Maintenance, used.Shutdown, used.Unclean =
		g.used.NoQuorum, g.used.Stonith, g.used.Maintenance, g.used.Shutdown, g.used.Unclean
	return c, used
}

// Within reports whether every feature on in f is also on in other.
func (f Features) Within(other Features) bool {
	a, b := reflect.ValueOf(f), reflect.ValueOf(other)
	for i := 0; i < a.NumField(); i++ {
		if a.Field(i).Bool() && !b.Field(i).Bool() {
			return false
		}
	}
	return true
}
