package configure

import (
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// clone is `configure clone ID RSC [description=..] [params ...] [meta ...]`:
// RSC (a primitive or group not held by anything) moves into a new clone
// appended to <resources>; constraints naming RSC now name the clone.
func (m *Crmsh) clone(c *cib.CIB, args []string) error {
	if len(args) < 2 {
		return errorf("syntax in clone: Expected at least 2 arguments near <clone> parsing 'clone %s'", strings.Join(args, " "))
	}
	id, rsc := args[0], args[1]
	if err := checkCRMID(id); err != nil {
		return err
	}
	if err := existing(c, "clone", id); err != nil {
		return err
	}
	rest := args[2:]
	desc := ""
	if len(rest) > 0 && strings.HasPrefix(rest[0], "description=") {
		desc, rest = strings.TrimPrefix(rest[0], "description="), rest[1:]
	}
	ca, err := splitCrmshArgs(id, rest, false)
	if err != nil {
		return err
	}
	if len(ca.ops) > 0 {
		return errorf("%s: a clone has no operations", id)
	}
	l, ok := findResource(c, rsc)
	switch {
	case !ok:
		return errorf("%s refers to missing object %s", id, rsc)
	case l.prim == nil && l.group == nil:
		return errorf("Cannot create clone:%s: Child %s:%s is not a primitive or group", id, l.kind(), rsc)
	case l.clone != nil:
		return errorf("Cannot create clone:%s: Child %s:%s already in clone:%s", id, l.kind(), rsc, l.clone.ID)
	case l.prim != nil && l.member:
		return errorf("Cannot create clone:%s: Child primitive:%s already in group:%s", id, rsc, l.group.ID)
	}
	ids := collectIDs(c)
	ids[id] = true
	cl := &cib.Clone{ID: id, Description: desc}
	ca.buildSections(id, ids, &cl.InstanceAttributes, &cl.MetaAttributes, nil)
	rs := &c.Configuration.Resources
	if l.prim != nil {
		cl.Primitive = l.prim
	} else {
		cl.Group = l.group
	}
	rs.Items = append(rs.Items[:l.top:l.top], rs.Items[l.top+1:]...)
	rs.Items = append(rs.Items, cib.Resource{Clone: cl})
	renameConstraintRefs(c, rsc, id, func(k cib.Constraint) {
		m.Warn.warn("modified %s:%s from %s to %s", crmshConstraintKind(k), k.ID(), rsc, id)
	})
	if l.group != nil {
		m.Warn.warn("%s: gocrm's scheduler does not run clones of groups yet", id)
	}
	return nil
}

// crmshConstraintKind names a constraint as crmsh's messages do.
func crmshConstraintKind(k cib.Constraint) string {
	switch {
	case k.Location != nil:
		return "location"
	case k.Colocation != nil:
		return "colocation"
	case k.Order != nil:
		return "order"
	}
	return "constraint"
}

// unclone is crmsh's delete of a clone: the child stays, appended after
// the other resources, and constraints naming the clone now name it.
func (m *Crmsh) unclone(c *cib.CIB, l rscLoc) {
	cl := l.clone
	var child cib.Resource
	switch {
	case cl.Primitive != nil:
		child.Primitive = cl.Primitive
	case cl.Group != nil:
		child.Group = cl.Group
	}
	rs := &c.Configuration.Resources
	rs.Items = append(rs.Items[:l.top:l.top], rs.Items[l.top+1:]...)
	if child.ID() == "" {
		return
	}
	rs.Items = append(rs.Items, child)
	renameConstraintRefs(c, cl.ID, child.ID(), func(k cib.Constraint) {
		m.Warn.warn("modified %s:%s from %s to %s", crmshConstraintKind(k), k.ID(), cl.ID, child.ID())
	})
}
