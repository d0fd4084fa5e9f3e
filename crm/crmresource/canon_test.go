package crmresource

import (
	"bytes"
	"encoding/xml"
	"io"
	"sort"
	"strings"
	"testing"
)

// canonical renders XML one element per line with sorted attributes and
// without white space, dropping the <cib> attributes that change with
// every write (epoch, num_updates, cib-last-written), so files written by
// crm_resource and by gocrm compare equal when their content is.
func canonical(t *testing.T, data []byte) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	var b strings.Builder
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("canonical: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			var attrs []string
			for _, a := range x.Attr {
				if x.Name.Local == "cib" && (a.Name.Local == "epoch" || a.Name.Local == "num_updates" || a.Name.Local == "cib-last-written") {
					continue
				}
				attrs = append(attrs, a.Name.Local+"="+a.Value)
			}
			sort.Strings(attrs)
			b.WriteString(strings.Repeat(" ", depth) + "<" + x.Name.Local + " " + strings.Join(attrs, " ") + "\n")
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if s := strings.TrimSpace(string(x)); s != "" {
				b.WriteString(strings.Repeat(" ", depth) + s + "\n")
			}
		}
	}
	return b.String()
}
