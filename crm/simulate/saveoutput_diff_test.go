package simulate

import (
	"bytes"
	"context"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorosync/gorosync/crm/simulate/gen"
)

var flagSaveSeeds = flag.Int("save-seeds", 30, "number of generated clusters TestSaveOutputDifferential compares with crm_simulate -S -O")

// TestSaveOutputDifferential: for generated clusters (with the events and
// the --op-fail of TestOpFailDifferential, where they draw one), the CIB
// gocrm simulate -S -O saves has the status section crm_simulate -S -O
// saves: every node_state, history entry and transient attribute, in
// order, with the same attributes (the clock's values masked). More
// seeds: `go test ./crm/simulate -run SaveOutput -args -save-seeds 400`.
func TestSaveOutputDifferential(t *testing.T) {
	bin := needOracle(t)
	n := seedCount(*flagSaveSeeds, 20)
	var mu sync.Mutex
	unknownDigests := 0
	compareSeeds(t, *flagFirst, n, func(ctx context.Context, dir string, seed uint64) seedResult {
		res := seedResult{seed: seed}
		c, _, in, spec, err := opFailCase(seed, &res)
		if err != nil {
			res.err = err
			return res
		}
		opts := Options{Inject: in, Simulate: true, Now: gen.Now, NowText: gen.Now.Format(time.RFC3339),
			Clock: func() time.Time { return gen.Now }}
		args := injectionArgs(in)
		if spec != "" {
			args = append(args, "-F", spec)
			opts.OpFail = []string{spec}
		}
		saved := filepath.Join(dir, "saved.xml")
		res.note = fmt.Sprintf(" (crm_simulate -S -O %s)", strings.Join(args, " "))
		if _, err := RunOracle(ctx, bin, dir, res.xml, append([]string{"-t", opts.NowText, "-O", saved}, args...)...); err != nil {
			res.err = err
			return res
		}
		theirs, err := os.ReadFile(saved)
		if err != nil {
			res.err = err
			return res
		}
		_, doc, err := RunAndSave(c, opts)
		if err != nil {
			res.err = err
			return res
		}
		ours, err := doc.Marshal()
		if err != nil {
			res.err = err
			return res
		}
		// Digests of primitives with parameters are not computed: where
		// gocrm records none, crm_simulate's is not compared.
		oursDigests := map[string]bool{}
		if res.ours, err = canonicalStatus(ours, nil, oursDigests); err != nil {
			res.err = err
			return res
		}
		res.their, res.err = canonicalStatus(theirs, oursDigests, nil)
		mu.Lock()
		unknownDigests += strings.Count(res.their, "op-digest=?")
		mu.Unlock()
		return res
	})
	t.Logf("%d history entries without a digest gocrm computes", unknownDigests)
}

// canonicalStatus renders a CIB's status section one element a line
// (path, then attributes sorted), masking what the clock decides
// (last-rc-change, last-failure-* values) and, unless keep names the
// entry, its op-digest. Entries with a digest are noted in digests.
func canonicalStatus(doc []byte, keep, digests map[string]bool) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(doc))
	var b strings.Builder
	var path []string
	inStatus := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		switch el := tok.(type) {
		case xml.StartElement:
			path = append(path, el.Name.Local)
			if el.Name.Local == "status" {
				inStatus = true
			}
			if !inStatus || el.Name.Local == "status" {
				continue
			}
			attrs := map[string]string{}
			for _, a := range el.Attr {
				attrs[a.Name.Local] = a.Value
			}
			entry := strings.Join(path, "/") + "#" + attrs["id"]
			if _, ok := attrs["last-rc-change"]; ok {
				attrs["last-rc-change"] = "NOW"
			}
			if strings.HasPrefix(attrs["name"], "last-failure-") {
				attrs["value"] = "NOW"
			}
			if _, ok := attrs["op-digest"]; ok {
				if digests != nil {
					digests[entry] = true
				}
				if keep != nil && !keep[entry] {
					attrs["op-digest"] = "?"
				}
			}
			var keys []string
			for k := range attrs {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			fmt.Fprintf(&b, "%s%s", strings.Repeat("  ", len(path)-3), el.Name.Local)
			for _, k := range keys {
				fmt.Fprintf(&b, " %s=%s", k, attrs[k])
			}
			b.WriteString("\n")
		case xml.EndElement:
			if el.Name.Local == "status" {
				inStatus = false
			}
			path = path[:len(path)-1]
		}
	}
	return b.String(), nil
}
