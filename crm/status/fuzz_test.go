package status

import (
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/simulate/gen"
)

// FuzzRender: any CIB that parses renders in both forms without panic,
// and the XML form is well-formed XML.
func FuzzRender(f *testing.F) {
	for _, name := range []string{"n2-dummy.xml", "n2-real.xml"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for seed := uint64(0); seed < 3; seed++ {
		data, err := gen.XML(seed, gen.All, gen.Default)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := cib.Parse("fuzz", data)
		if err != nil {
			return
		}
		if _, err := Text(doc, Options{Inactive: true}); err != nil {
			return // the scheduler refused the CIB: a clear error is fine
		}
		out, err := XML(doc, XMLOptions{})
		if err != nil {
			t.Fatalf("Text accepted the CIB but XML failed: %v", err)
		}
		d := xml.NewDecoder(strings.NewReader(out))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("XML output is not well-formed: %v\n%s", err, out)
			}
		}
	})
}
