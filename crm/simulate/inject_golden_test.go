package simulate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/simulate/inject"
)

// testdata/injections: NAME.args holds crm_simulate's event options for
// haproxy-running.xml (the HAProxy seed cluster running: proxyGroup on
// haproxy1, memcached on haproxy2, stickiness INFINITY, migration-threshold
// 1, written by crm_simulate -S -O from an empty status); NAME.expected is
// `crm_simulate -S -x haproxy-running.xml ARGS` as Debian's 2.1.5 printed
// it (its last-failure values are the clock of the recording).
const injectionCIB = "testdata/injections/haproxy-running.xml"

type injectionCase struct {
	name string
	args []string
	want string
}

func injectionCases(t *testing.T) []injectionCase {
	t.Helper()
	files, err := filepath.Glob("testdata/injections/*.args")
	if err != nil || len(files) == 0 {
		t.Fatalf("no injection scenarios: %v", err)
	}
	var cases []injectionCase
	for _, f := range files {
		args, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(strings.TrimSuffix(f, ".args") + ".expected")
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, injectionCase{strings.TrimSuffix(filepath.Base(f), ".args"), strings.Fields(string(args)), string(want)})
	}
	return cases
}

// parseEventArgs reads the crm_simulate event options the scenarios use
// (-F, which acts during the transition, into opFail).
func parseEventArgs(args []string) (in inject.Injections, opFail []string, err error) {
	for i := 0; i < len(args); i += 2 {
		if i+1 >= len(args) {
			return in, nil, fmt.Errorf("%s: no value", args[i])
		}
		v := args[i+1]
		switch args[i] {
		case "-u":
			in.NodeUp = append(in.NodeUp, v)
		case "-d":
			in.NodeDown = append(in.NodeDown, v)
		case "-f":
			in.NodeFail = append(in.NodeFail, v)
		case "-i":
			in.OpInject = append(in.OpInject, v)
		case "-q":
			in.Quorum = v
		case "-w":
			in.Watchdog = v
		case "-F":
			opFail = append(opFail, v)
		default:
			return in, nil, fmt.Errorf("unknown option %s", args[i])
		}
	}
	return in, opFail, nil
}

func TestInjectionScenarios(t *testing.T) {
	doc, err := cib.ReadFile(injectionCIB)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range injectionCases(t) {
		t.Run(c.name, func(t *testing.T) {
			in, opFail, err := parseEventArgs(c.args)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Run(doc, Options{Simulate: true, Inject: in, OpFail: opFail, Clock: func() time.Time { return time.Unix(1795362055, 0) }})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := normaliseClock(got), normaliseClock(c.want); got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestInjectionScenariosOracle(t *testing.T) {
	bin := needOracle(t)
	xml, err := os.ReadFile(injectionCIB)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	for _, c := range injectionCases(t) {
		out, err := RunOracle(ctx, bin, dir, xml, c.args...)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if normaliseClock(out) != normaliseClock(c.want) {
			t.Errorf("%s: recorded output is stale; crm_simulate says:\n%s", c.name, out)
		}
	}
}
