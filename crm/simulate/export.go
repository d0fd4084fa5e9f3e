package simulate

import "github.com/gorosync/gorosync/crm/scheduler"

// PrimitiveLine is the resource line crm_simulate and crm_mon share
// ("id<TAB>(agent):<TAB> State[ nodes][ (flags)]"); crm/status uses it.
func PrimitiveLine(r *scheduler.Resource) string { return primitiveLine(r) }

// NaturalLess orders node names as Pacemaker lists them.
func NaturalLess(a, b string) bool { return naturalLess(a, b) }
