package totem

import "slices"

// Processor sets are small (≤ 384) nodeid lists; Corosync keeps them in
// arrival order and compares them order-independently, and so do we.

func setHas(s []uint32, id uint32) bool { return slices.Contains(s, id) }

// setMerge adds the ids of add that s lacks, keeping s's order.
func setMerge(s []uint32, add ...uint32) []uint32 {
	for _, id := range add {
		if !setHas(s, id) {
			s = append(s, id)
		}
	}
	return s
}

// setSubtract returns the ids of a that are not in b, in a's order.
func setSubtract(a, b []uint32) []uint32 {
	out := make([]uint32, 0, len(a))
	for _, id := range a {
		if !setHas(b, id) {
			out = append(out, id)
		}
	}
	return out
}

// setSubset reports whether every id of sub is in full.
func setSubset(sub, full []uint32) bool {
	for _, id := range sub {
		if !setHas(full, id) {
			return false
		}
	}
	return true
}

// setEqual compares as sets (both sides are duplicate-free).
func setEqual(a, b []uint32) bool { return len(a) == len(b) && setSubset(a, b) }

func sorted(s []uint32) []uint32 {
	out := slices.Clone(s)
	slices.Sort(out)
	if out == nil {
		out = []uint32{}
	}
	return out
}
