package votequorum

import (
	"fmt"
	"slices"
	"testing"
)

// TestTableSubsets: for clusters of 1..5 one-vote nodes, every feature
// set, all nodes formed and then every non-empty subset surviving a crash
// of the rest. The expected quorum and quorate state are computed here in
// closed form from the rules of corosync.md §5 (not by the code under
// test): quorum = floor(N/2)+1 and never decreases; two_node makes it 1
// once at most two nodes are present; ATB (even N only, as there is no
// wait_for_all) grants an exact half containing the tie breaker; LMS
// after its window steps expected votes down to the survivors.
func TestTableSubsets(t *testing.T) {
	type feature struct {
		name string
		set  func(*Config)
	}
	features := []feature{
		{"none", func(*Config) {}},
		{"wait_for_all", func(c *Config) { c.WaitForAll = u8p(1) }},
		{"two_node", func(c *Config) { c.TwoNode = 1 }},
		{"atb_lowest", func(c *Config) { c.AutoTieBreaker = 1 }},
		{"atb_highest", func(c *Config) { c.AutoTieBreaker = 1; c.AutoTieBreakerNode = strp("highest") }},
		{"lms", func(c *Config) { c.LastManStanding = 1 }},
	}
	for n := 1; n <= 5; n++ {
		for _, f := range features {
			for mask := 1; mask < 1<<n; mask++ {
				var alive []uint32
				for i := 0; i < n; i++ {
					if mask&(1<<i) != 0 {
						alive = append(alive, uint32(i+1))
					}
				}
				name := fmt.Sprintf("n%d/%s/%v", n, f.name, alive)
				s := newSim(t, func(id uint32) Config { c := nodelistConfig(id, n); f.set(&c); return c })
				all := make([]uint32, n)
				for i := range all {
					all[i] = uint32(i + 1)
					s.start(all[i])
				}
				s.form(all...)
				s.form(alive...)
				if f.name == "lms" {
					s.fireLMS()
				}

				k, N := uint32(len(alive)), uint32(n)
				quorum, expected := N/2+1, N
				quorate := k >= quorum
				switch f.name {
				case "two_node":
					if k <= 2 {
						quorum, quorate = 1, true
					}
				case "atb_lowest", "atb_highest":
					tb := uint32(1)
					if f.name == "atb_highest" {
						tb = N
					}
					if N%2 == 0 && k == N/2 && slices.Contains(alive, tb) {
						quorate = true
					}
				case "lms":
					if quorate && k < N {
						expected, quorum = k, k/2+1
					}
				}
				for _, id := range alive {
					v := s.view(id)
					if v.Quorate != quorate || v.Quorum != quorum || v.Expected != expected || v.Total != k {
						t.Errorf("%s node %d: got %v; want quorate=%v quorum=%d expected=%d total=%d",
							name, id, v, quorate, quorum, expected, k)
					}
				}
			}
		}
	}
}
