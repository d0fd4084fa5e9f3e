package scheduler

import "github.com/gorosync/gorosync/crm/cib"

// ActiveNodes returns the nodes where the resource id is active according
// to the status section (for a group: where any member is, in member
// order), as crm_resource's "current location" sees it. ok is false for an
// unknown resource.
func ActiveNodes(doc *cib.CIB, id string) (nodes []string, ok bool, err error) {
	c, err := Unpack(doc)
	if err != nil {
		return nil, false, err
	}
	r := c.byID[id]
	if r == nil {
		return nil, false, nil
	}
	seen := map[*Node]bool{}
	members := []*Resource{r}
	if r.Group {
		members = r.Children
	}
	for _, m := range members {
		for _, n := range m.RunningOn {
			if !seen[n] {
				seen[n] = true
				nodes = append(nodes, n.Name)
			}
		}
	}
	return nodes, true, nil
}
