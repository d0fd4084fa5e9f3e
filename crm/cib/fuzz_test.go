package cib

import (
	"bytes"
	"os"
	"testing"
)

// FuzzParse: the reader never panics, and whatever it accepts writes back
// to XML that reads again and writes identically (a fixed point).
func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/n2-dummy.xml", "testdata/n2-real.xml"} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(unknownDoc))
	f.Add([]byte(`<cib><configuration><resources><clone id="c"><primitive id="p" class="ocf" provider="x" type="y"/></clone></resources></configuration></cib>`))
	f.Add([]byte(setsDoc))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("fuzz", data)
		if err != nil {
			return
		}
		_ = c.Validate()
		out1, err := c.Marshal()
		if err != nil {
			return // e.g. names encoding/xml cannot write back
		}
		c2, err := Parse("fuzz2", out1)
		if err != nil {
			t.Fatalf("rewritten CIB does not parse: %v\n%s", err, out1)
		}
		out2, err := c2.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out1, out2) {
			t.Fatalf("not a fixed point:\n%s\n---\n%s", out1, out2)
		}
	})
}
