package scheduler

import (
	"sort"

	"github.com/gorosync/gorosync/crm/score"
)

// blockColocatedStarts: when a managed top-level primitive cannot start
// where it was placed, resources mandatorily colocated with it cannot
// start either ("due to colocation with X"), as Pacemaker's
// pcmk__block_colocated_starts does. Group primaries never block: by then
// Pacemaker has moved their "with this" colocations to the members, and
// only the top-level resource's list is consulted. A group
// dependent is blocked through its first member, whose start becomes
// required (the group's start pseudo-action carries the block to it).
// Primaries are handled newest start action first, the order Pacemaker
// walks its (prepended) action list in. It reports whether anything
// changed.
func (c *Cluster) blockColocatedStarts() bool {
	type blocked struct {
		col *Colocation
		why *Action
		at  int
	}
	var todo []blocked
	for _, col := range c.colocations {
		if col.Score < score.Infinity || col.Primary.Parent != nil {
			continue
		}
		if why, last := blockedStart(col.Primary); why != nil {
			todo = append(todo, blocked{col, why, c.actionIndex(last)})
		}
	}
	sort.SliceStable(todo, func(i, j int) bool { return todo[i].at > todo[j].at })
	changed := false
	for _, b := range todo {
		col, why := b.col, b.why
		target := col.Dependent
		if target.IsClone() {
			// The clone's start pseudo-action is blocked, and with it
			// every instance's start.
			for _, inst := range target.Children {
				if s := inst.start; s != nil && s.Runnable {
					s.Runnable = false
					if s.Reason == "" {
						s.Reason = "colocation with " + why.Rsc.ID
					}
					changed = true
				}
			}
			continue
		}
		if target.Group {
			if len(target.Children) == 0 {
				continue
			}
			target = target.Children[0]
		}
		s := target.start
		if s == nil || !s.Runnable {
			continue
		}
		s.Runnable = false
		if s.Reason == "" {
			s.Reason = "colocation with " + why.Rsc.ID
		}
		if col.Dependent.Group {
			s.Optional = false
		}
		changed = true
	}
	return changed
}

// blockedStart returns the unrunnable start of a managed primitive, or
// nil (twice: the action named in the reason and the one that orders the
// work, the same for a primitive).
func blockedStart(r *Resource) (first, newest *Action) {
	if r.Group || !r.Managed || r.start == nil || r.start.Runnable {
		return nil, nil
	}
	return r.start, r.start
}

func (c *Cluster) actionIndex(a *Action) int {
	for i, x := range c.actions {
		if x == a {
			return i
		}
	}
	return -1
}
