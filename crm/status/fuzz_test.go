package status

import (
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strconv"
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

// FuzzParseOpKey: an operation key that parses puts back together as
// RSC_TASK_INTERVAL (the key itself when the interval was written plainly).
func FuzzParseOpKey(f *testing.F) {
	for _, k := range []string{"vip_start_0", "my_ip_monitor_10000", "db:0_migrate_to_0",
		"web_pre_notify_promote_0", "vip", "vip_start_x", "a__0"} {
		f.Add(k)
	}
	f.Fuzz(func(t *testing.T, key string) {
		rsc, task, iv, ok := parseOpKey(key)
		if !ok {
			return
		}
		if rsc == "" || task == "" || iv < 0 {
			t.Fatalf("%q: empty part: %q %q %d", key, rsc, task, iv)
		}
		if back := rsc + "_" + task + "_" + strconv.Itoa(iv); back != key && strconv.Itoa(iv) == key[strings.LastIndexByte(key, '_')+1:] {
			t.Fatalf("%q parsed as %q %q %d", key, rsc, task, iv)
		}
	})
}
