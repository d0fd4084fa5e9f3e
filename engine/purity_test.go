package engine

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// forbidden would let I/O, clocks, randomness or concurrency into the
// engine. "sync" alone is allowed: a mutex guards the pending-work flags
// that cmap tracker callbacks (possibly on IPC goroutines) set.
var forbidden = map[string]bool{
	"net": true, "net/netip": true, "os": true, "os/exec": true, "syscall": true,
	"time": true, "math/rand": true, "math/rand/v2": true, "crypto/rand": true,
	"sync/atomic": true, "runtime": true, "unsafe": true, "io/ioutil": true,
	"log": true, "log/slog": true, "golang.org/x/sys/unix": true,
}

// TestEngineIsPure: the engine and its protocol packages use no I/O,
// clocks, randomness, goroutines or channels, so the daemon and the
// simulator run the same code.
func TestEngineIsPure(t *testing.T) {
	for _, dir := range []string{".", "syncproto", "execmsg"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		checked := 0
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			checked++
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				if forbidden[p] || (p == "sync" && dir != ".") {
					t.Errorf("%s: imports %s", fset.Position(imp.Pos()), p)
				}
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n.(type) {
				case *ast.GoStmt:
					t.Errorf("%s: go statement", fset.Position(n.Pos()))
				case *ast.ChanType:
					t.Errorf("%s: channel type", fset.Position(n.Pos()))
				}
				return true
			})
		}
		if checked == 0 {
			t.Fatalf("no sources in %s", dir)
		}
	}
}
