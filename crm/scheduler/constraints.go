package scheduler

import (
	"sort"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/score"
)

// location is a node-score list to add to a resource.
type location struct {
	id     string
	rsc    *Resource
	scores map[int]int // node index -> score
}

func (c *Cluster) unpackConstraints(doc *cib.CIB) {
	c.indexSets(doc)
	for _, item := range doc.Configuration.Constraints.Items {
		switch {
		case item.Colocation != nil && len(item.Colocation.Sets) > 0:
			c.unpackColocationSets(item.Colocation)
		case item.Order != nil && len(item.Order.Sets) > 0:
			c.unpackOrderSets(item.Order)
		case item.Location != nil:
			c.unpackLocation(item.Location)
		case item.Colocation != nil:
			c.unpackColocation(item.Colocation)
		case item.Order != nil:
			c.unpackOrder(item.Order)
		default:
			c.warnf("constraint %q: not supported yet; ignored", item.ID())
		}
	}
}

func (c *Cluster) unpackLocation(l *cib.Location) {
	r := c.byID[l.Rsc]
	if r == nil {
		c.warnf("rsc_location %q: no resource %q; ignored", l.ID, l.Rsc)
		return
	}
	if l.Role != "" && !strings.EqualFold(l.Role, "Started") {
		c.warnf("rsc_location %q: role %q not supported yet; ignored", l.ID, l.Role)
		return
	}
	loc := &location{id: l.ID, rsc: r, scores: map[int]int{}}
	if len(l.Rules) == 0 {
		i, ok := c.nodeByName[l.Node]
		if !ok {
			return // unknown node: Pacemaker ignores the constraint
		}
		loc.scores[i] = score.Parse(l.Score)
	} else {
		for ri := range l.Rules {
			rule := &l.Rules[ri]
			sc := score.Parse(rule.Score)
			if rule.ScoreAttribute != "" {
				c.warnf("rsc_location %q: score-attribute not supported yet; rule ignored", l.ID)
				continue
			}
			for i, n := range c.Nodes {
				if c.ruleMatches(rule, n) {
					loc.scores[i] = score.Add(loc.scores[i], sc)
				}
			}
		}
	}
	c.applyLocation(r, loc)
}

// applyLocation adds a location's scores. On a group the group itself and
// its first member get the scores; later members only become allowed on
// those nodes (score 0), their placement follows the first member.
func (c *Cluster) applyLocation(r *Resource, loc *location) {
	add := func(t *Resource, zero bool) {
		for i, s := range loc.scores {
			if zero {
				s = 0
			}
			if t.Allowed[i] == notAllowed {
				t.Allowed[i] = s
			} else {
				t.Allowed[i] = score.Add(t.Allowed[i], s)
			}
		}
	}
	add(r, false)
	for k, m := range r.Children {
		add(m, k > 0 && !r.IsClone()) // every clone instance gets the scores
	}
}

func (c *Cluster) unpackColocation(x *cib.Colocation) {
	dep, prim := c.byID[x.Rsc], c.byID[x.WithRsc]
	if dep == nil || prim == nil {
		c.warnf("rsc_colocation %q: unknown resource; ignored", x.ID)
		return
	}
	if (x.RscRole != "" && !strings.EqualFold(x.RscRole, "Started")) ||
		(x.WithRscRole != "" && !strings.EqualFold(x.WithRscRole, "Started")) {
		c.warnf("rsc_colocation %q: roles not supported yet; ignored", x.ID)
		return
	}
	if x.NodeAttribute != "" && x.NodeAttribute != "#uname" {
		c.warnf("rsc_colocation %q: node-attribute not supported yet; ignored", x.ID)
		return
	}
	influence := true // the dependent's "critical" meta, default true
	if v, ok := dep.Meta["critical"]; ok {
		if b, ok := cib.ParseBool(v); ok {
			influence = b
		}
	}
	if x.Influence != "" {
		if b, ok := cib.ParseBool(x.Influence); ok {
			influence = b
		}
	}
	c.newColocation(x.ID, dep, prim, score.Parse(x.Score), influence)
}

func (c *Cluster) newColocation(id string, dep, prim *Resource, sc int, influence bool) {
	if sc == 0 {
		return
	}
	col := &Colocation{ID: id, Dependent: dep, Primary: prim, Score: sc, Influence: influence}
	dep.thisWith = insertSorted(dep.thisWith, col, func(a, b *Colocation) int { return cmpRsc(a.Primary, b.Primary) })
	prim.withThis = insertSorted(prim.withThis, col, func(a, b *Colocation) int { return cmpRsc(a.Dependent, b.Dependent) })
	c.colocations = append(c.colocations, col)
}

// cmpRsc orders colocations the way Pacemaker keeps them: the other
// resource's priority (high first), clones before groups before
// primitives, then id.
func cmpRsc(a, b *Resource) int {
	switch {
	case a.Priority > b.Priority:
		return -1
	case a.Priority < b.Priority:
		return 1
	case variant(a) > variant(b):
		return -1
	case variant(a) < variant(b):
		return 1
	}
	return strings.Compare(a.ID, b.ID)
}

// insertSorted inserts like g_list_insert_sorted: before the first element
// that does not compare less than the new one.
func insertSorted(list []*Colocation, col *Colocation, cmp func(a, b *Colocation) int) []*Colocation {
	i := sort.Search(len(list), func(i int) bool { return cmp(col, list[i]) <= 0 })
	// sort.Search needs a monotone predicate; the list is sorted, so it is.
	list = append(list, nil)
	copy(list[i+1:], list[i:])
	list[i] = col
	return list
}

// variant ranks resource kinds as Pacemaker's enum pe_obj_types does.
func variant(r *Resource) int {
	switch {
	case r.IsClone():
		return 2
	case r.Group:
		return 1
	}
	return 0
}
