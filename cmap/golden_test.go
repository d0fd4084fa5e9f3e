package cmap

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// reprint parses every line of a real corosync-cmapctl dump and prints it
// again with the same options; the result must be byte-identical.
func reprint(t *testing.T, path string, opt PrintOptions, sorted bool) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lines []DumpLine
	if sorted {
		lines, err = ParseDump(bytes.NewReader(data), path)
		if err != nil {
			t.Fatal(err)
		}
	} else {
		for i, l := range strings.SplitAfter(string(data), "\n") {
			if l == "" {
				continue
			}
			d, err := ParseDumpLine(strings.TrimSuffix(l, "\n"))
			if err != nil {
				t.Fatalf("%s:%d: %v", path, i+1, err)
			}
			lines = append(lines, d)
		}
	}
	if len(lines) == 0 && len(data) > 0 {
		t.Fatalf("%s: no lines", path)
	}
	var out []byte
	for _, d := range lines {
		out = AppendKey(out, d.Key, d.Value, opt)
	}
	if !bytes.Equal(out, data) {
		t.Errorf("%s: reprint differs\n%s", path, firstDiff(out, data))
	}
	// Through a Map and Dump as well (a full dump is sorted and unique).
	if sorted {
		m, err := DumpToMap(lines)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		n, err := Dump(&buf, m, nil, opt)
		if err != nil || n != len(lines) {
			t.Fatalf("Dump: n=%d err=%v, want %d", n, err, len(lines))
		}
		if !bytes.Equal(buf.Bytes(), data) {
			t.Errorf("%s: Dump differs\n%s", path, firstDiff(buf.Bytes(), data))
		}
	}
}

func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) && i < len(w); i++ {
		if g[i] != w[i] {
			return "line " + itoa(i+1) + ":\n got  " + g[i] + "\n want " + w[i]
		}
	}
	return "lengths differ: got " + itoa(len(g)) + " lines, want " + itoa(len(w))
}

func itoa(i int) string { return string(AppendValue(nil, I64(int64(i)))) }

func TestGoldenTestdata(t *testing.T) {
	for _, c := range []struct {
		file   string
		opt    PrintOptions
		sorted bool
	}{
		{"dump.txt", PrintOptions{}, true},
		{"dump-b.txt", PrintOptions{Binary: true}, true},
		{"stats-dump.txt", PrintOptions{}, true},
		{"sample-n3-udpu-n1.txt", PrintOptions{}, true},
	} {
		t.Run(c.file, func(t *testing.T) {
			reprint(t, filepath.Join("testdata", "real317", c.file), c.opt, c.sorted)
		})
	}
}

// TestGoldenQuiet checks -q output against the values parsed from the
// matching full dumps (-q lines carry no key, so they cannot be parsed alone).
func TestGoldenQuiet(t *testing.T) {
	for _, c := range []struct{ full, quiet string }{
		{"dump.txt", "dump-q.txt"},
		{"dump-b.txt", "dump-bq.txt"},
	} {
		full, err := os.Open(filepath.Join("testdata", "real317", c.full))
		if err != nil {
			t.Fatal(err)
		}
		lines, err := ParseDump(full, c.full)
		full.Close()
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("testdata", "real317", c.quiet))
		if err != nil {
			t.Fatal(err)
		}
		opt := PrintOptions{Quiet: true, Binary: strings.Contains(c.full, "-b")}
		var got []byte
		for _, d := range lines {
			got = AppendKey(got, d.Key, d.Value, opt)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %s", c.quiet, firstDiff(got, want))
		}
	}
}

// TestGoldenShared re-prints every real dump in the shared reference corpus.
func TestGoldenShared(t *testing.T) {
	ref := filepath.Join("..", "..", "shared", "reference")
	if _, err := os.Stat(ref); err != nil {
		t.Skip("shared reference corpus not present")
	}
	samples, _ := filepath.Glob(filepath.Join(ref, "samples", "*", "*.corosync-cmapctl.txt"))
	full, _ := filepath.Glob(filepath.Join(ref, "confs", "real", "*.cmap-expected"))
	partial, _ := filepath.Glob(filepath.Join(ref, "confs", "real", "*.cmap-*-expected"))
	if len(samples)+len(full)+len(partial) == 0 {
		t.Skip("no dumps in shared reference corpus")
	}
	for _, f := range append(samples, full...) {
		t.Run(filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f), func(t *testing.T) {
			reprint(t, f, PrintOptions{}, true)
		})
	}
	for _, f := range partial { // made with -b and one prefix: sorted too
		t.Run(filepath.Base(f), func(t *testing.T) {
			// an empty file is a prefix that matched nothing (the tool exited 1)
			reprint(t, f, PrintOptions{Binary: true}, true)
		})
	}
}
