package crmresource

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/scheduler"
)

// MoveOptions are crm_resource --move's arguments.
type MoveOptions struct {
	Resource string    // -r
	Node     string    // -N; "" bans the resource from its current node
	Lifetime string    // --lifetime, an ISO 8601 duration; "" = until cleared
	Force    bool      // --force: also ban the current node
	Now      time.Time // when the lifetime starts; zero = time.Now()
}

// BanOptions are crm_resource --ban's arguments.
type BanOptions struct {
	Resource string    // -r
	Node     string    // -N; "" = the node the resource is active on
	Lifetime string    // --lifetime
	Now      time.Time // when the lifetime starts; zero = time.Now()
}

// ClearOptions are crm_resource --clear's arguments.
type ClearOptions struct {
	Resource string // -r
	Node     string // -N; "" = every node
	Force    bool   // --force: remove cli-prefer-R whatever node it names
}

func needResource(id string) error {
	if id == "" {
		return fail(ExitUsage, "crm_resource: Must supply a resource id with -r")
	}
	return nil
}

// lookup checks the resource and the optional node, in crm_resource's
// order, and returns the node's configured spelling.
func lookup(doc *cib.CIB, rsc, node string) (rscInfo, string, error) {
	if err := needResource(rsc); err != nil {
		return rscInfo{}, "", err
	}
	info, ok := findResource(doc, rsc)
	if !ok {
		return rscInfo{}, "", errNoResource(rsc)
	}
	if node == "" {
		return info, "", nil
	}
	name, ok := findNode(doc, node)
	if !ok {
		return rscInfo{}, "", errNoNode(node)
	}
	return info, name, nil
}

// activeNodes is where the scheduler sees the resource active.
func activeNodes(doc *cib.CIB, info rscInfo) ([]string, error) {
	nodes, _, err := scheduler.ActiveNodes(doc, info.id)
	return nodes, err
}

// Move is crm_resource --move: prefer the node with a cli-prefer-R
// constraint (after clearing earlier cli-prefer-R and the node's
// cli-ban), or without a node ban the current one.
func Move(doc *cib.CIB, o MoveOptions) (Result, error) {
	info, dest, err := lookup(doc, o.Resource, o.Node)
	if err != nil {
		return Result{}, err
	}
	end := ""
	if o.Lifetime != "" {
		if end, err = lifetimeEnd(o.Lifetime, o.Now); err != nil {
			return Result{}, err
		}
	}
	active, err := activeNodes(doc, info)
	if err != nil {
		return Result{}, err
	}
	e := newEdit(doc)
	var out []string
	if dest == "" {
		if out, err = banCurrent(e, o.Resource, active, end); err != nil {
			return Result{}, err
		}
		return finish(doc, e, out), nil
	}
	current := ""
	switch {
	case len(active) == 1:
		current = active[0]
	case len(active) > 1 && !info.clone:
		return Result{}, fail(ExitMultiple, "crm_resource: Error performing operation: Multiple items match request")
	}
	if current == dest && !o.Force {
		return Result{}, fail(ExitExists, "crm_resource: Error performing operation: Requested item already exists")
	}
	for _, n := range nodeNames(doc) {
		e.clearNode(o.Resource, n, false, o.Force)
	}
	e.clearNode(o.Resource, dest, true, o.Force)
	if end != "" {
		out = append(out, lifetimeLine(end))
	}
	if err := e.modify(preferLocation(o.Resource, dest, end)); err != nil {
		return Result{}, err
	}
	if o.Force && current != dest {
		switch {
		case current != "":
			lines, err := ban(e, o.Resource, current, end)
			if err != nil {
				return Result{}, err
			}
			out = append(out, lines...)
		case len(active) > 1:
			out = append(out,
				fmt.Sprintf("Resource '%s' is currently active in %d locations. One may now move to %s", o.Resource, len(active), dest),
				fmt.Sprintf("To prevent '%s' from being active at a specific location, specify a node.", o.Resource))
		}
	}
	return finish(doc, e, out), nil
}

// Ban is crm_resource --ban: a cli-ban-R-on-N -INFINITY constraint for the
// node, or the node the resource is active on.
func Ban(doc *cib.CIB, o BanOptions) (Result, error) {
	info, node, err := lookup(doc, o.Resource, o.Node)
	if err != nil {
		return Result{}, err
	}
	end := ""
	if o.Lifetime != "" {
		if end, err = lifetimeEnd(o.Lifetime, o.Now); err != nil {
			return Result{}, err
		}
	}
	e := newEdit(doc)
	var out []string
	if node == "" {
		active, err := activeNodes(doc, info)
		if err != nil {
			return Result{}, err
		}
		out, err = banCurrent(e, o.Resource, active, end)
		if err != nil {
			return Result{}, err
		}
	} else if out, err = ban(e, o.Resource, node, end); err != nil {
		return Result{}, err
	}
	return finish(doc, e, out), nil
}

// banCurrent is ban_or_move: ban the single node the resource is active
// on.
func banCurrent(e *edit, rsc string, active []string, end string) ([]string, error) {
	if len(active) != 1 {
		return nil, fail(ExitUsage,
			fmt.Sprintf("crm_resource: Resource '%s' not moved: active in %d locations.", rsc, len(active)),
			fmt.Sprintf("To prevent '%s' from running on a specific location, specify a node.", rsc))
	}
	return ban(e, rsc, active[0], end)
}

func ban(e *edit, rsc, node, end string) ([]string, error) {
	l := banLocation(rsc, node, end)
	var out []string
	if end != "" {
		out = append(out, lifetimeLine(end))
	}
	out = append(out,
		fmt.Sprintf("WARNING: Creating rsc_location constraint '%s' with a score of -INFINITY for resource %s on %s.", l.ID, rsc, node),
		fmt.Sprintf("\tThis will prevent %s from running on %s until the constraint is removed using the clear option or by editing the CIB with an appropriate tool", rsc, node),
		fmt.Sprintf("\tThis will be the case even if %s is the last node in the cluster", node))
	if err := e.modify(l); err != nil {
		if e, ok := err.(*Error); ok {
			e.Out = out
		}
		return nil, err
	}
	return out, nil
}

// Clear is crm_resource --clear: remove the resource's cli-prefer and
// cli-ban constraints (for one node, or all).
func Clear(doc *cib.CIB, o ClearOptions) (Result, error) {
	_, node, err := lookup(doc, o.Resource, o.Node)
	if err != nil {
		return Result{}, err
	}
	e := newEdit(doc)
	before := locationIDs(e.items)
	if node != "" {
		e.clearNode(o.Resource, node, true, o.Force)
	} else {
		for _, n := range nodeNames(doc) {
			e.clearNode(o.Resource, n, true, o.Force)
		}
	}
	after := map[string]bool{}
	for _, id := range locationIDs(e.items) {
		after[id] = true
	}
	var out []string
	for _, id := range before {
		if !after[id] {
			out = append(out, "Removing constraint: "+id)
		}
	}
	return finish(doc, e, out), nil
}

// finish commits the edit and bumps the epoch once per update, as the
// CIB does.
func finish(doc *cib.CIB, e *edit, out []string) Result {
	e.commit(doc)
	bumpEpoch(doc, e.updates)
	return Result{Out: out, Updates: e.updates}
}

func bumpEpoch(doc *cib.CIB, updates int) {
	if updates == 0 {
		return
	}
	epoch, _ := strconv.Atoi(doc.Epoch)
	doc.Epoch = strconv.Itoa(epoch + updates)
	doc.NumUpdates = "0"
}
