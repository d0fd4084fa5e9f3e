package scheduler

// cloneDone is a clone's "running" (after start) or "stopped" (after stop)
// pseudo-action as an ordering toward an action on node sees it
// (Pacemaker's action_flags_for_ordering with
// pcmk__collective_action_flags): required when an instance's action on
// that node is (any node when node is nil), runnable when at least one
// instance's action is, anywhere.
func cloneDone(cl *Resource, task string, node *Node) *Action {
	name := "running"
	if task == "stop" {
		name = "stopped"
	}
	a := &Action{Rsc: cl, Task: name, Optional: true}
	for _, inst := range cl.Children {
		for _, ia := range inst.actionsFor(task) {
			if !ia.Optional && (node == nil || ia.Node == node) {
				a.Optional = false
			}
			if ia.Runnable {
				a.Runnable = true
			}
		}
	}
	return a
}
