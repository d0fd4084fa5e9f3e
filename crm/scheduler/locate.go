package scheduler

import "github.com/gorosync/gorosync/crm/cib"

// ActiveNodes returns the nodes where the resource id is active according
// to the status section, as crm_resource's "current location" sees it: for
// a group or clone where any member or instance is (in order, each node
// once); the primitive of an anonymous clone stands for its first instance
// (id:0), as crm_resource's lookup finds it. ok is false for an unknown
// resource.
func ActiveNodes(doc *cib.CIB, id string) (nodes []string, ok bool, err error) {
	c, err := Unpack(doc)
	if err != nil {
		return nil, false, err
	}
	r := c.byID[id]
	if r == nil {
		r = c.byID[id+":0"]
	}
	if r == nil {
		return nil, false, nil
	}
	seen := map[*Node]bool{}
	var walk func(r *Resource)
	walk = func(r *Resource) {
		if len(r.Children) == 0 {
			for _, n := range r.RunningOn {
				if !seen[n] {
					seen[n] = true
					nodes = append(nodes, n.Name)
				}
			}
		}
		for _, ch := range r.Children {
			walk(ch)
		}
	}
	walk(r)
	return nodes, true, nil
}
