package gen

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/gorosync/gorosync/crm/cib"
)

// Now is the effective time a differential test evaluates generated
// clusters at (crm_simulate -t): failure-timeout is measured against it.
// Operation results are recorded at or before it.
var Now = time.Unix(1700000000, 0).UTC()

// failureProps adds start-failure-is-fatal=false now and then.
func (g *generator) failureProps(props []string) []string {
	if g.f.FailureTimeout && g.chance(0.2) {
		g.startNotFatal = true
		props = append(props, "start-failure-is-fatal", "false")
	}
	return props
}

// onFail picks on-fail values for a primitive's monitor, start and stop
// operations, the invalid combinations (demote outside promotable
// resources, stop/standby/demote on a stop) included.
func (g *generator) onFail(p *prim) {
	if !g.f.OnFail || !g.chance(0.4) {
		return
	}
	p.onFail = map[string]string{}
	if p.monitor > 0 && g.chance(0.7) {
		p.onFail["monitor"] = g.pick("ignore", "block", "stop", "restart", "standby", "fence", "demote")
	}
	if g.chance(0.3) {
		p.onFail["start"] = g.pick("ignore", "block", "stop", "restart", "standby", "fence")
	}
	if g.chance(0.2) {
		p.onFail["stop"] = g.pick("ignore", "block", "stop", "restart", "standby", "fence", "demote")
	}
}

// failOps configures the start and stop operations that carry on-fail.
func (g *generator) failOps(pr *cib.Primitive, p *prim) {
	for _, name := range []string{"start", "stop"} {
		v, ok := p.onFail[name]
		if !ok {
			continue
		}
		if pr.Operations == nil {
			pr.Operations = &cib.Operations{}
		}
		pr.Operations.Ops = append(pr.Operations.Ops, cib.Op{ID: p.id + "-" + name + "-interval-0s",
			Name: name, Interval: "0s", OnFail: v})
	}
}

// failureMeta adds failure-timeout to a resource's meta attributes.
func (g *generator) failureMeta(kv []string) []string {
	if g.f.FailureTimeout && g.chance(0.25) {
		kv = append(kv, "failure-timeout", g.pick("0", "60s", "10min", "2h", "120"))
	}
	return kv
}

// probeRC is the result of a probe on a node where the resource should
// not run: 7, or with HardErrors sometimes running (0), not installed (5)
// or a hard/fatal error.
func (g *generator) probeRC() int {
	if g.f.HardErrors && g.chance(0.15) {
		return []int{0, 5, 5, 2, 6, 1}[g.r.IntN(6)]
	}
	return 7
}

// failRC is the result of a failed start or monitor.
func (g *generator) failRC(def int) int {
	if g.f.HardErrors && g.chance(0.4) {
		return []int{1, 2, 5, 6}[g.r.IntN(4)]
	}
	return def
}

// startFailCount is what the controller records for a failed start.
func (g *generator) startFailCount() string {
	if g.startNotFatal {
		return "1"
	}
	return "INFINITY"
}

// stamp sets when the given failed results happened (with FailureTimeout:
// up to three hours before Now) and returns that time, or "" without the
// feature (the results keep the common fixed time).
func (g *generator) stamp(ops ...*cib.LRMRscOp) string {
	if !g.f.FailureTimeout {
		return ""
	}
	ago := []int64{0, 30, 59, 61, 300, 599, 601, 3600, 7199, 7201, 10800}[g.r.IntN(11)]
	t := strconv.FormatInt(Now.Unix()-ago, 10)
	for _, op := range ops {
		op.LastRCChange = t
	}
	return t
}

// addFail records a fail count (and, when stamped, the last-failure time).
func addFail(fails *[]cib.NVPair, node, rsc, op, value, when string) {
	*fails = append(*fails, failCount(node, rsc, op, value))
	if when != "" {
		*fails = append(*fails, cib.NVPair{ID: "status-" + node + "-last-failure-" + rsc + "." + op,
			Name: "last-failure-" + rsc + "#" + op, Value: when})
	}
}

// failedStop writes the history of a resource whose stop failed on
// h.node (its _last_0 replaces the start's): Pacemaker treats it as still
// active.
func (g *generator) failedStop(h *history, p *prim, fails *[]cib.NVPair, startDigest string) bool {
	if !g.f.StopFailures || !g.chance(0.06) {
		return false
	}
	stop := h.op(p.id+"_last_0", "stop", 0, g.failRC(1), 0, startDigest)
	stop.OperationKey = p.id + "_stop_0"
	fail := stop
	fail.ID = p.id + "_last_failure_0"
	when := g.stamp(&stop, &fail)
	h.rsc.Ops = append(h.rsc.Ops, stop, fail)
	addFail(fails, h.node, p.id, "stop_0", "INFINITY", when)
	return true
}

// Enable switches on the Features fields named in list (comma-separated,
// as in a test flag).
func Enable(f *Features, list string) error {
	v := reflect.ValueOf(f).Elem()
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		field := v.FieldByName(name)
		if !field.IsValid() || field.Kind() != reflect.Bool {
			return fmt.Errorf("gen: no feature %q", name)
		}
		field.SetBool(true)
	}
	return nil
}
