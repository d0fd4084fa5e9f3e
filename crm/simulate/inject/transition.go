package inject

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gorosync/gorosync/crm/cib"
)

// transitionErr is the exit reason of a failure the simulated transition
// records (an --op-fail).
const transitionErr = "User-injected result"

// Event is one action of a simulated transition as crm_simulate -S
// records it in its copy of the CIB (what -O then saves): a fencing, or
// the result of a resource operation.
type Event struct {
	Node  string // node name
	Fence bool   // the node is fenced (nothing else is set)
	// Resource is the name the resource's history goes by on the node
	// (an anonymous clone instance's is the cloned primitive's id).
	Resource string
	Task     string
	Interval uint32
	RC       int    // the result
	Target   int    // the result the action expects (7 for a probe)
	Digest   string // op-digest to record ("" for none)
}

// Record returns a copy of doc with the events applied in order, as
// crm_simulate's simulated transition updates its CIB: a fenced node
// leaves (its history and transient attributes are dropped); an operation
// result goes into the resource's history on the node (an --op-fail
// failure also gets a fail count and last-failure). now is the time the
// entries record. doc is not modified.
func Record(doc *cib.CIB, events []Event, now time.Time) (*cib.CIB, error) {
	out, err := copyCIB(doc)
	if err != nil {
		return nil, err
	}
	e := &editor{doc: out, now: now}
	for _, ev := range events {
		if ev.Fence {
			ns, err := e.setState(ev.Node, false)
			if err != nil {
				return nil, fmt.Errorf("fencing %s: %w", ev.Node, err)
			}
			ns.CrmDebugOrigin = "simulate_fencing_action"
			ns.LRM, ns.TransientAttributes = nil, nil
			continue
		}
		if err := e.recordResult(ev); err != nil {
			return nil, fmt.Errorf("%s_%s_%d on %s: %w", ev.Resource, ev.Task, ev.Interval, ev.Node, err)
		}
	}
	return out, nil
}

// recordResult is simulate_rsc_action's CIB update for one event.
func (e *editor) recordResult(ev Event) error {
	_, prim := findResource(&e.doc.Configuration.Resources, ev.Resource)
	ns, err := e.nodeState(ev.Node)
	if err != nil {
		return err
	}
	spec := OpSpec{Resource: ev.Resource, Task: ev.Task, Interval: ev.Interval, RC: ev.RC, Node: ev.Node}
	if ev.RC != ev.Target {
		e.injectFailCount(ns, spec)
	}
	lr := findHistory(ns, ev.Resource)
	if lr == nil {
		if prim == nil {
			return fmt.Errorf("no such primitive")
		}
		lr = newHistory(ns, ev.Resource, prim)
	}
	e.writeResult(lr, spec, ev.Target, ev.Digest, transitionErr)
	return nil
}

// writeResult records a result as pcmk__create_history_xml does for an
// event expecting target: a failure goes to R_last_failure_0 (and, for a
// non-recurring operation, R_last_0 too), a successful recurring
// operation to its own key, any other success to R_last_0. An entry with
// that id is updated in place, keeping what the event does not set. A
// failure gets failReason as its exit reason.
func (e *editor) writeResult(lr *cib.LRMResource, s OpSpec, target int, digest, failReason string) {
	callID := 0
	for _, op := range lr.Ops {
		if n, err := strconv.Atoi(op.CallID); err == nil && n > callID {
			callID = n
		}
	}
	callID++
	key := fmt.Sprintf("%s_%s_%d", lr.ID, s.Task, s.Interval)
	failed := s.RC != target
	var ids []string
	switch {
	case failed && s.Interval == 0:
		ids = []string{lr.ID + "_last_failure_0", lr.ID + "_last_0"}
	case failed:
		ids = []string{lr.ID + "_last_failure_0"}
	case s.Interval > 0:
		ids = []string{key}
	default:
		ids = []string{lr.ID + "_last_0"}
	}
	tkey := fmt.Sprintf("%d:-1:%d:%s", callID, target, fakeTEID)
	reason := ""
	if failed {
		reason = failReason
	}
	when := strconv.FormatInt(e.now.Unix(), 10)
	for _, id := range ids {
		op := findOp(lr, id)
		op.OperationKey, op.Operation = key, s.Task
		setExtra(&op.Extra, "crm-debug-origin", origin)
		op.CRMFeatureSet = featureSet
		op.TransitionKey = tkey
		op.TransitionMagic = fmt.Sprintf("0:%d;%s", s.RC, tkey)
		op.ExitReason = &reason
		op.CallID = strconv.Itoa(callID)
		op.RCCode = strconv.Itoa(s.RC)
		op.OpStatus = "0"
		op.Interval = strconv.FormatUint(uint64(s.Interval), 10)
		op.LastRCChange, op.ExecTime, op.QueueTime = when, "0", "0"
		if digest != "" {
			op.OpDigest = digest
		}
	}
}
