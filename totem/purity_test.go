package totem

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// forbiddenImports would let I/O, clocks, randomness or concurrency into
// the pure core: only drivers (transport, simulator) may use them.
var forbiddenImports = map[string]bool{
	"net": true, "net/netip": true, "os": true, "os/exec": true, "syscall": true,
	"time": true, "math/rand": true, "math/rand/v2": true, "crypto/rand": true,
	"sync": true, "sync/atomic": true, "runtime": true, "unsafe": true,
	"golang.org/x/sys/unix": true, "io/ioutil": true, "log": true, "log/slog": true,
}

// TestCoreIsPure fails when the core package or the codecs it builds on
// import I/O, time, randomness or concurrency packages, start goroutines,
// or use channels. It reads the sources with go/parser, so it also guards
// files nobody has compiled yet.
func TestCoreIsPure(t *testing.T) {
	for _, dir := range []string{".", "wire"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			checked++
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range impurities(t, f, src) {
				t.Errorf("%s", p)
			}
		}
		if checked == 0 {
			t.Fatalf("no Go files found in %s", dir)
		}
	}
}

// impurities lists the forbidden constructs in one file.
func impurities(t *testing.T, name string, src []byte) []string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out []string
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if forbiddenImports[path] {
			out = append(out, fset.Position(imp.Pos()).String()+": imports "+path)
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.GoStmt:
			out = append(out, fset.Position(x.Pos()).String()+": go statement")
		case *ast.ChanType:
			out = append(out, fset.Position(x.Pos()).String()+": channel type")
		case *ast.SelectorExpr:
			if id, ok := x.X.(*ast.Ident); ok && id.Name == "time" {
				switch x.Sel.Name {
				case "Now", "Sleep", "After", "AfterFunc", "NewTimer", "NewTicker", "Tick", "Since", "Until":
					out = append(out, fset.Position(x.Pos()).String()+": calls time."+x.Sel.Name)
				}
			}
		}
		return true
	})
	return out
}

// TestPurityCheckerCatches proves the checker is not vacuous.
func TestPurityCheckerCatches(t *testing.T) {
	bad := []byte(`package totem
import (
	"math/rand"
	"time"
)
func f() {
	go func() {}()
	_ = time.Now()
	_ = rand.Int()
	var c chan int
	_ = c
}
`)
	got := impurities(t, "bad.go", bad)
	want := []string{"imports math/rand", "imports time", "go statement", "calls time.Now", "channel type"}
	for _, w := range want {
		found := false
		for _, g := range got {
			if strings.Contains(g, w) {
				found = true
			}
		}
		if !found {
			t.Errorf("checker missed %q; got %q", w, got)
		}
	}
}
