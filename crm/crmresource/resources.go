package crmresource

import (
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// rscInfo is what the commands need to know about a configured resource.
type rscInfo struct {
	id         string
	top        string   // the top-level resource (uber_parent)
	primitives []string // the primitives it consists of, in order
	clone      bool     // a clone or inside one
}

// findResource looks a resource up by exact id: a top-level primitive,
// group or clone, or a primitive or group inside one.
func findResource(doc *cib.CIB, id string) (rscInfo, bool) {
	for _, item := range doc.Configuration.Resources.Items {
		switch {
		case item.Primitive != nil:
			if item.Primitive.ID == id {
				return rscInfo{id: id, top: id, primitives: []string{id}}, true
			}
		case item.Group != nil:
			if info, ok := findInGroup(item.Group, id, item.Group.ID, false); ok {
				return info, true
			}
		case item.Clone != nil:
			cl := item.Clone
			var prims []string
			if cl.Primitive != nil {
				prims = []string{cl.Primitive.ID}
			} else if cl.Group != nil {
				for _, p := range cl.Group.Primitives {
					prims = append(prims, p.ID)
				}
			}
			if cl.ID == id {
				return rscInfo{id: id, top: id, primitives: prims, clone: true}, true
			}
			if cl.Primitive != nil && cl.Primitive.ID == id {
				return rscInfo{id: id, top: cl.ID, primitives: prims, clone: true}, true
			}
			if cl.Group != nil {
				if info, ok := findInGroup(cl.Group, id, cl.ID, true); ok {
					return info, true
				}
			}
		}
	}
	return rscInfo{}, false
}

func findInGroup(g *cib.Group, id, top string, clone bool) (rscInfo, bool) {
	var prims []string
	for _, p := range g.Primitives {
		prims = append(prims, p.ID)
	}
	if g.ID == id {
		return rscInfo{id: id, top: top, primitives: prims, clone: clone}, true
	}
	for _, p := range g.Primitives {
		if p.ID == id {
			return rscInfo{id: id, top: top, primitives: []string{id}, clone: clone}, true
		}
	}
	return rscInfo{}, false
}

// nodeNames lists the configured cluster nodes' unames.
func nodeNames(doc *cib.CIB) []string {
	var out []string
	for _, n := range doc.Configuration.Nodes.Nodes {
		out = append(out, n.Uname)
	}
	return out
}

// findNode is pe_find_node: a configured node by uname, ignoring case; it
// returns the configured spelling.
func findNode(doc *cib.CIB, name string) (string, bool) {
	for _, n := range nodeNames(doc) {
		if strings.EqualFold(n, name) {
			return n, true
		}
	}
	return "", false
}
