package crmresource

import (
	"fmt"
	"strings"
	"time"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/scheduler"
)

// RelocatePrefix starts the ids of the constraints pcs resource relocate
// creates.
const RelocatePrefix = "pcs-relocate-"

// Relocation is where pcs resource relocate would send a resource.
type Relocation struct{ Resource, Node string }

// WithoutStickiness copies doc with resource-stickiness=0 set on the given
// resources (all if none) and their members, as pcs relocate does before
// simulating (relocate show simulates the copy); it returns the ids it
// changed.
func WithoutStickiness(doc *cib.CIB, resources []string) (*cib.CIB, map[string]bool, error) {
	data, err := doc.Marshal()
	if err != nil {
		return nil, nil, err
	}
	cp, err := cib.Parse("cib", data)
	if err != nil {
		return nil, nil, err
	}
	want := map[string]bool{}
	for _, r := range resources {
		want[r] = true
	}
	found := map[string]bool{}
	updated := map[string]bool{}
	zero := func(id string, sets *cib.Sets) {
		updated[id] = true
		setID := id + "-meta_attributes"
		if len(*sets) == 0 {
			*sets = cib.Sets{{ID: setID}}
		}
		s := &(*sets)[0]
		for i := range s.Pairs {
			if s.Pairs[i].Name == "resource-stickiness" {
				s.Pairs[i].Value = "0"
				return
			}
		}
		s.Pairs = append(s.Pairs, cib.NVPair{ID: s.ID + "-resource-stickiness", Name: "resource-stickiness", Value: "0"})
	}
	pick := func(id string) bool {
		if len(want) == 0 || want[id] {
			found[id] = true
			return true
		}
		return false
	}
	for _, item := range cp.Configuration.Resources.Items {
		switch {
		case item.Primitive != nil:
			if pick(item.Primitive.ID) {
				zero(item.Primitive.ID, &item.Primitive.MetaAttributes)
			}
		case item.Group != nil:
			g := item.Group
			all := pick(g.ID)
			if all {
				zero(g.ID, &g.MetaAttributes)
			}
			for i := range g.Primitives {
				if pick(g.Primitives[i].ID) || all {
					zero(g.Primitives[i].ID, &g.Primitives[i].MetaAttributes)
				}
			}
		}
	}
	var missing []string
	for _, r := range resources {
		if !found[r] {
			missing = append(missing, "Error: unable to find a resource/clone/group: "+r)
		}
	}
	if len(missing) > 0 {
		return nil, nil, fail(1, missing...)
	}
	return cp, updated, nil
}

// RelocatePlan is what pcs resource relocate dry-run|run computes: with
// stickiness 0 on the resources, the primitives the scheduler would start
// somewhere, and where.
func RelocatePlan(doc *cib.CIB, resources []string, now time.Time) ([]Relocation, error) {
	cp, updated, err := WithoutStickiness(doc, resources)
	if err != nil {
		return nil, err
	}
	tr, err := scheduler.ScheduleWith(cp, scheduler.Options{Now: now})
	if err != nil {
		return nil, err
	}
	var plan []Relocation
	seen := map[string]bool{}
	for _, a := range tr.Actions {
		if a.Task != "start" || a.Node == nil || seen[a.Rsc.ID] {
			continue
		}
		parent := ""
		if a.Rsc.Parent != nil {
			parent = a.Rsc.Parent.ID
		}
		if len(resources) > 0 && !updated[a.Rsc.ID] && !updated[parent] {
			continue
		}
		seen[a.Rsc.ID] = true
		plan = append(plan, Relocation{Resource: a.Rsc.ID, Node: a.Node.Name})
	}
	return plan, nil
}

// RelocateLines is how pcs announces a plan.
func RelocateLines(plan []Relocation) []string {
	var out []string
	for _, p := range plan {
		out = append(out, fmt.Sprintf("Creating location constraint: %s prefers %s=INFINITY", p.Resource, p.Node))
	}
	return out
}

// RelocateApply adds the plan's pcs-relocate-<rsc> INFINITY constraints.
func RelocateApply(doc *cib.CIB, plan []Relocation) Result {
	e := newEdit(doc)
	used := map[string]bool{}
	for _, c := range e.items {
		used[c.ID()] = true
	}
	for _, p := range plan {
		id := RelocatePrefix + p.Resource
		for n := 1; used[id]; n++ {
			id = fmt.Sprintf("%s%s-%d", RelocatePrefix, p.Resource, n)
		}
		used[id] = true
		_ = e.modify(&cib.Location{ID: id, Rsc: p.Resource, Node: p.Node, Score: "INFINITY"})
	}
	return finish(doc, e, RelocateLines(plan))
}

// RelocateClear removes every pcs-relocate-* constraint (pcs resource
// relocate clear).
func RelocateClear(doc *cib.CIB) Result {
	e := newEdit(doc)
	var out []string
	for _, c := range e.items {
		if c.Location != nil && strings.HasPrefix(c.Location.ID, RelocatePrefix) {
			out = append(out, "Removing constraint "+c.Location.ID)
		}
	}
	e.remove(func(l *cib.Location) bool { return strings.HasPrefix(l.ID, RelocatePrefix) })
	return finish(doc, e, out)
}
