package oracle

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// corpus is ../shared/reference/confs seen from this package.
const corpus = "../../../shared/reference/confs"

// requireBox skips unless boxes can run here (see Require).
func requireBox(t *testing.T) { t.Helper(); Require(t) }

func requireCorpus(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(corpus + "/real"); err != nil {
		t.Skipf("corpus absent: %v", err)
	}
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// assertNoLeftovers checks that no namespace made by this test binary
// remains.
func assertNoLeftovers(t *testing.T) {
	t.Helper()
	out, err := exec.Command("ip", "netns", "list").Output()
	if err != nil {
		t.Fatal(err)
	}
	mine := "gr" + strconv.Itoa(os.Getpid()) + "-"
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, mine) {
			t.Errorf("leftover namespace %q", l)
		}
	}
}

// diff reports the first differing line of two texts.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b || i >= len(w) || i >= len(g) {
			return "line " + strconv.Itoa(i+1) + ":\n  want " + quote(a) + "\n  got  " + quote(b)
		}
	}
	return ""
}

func quote(s string) string { return strconv.Quote(s) }
