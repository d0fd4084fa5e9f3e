package inject

import (
	"fmt"
	"time"

	"github.com/gorosync/gorosync/crm/cib"
)

// Injections are crm_simulate's synthetic cluster events, applied in
// crm_simulate's order whatever the order on the command line: quorum,
// watchdog, nodes up, nodes down, nodes failing, then operations.
type Injections struct {
	Quorum   string // --quorum value as given ("" = not given)
	Watchdog string // --watchdog value as given ("" = not given)
	NodeUp   []string
	NodeDown []string
	NodeFail []string
	OpInject []string // --op-inject specs
}

// Any reports whether crm_simulate would apply the injections at all. As
// in Pacemaker 2.1.5, --quorum alone does not count (it is applied only
// together with another injection) and neither do --op-fail specs (they act
// during the simulated transition).
func (in Injections) Any() bool {
	return len(in.NodeUp) > 0 || len(in.NodeDown) > 0 || len(in.NodeFail) > 0 ||
		len(in.OpInject) > 0 || in.Watchdog != ""
}

// Apply returns a copy of doc with the injections applied and the lines
// crm_simulate prints for them (without the "  * " bullet). now is the time
// written to last-failure-* and last-rc-change: crm_simulate takes it from
// the real clock even when --set-datetime is given. doc is not modified; on
// error nothing is returned.
//
// Unlike crm_simulate, which reports a bad operation spec or resource and
// goes on (or aborts on an unknown node), every such problem is an error.
func Apply(doc *cib.CIB, in Injections, now time.Time) (*cib.CIB, []string, error) {
	out, err := copyCIB(doc)
	if err != nil {
		return nil, nil, err
	}
	e := &editor{doc: out, now: now}
	if in.Quorum != "" {
		if !schemaBool(in.Quorum) {
			return nil, nil, fmt.Errorf("--quorum: %q is not a boolean (true, false, 1 or 0)", in.Quorum)
		}
		e.line("Setting quorum: %s", in.Quorum)
		out.HaveQuorum = in.Quorum
	}
	if in.Watchdog != "" {
		e.line("Setting watchdog: %s", in.Watchdog)
		e.setWatchdog(in.Watchdog)
	}
	for _, n := range in.NodeUp {
		e.line("Bringing node %s online", n)
		if err := e.nodeUp(n); err != nil {
			return nil, nil, fmt.Errorf("--node-up: %w", err)
		}
	}
	for _, n := range in.NodeDown {
		e.line("Taking node %s offline", n)
		if err := e.nodeDown(n); err != nil {
			return nil, nil, fmt.Errorf("--node-down: %w", err)
		}
	}
	for _, n := range in.NodeFail {
		e.line("Failing node %s", n)
		if err := e.nodeFail(n); err != nil {
			return nil, nil, fmt.Errorf("--node-fail: %w", err)
		}
	}
	for _, s := range in.OpInject {
		e.line("Injecting %s into the configuration", s)
		if err := e.opInject(s); err != nil {
			return nil, nil, fmt.Errorf("--op-inject: %w", err)
		}
	}
	return out, e.lines, nil
}

// editor applies injections to its own copy of a CIB.
type editor struct {
	doc   *cib.CIB
	now   time.Time
	lines []string
}

func (e *editor) line(format string, args ...any) {
	e.lines = append(e.lines, fmt.Sprintf(format, args...))
}

// copyCIB deep-copies doc through its XML form.
func copyCIB(doc *cib.CIB) (*cib.CIB, error) {
	x, err := doc.Marshal()
	if err != nil {
		return nil, err
	}
	return cib.Parse("injected CIB", x)
}

// schemaBool: the values the CIB schema accepts for have-quorum
// (crm_simulate writes any value and then aborts on the invalid CIB).
func schemaBool(s string) bool {
	switch s {
	case "true", "false", "1", "0":
		return true
	}
	return false
}

// setWatchdog sets the have-watchdog cluster property as
// cib__update_node_attr does: an existing nvpair of that name anywhere in
// crm_config, else a new one in the cib-bootstrap-options set.
func (e *editor) setWatchdog(v string) {
	sets := e.doc.Configuration.CRMConfig.PropertySets
	for i := range sets {
		for j := range sets[i].Pairs {
			if sets[i].Pairs[j].Name == "have-watchdog" {
				sets[i].Pairs[j].Value = v
				return
			}
		}
	}
	const setID = "cib-bootstrap-options"
	p := cib.NVPair{ID: setID + "-have-watchdog", Name: "have-watchdog", Value: v}
	for i := range sets {
		if sets[i].ID == setID {
			sets[i].Pairs = append(sets[i].Pairs, p)
			return
		}
	}
	e.doc.Configuration.CRMConfig.PropertySets = append(sets, cib.NVSet{ID: setID, Pairs: []cib.NVPair{p}})
}
