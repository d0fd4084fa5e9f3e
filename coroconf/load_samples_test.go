package coroconf

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/cmap"
)

// TestSamples loads the lab clusters' corosync.conf as node n1
// (10.210.0.1) and compares the totem., nodelist. and runtime.config.totem.
// keys with n1's corosync-cmapctl dump.
func TestSamples(t *testing.T) {
	confs, _ := filepath.Glob("../../shared/reference/samples/*/corosync.conf")
	if len(confs) == 0 {
		t.Skip("samples not available")
	}
	env := fakeEnv("n1", "10.210.0.1 n1\n10.210.0.2 n2\n10.210.0.3 n3\n", []string{"127.0.0.1", "10.210.0.1"}, nil)
	for _, conf := range confs {
		dump, err := os.ReadFile(filepath.Join(filepath.Dir(conf), "n1.corosync-cmapctl.txt"))
		if err != nil {
			continue
		}
		t.Run(filepath.Base(filepath.Dir(conf)), func(t *testing.T) {
			res := Load(conf, env)
			if res.Fatal != nil {
				t.Fatalf("fatal: %s", res.Fatal.Text)
			}
			for _, p := range []string{"totem.", "nodelist.", "runtime.config.totem."} {
				var want strings.Builder
				sc := bufio.NewScanner(bytes.NewReader(dump))
				for sc.Scan() {
					if strings.HasPrefix(sc.Text(), p) {
						want.WriteString(sc.Text() + "\n")
					}
				}
				var got bytes.Buffer
				if _, err := cmap.Dump(&got, res.Map, []string{p}, cmap.PrintOptions{}); err != nil {
					t.Fatal(err)
				}
				if got.String() != want.String() {
					t.Errorf("%s:\n%s\nwant:\n%s", p, got.String(), want.String())
				}
			}
		})
	}
}
