package simulate

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/scheduler"
	"github.com/gorosync/gorosync/crm/simulate/gen"
	"github.com/gorosync/gorosync/crm/simulate/inject"
)

var flagInjectSeeds = flag.Int("inject-seeds", 100, "number of generated clusters TestInjectDifferential compares with crm_simulate")

// lastFailure matches the injected last-failure value: crm_simulate writes
// its real clock there even with --set-datetime.
var lastFailure = regexp.MustCompile(`(Injecting attribute last-failure-\S+?=)\d+`)

// clockDate matches a date -c prints (last-failure, last-rc-change).
var clockDate = regexp.MustCompile(`((?:last-failure|last-rc-change)=')([^']+)'`)

// clockCutoff: generated histories are dated before it, so a later date was
// read from a clock (crm_simulate's, or ours in compareInjected).
var clockCutoff = time.Now().Add(-time.Hour)

func normaliseClock(out string) string {
	out = lastFailure.ReplaceAllString(out, "${1}NOW")
	return clockDate.ReplaceAllStringFunc(out, func(m string) string {
		sub := clockDate.FindStringSubmatch(m)
		if t, err := time.ParseInLocation(ctimeLayout, sub[2], time.Local); err == nil && t.After(clockCutoff) {
			return sub[1] + "NOW'"
		}
		return m
	})
}

// TestInjectDifferential: for generated clusters with synthetic events
// picked from the seed (a node going down, failing or coming up, an
// injected monitor or start failure or success of a running resource, a
// probe finding a resource stopped, quorum lost), gocrm simulate -S prints
// what crm_simulate -S prints, the "Performing Requested Modifications"
// block included. As in TestDifferential, clusters using gen.SummaryExact
// features beyond gen.Implemented (fencing: a failed node is then fenced)
// are compared without the Executing Cluster Transition block. More seeds:
// `go test ./crm/simulate -run InjectDifferential -args -inject-seeds 1000`.
func TestInjectDifferential(t *testing.T) {
	bin := needOracle(t)
	n := seedCount(*flagInjectSeeds, 30)
	compareSeeds(t, *flagFirst, n, func(ctx context.Context, dir string, seed uint64) seedResult {
		res := seedResult{seed: seed}
		c, used := gen.GenerateUsed(seed, gen.SummaryExact, gen.Default)
		if res.xml, res.err = c.Marshal(); res.err != nil {
			return res
		}
		in, err := pickInjections(seed, c)
		if err != nil {
			res.err = err
			return res
		}
		compareInjected(ctx, bin, dir, &res, c, used, injectionArgs(in), Options{Inject: in})
		return res
	})
}

// compareInjected runs crm_simulate with args and gocrm with opts (the same
// events) on c and fills res for compareSeeds: the last-failure clock
// masked, the Executing block left out for clusters beyond gen.Implemented
// unless -full.
func compareInjected(ctx context.Context, bin, dir string, res *seedResult, c *cib.CIB, used gen.Features, args []string, opts Options) {
	nowText := gen.Now.Format(time.RFC3339)
	res.note = fmt.Sprintf(" (crm_simulate %s)", strings.Join(args, " "))
	out, err := RunOracle(ctx, bin, dir, res.xml, append([]string{"-t", nowText}, args...)...)
	if err == nil {
		res.their, err = ComparableBlocks(out)
	}
	if err != nil {
		res.err = fmt.Errorf("%w%s", err, res.note)
		return
	}
	opts.Simulate, opts.Now, opts.NowText = true, gen.Now, nowText
	// The real clock, as crm_simulate's: failure-timeout sees the same
	// injected times, and normaliseClock masks them in both.
	opts.Clock = time.Now
	res.ours, res.err = Run(c, opts)
	res.their, res.ours = normaliseClock(res.their), normaliseClock(res.ours)
	if res.err == nil && !used.Within(gen.Implemented) && !*flagFull {
		res.their, _ = WithoutExecuting(res.their)
		res.ours, _ = WithoutExecuting(res.ours)
	}
}

// injectionArgs is in as crm_simulate options.
func injectionArgs(in inject.Injections) []string {
	var args []string
	add := func(opt string, vals ...string) {
		for _, v := range vals {
			args = append(args, opt, v)
		}
	}
	add("-u", in.NodeUp...)
	add("-d", in.NodeDown...)
	add("-f", in.NodeFail...)
	add("-i", in.OpInject...)
	if in.Quorum != "" {
		add("-q", in.Quorum)
	}
	return args
}

// pickInjections draws one or two events for the cluster from the seed.
func pickInjections(seed uint64, doc *cib.CIB) (inject.Injections, error) {
	var in inject.Injections
	tr, err := scheduler.ScheduleWith(doc, scheduler.Options{Now: gen.Now})
	if err != nil {
		return in, err
	}
	r := rand.New(rand.NewPCG(seed, 0x696e6a))
	var online, offline []string
	for _, n := range tr.Cluster.Nodes {
		if n.Online {
			online = append(online, n.Name)
		} else {
			offline = append(offline, n.Name)
		}
	}
	type placed struct{ rsc, node string }
	var running []placed
	var stopped []string
	for _, p := range leafResources(tr.Cluster.Resources) {
		id := p.ID
		if p.IsInstance() {
			id = p.Parent.Clone.ChildID
		}
		for _, n := range p.RunningOn {
			running = append(running, placed{id, n.Name})
		}
		if len(p.RunningOn) == 0 && !p.IsInstance() {
			stopped = append(stopped, id)
		}
	}
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	for tries := 0; tries < 20 && !in.Any(); tries++ {
		for k := 0; k < 1+r.IntN(2); k++ {
			switch r.IntN(7) {
			case 0:
				if len(online) > 0 {
					in.NodeDown = append(in.NodeDown, pick(online))
				}
			case 1:
				if len(online) > 0 {
					in.NodeFail = append(in.NodeFail, pick(online))
				}
			case 2:
				if len(offline) > 0 {
					in.NodeUp = append(in.NodeUp, pick(offline))
				}
			case 3, 4: // a failed monitor (or start) of a running resource
				if len(running) > 0 {
					p := running[r.IntN(len(running))]
					rc := []int{1, 7}[r.IntN(2)]
					op := "start_0"
					if ms := monitorInterval(doc, p.rsc); ms > 0 && r.IntN(3) > 0 {
						op = fmt.Sprintf("monitor_%d", ms)
					}
					in.OpInject = append(in.OpInject, fmt.Sprintf("%s_%s@%s=%d", p.rsc, op, p.node, rc))
				}
			case 5: // a successful monitor of a running resource
				if len(running) > 0 {
					p := running[r.IntN(len(running))]
					if ms := monitorInterval(doc, p.rsc); ms > 0 {
						in.OpInject = append(in.OpInject, fmt.Sprintf("%s_monitor_%d@%s=0", p.rsc, ms, p.node))
					}
				}
			case 6: // a probe finding a stopped resource not running
				if len(stopped) > 0 && len(online) > 0 {
					in.OpInject = append(in.OpInject, fmt.Sprintf("%s_monitor_0@%s=7", pick(stopped), pick(online)))
				}
			}
		}
		// Results on a node that leaves in the same run make 2.1.5 fence
		// it for its history (with stonith) or ignore them: fencing is
		// another topic, so none are drawn.
		kept := in.OpInject[:0]
		for _, op := range in.OpInject {
			n := op[strings.IndexByte(op, '@')+1 : strings.IndexByte(op, '=')]
			if !slices.Contains(in.NodeDown, n) && !slices.Contains(in.NodeFail, n) {
				kept = append(kept, op)
			}
		}
		in.OpInject = kept
		if r.IntN(4) == 0 {
			in.Quorum = "false"
		}
	}
	return in, nil
}

// leafResources lists the primitives (and clone instances) under rs.
func leafResources(rs []*scheduler.Resource) []*scheduler.Resource {
	var out []*scheduler.Resource
	for _, r := range rs {
		if len(r.Children) > 0 {
			out = append(out, leafResources(r.Children)...)
		} else if !r.Group && !r.IsClone() {
			out = append(out, r)
		}
	}
	return out
}

// monitorInterval is the first configured recurring monitor of primitive
// id, in ms (0: none).
func monitorInterval(doc *cib.CIB, id string) int64 {
	var found *cib.Primitive
	for _, it := range doc.Configuration.Resources.Items {
		switch {
		case it.Primitive != nil && it.Primitive.ID == id:
			found = it.Primitive
		case it.Group != nil:
			for i := range it.Group.Primitives {
				if it.Group.Primitives[i].ID == id {
					found = &it.Group.Primitives[i]
				}
			}
		case it.Clone != nil && it.Clone.Primitive != nil && it.Clone.Primitive.ID == id:
			found = it.Clone.Primitive
		}
	}
	if found == nil || found.Operations == nil {
		return 0
	}
	for _, op := range found.Operations.Ops {
		if op.Name != "monitor" {
			continue
		}
		if ms, err := cib.ParseInterval(op.Interval); err == nil && ms > 0 && !strings.EqualFold(op.Role, "Promoted") {
			return ms
		}
	}
	return 0
}
