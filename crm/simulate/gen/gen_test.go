package gen

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gorosync/gorosync/crm/cib"
)

func TestDeterministicAndValid(t *testing.T) {
	for seed := uint64(0); seed < 200; seed++ {
		a, err := XML(seed, All, Default)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := XML(seed, All, Default)
		if !bytes.Equal(a, b) {
			t.Fatalf("seed %d: two runs differ", seed)
		}
		c, err := cib.Parse("seed "+strconv.FormatUint(seed, 10), a)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("seed %d: %v\n%s", seed, err, a)
		}
		n := 0
		for _, r := range c.Configuration.Resources.Items {
			switch {
			case r.Group != nil:
				n += len(r.Group.Primitives)
			case r.Primitive != nil && r.Primitive.Class == "stonith":
				// The fence device comes on top of the limit.
			default:
				n++
			}
		}
		if nodes := len(c.Configuration.Nodes.Nodes); nodes < 1 || nodes > Default.MaxNodes || n < 1 || n > Default.MaxPrimitives {
			t.Fatalf("seed %d: %d nodes, %d primitives", seed, nodes, n)
		}
	}
}

func TestDigest(t *testing.T) {
	// Values recorded by a real Pacemaker 2.1.5 cluster (samples/pacemaker-n2-dummy).
	if d := Digest(nil); d != "f2317cad3d54cec5d7d7aa7d0bf35cf8" {
		t.Errorf("empty digest %s", d)
	}
	if d := Digest(map[string]string{"CRM_meta_timeout": "20000"}); d != "4811cef7f7f94e3a35a70be7916cb2fd" {
		t.Errorf("monitor digest %s", d)
	}
}

// TestDump writes seeds to $GEN_DUMP (a directory) for manual runs of
// crm_simulate ($GEN_N of them from $GEN_FIRST; $GEN_WITH as
// TestDifferential's -with); it does nothing otherwise.
func TestDump(t *testing.T) {
	dir := os.Getenv("GEN_DUMP")
	if dir == "" {
		t.Skip("GEN_DUMP not set")
	}
	n, _ := strconv.Atoi(os.Getenv("GEN_N"))
	if n == 0 {
		n = 20
	}
	first, _ := strconv.ParseUint(os.Getenv("GEN_FIRST"), 10, 64)
	for seed := first; seed < first+uint64(n); seed++ {
		f := Implemented
		if os.Getenv("GEN_ALL") == "1" {
			f = All
		}
		if with := os.Getenv("GEN_WITH"); with != "" {
			// As TestDifferential -with generates them.
			f = SummaryExact
			if err := Enable(&f, with); err != nil {
				t.Fatal(err)
			}
		}
		b, _ := XML(seed, f, Default)
		if err := os.WriteFile(filepath.Join(dir, strconv.FormatUint(seed, 10)+".xml"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestBenchLimitsAreExact(t *testing.T) {
	c := Generate(1, Implemented, Bench)
	n := 0
	for _, r := range c.Configuration.Resources.Items {
		if r.Group != nil {
			n += len(r.Group.Primitives)
		} else {
			n++
		}
	}
	if nodes := len(c.Configuration.Nodes.Nodes); nodes != 16 || n != 2000 {
		t.Fatalf("gen.Bench gave %d nodes and %d primitives, want 16 and 2000", nodes, n)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}

// TestPolicyFeaturesKeepTheRest: the policy features draw from their own
// stream, so a seed that uses none of them gives the same cluster as with
// them off, and the differential test's exact clusters stay the same.
func TestPolicyFeaturesKeepTheRest(t *testing.T) {
	none, all := Implemented, Implemented
	none.NoQuorum, none.Stonith, none.Maintenance, none.Shutdown, none.Unclean = false, false, false, false, false
	all.NoQuorum, all.Stonith, all.Maintenance, all.Shutdown, all.Unclean = true, true, true, true, true
	unused := 0
	for seed := uint64(0); seed < 40; seed++ {
		c, used := GenerateUsed(seed, all, Default)
		if !used.Within(none) {
			continue
		}
		unused++
		a, err := c.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		b, err := XML(seed, none, Default)
		if err != nil {
			t.Fatal(err)
		}
		if string(a) != string(b) {
			t.Fatalf("seed %d: the policy features on but unused give another cluster than with them off", seed)
		}
	}
	if unused == 0 || unused == 40 {
		t.Fatalf("%d of 40 seeds use no policy feature; want some of each", unused)
	}
}
