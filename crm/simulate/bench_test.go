package simulate

import (
	"testing"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/simulate/gen"
)

// The gen.Bench cluster (16 nodes, 2,000 primitives) that `make bench`
// gives gocrm simulate and crm_simulate, split into its two costs; for
// profiling: go test -run '^$' -bench BenchCluster -cpuprofile cpu.out.

func benchXML(b *testing.B) []byte {
	xml, err := gen.XML(1, gen.Implemented, gen.Bench)
	if err != nil {
		b.Fatal(err)
	}
	return xml
}

// BenchmarkParseBenchCluster is reading the CIB.
func BenchmarkParseBenchCluster(b *testing.B) {
	xml := benchXML(b)
	for b.Loop() {
		if _, err := cib.Parse("bench", xml); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunBenchCluster is scheduling and rendering (gocrm simulate -S
// without the file).
func BenchmarkRunBenchCluster(b *testing.B) {
	doc, err := cib.Parse("bench", benchXML(b))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Run(doc, Options{Simulate: true}); err != nil {
			b.Fatal(err)
		}
	}
}
