package coroconf

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/cmap"
)

// FuzzParse: the parser never panics, fails only with *ParseError and then
// leaves the map untouched, and every map it produces is either written back
// by WriteConf to text that parses to the same map, or refused with
// ErrUnwritable (only for the few shapes listed in parseFuzzUnwritable).
func FuzzParse(f *testing.F) {
	for _, p := range parseSeedFiles(f) {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	for _, c := range parseMapCases {
		f.Add([]byte(c.src))
	}
	for _, c := range parseErrCases {
		f.Add([]byte(c.src))
	}
	f.Add([]byte("logging {\nlogging_daemon {\nname: a:b\nx: y\n}\n}\n"))
	f.Add([]byte("totem {\ninterface {\nmember {\nmemberaddr: a\n}\nsub {\n}\n}\n}\n"))
	old := uidgidLookup
	uidgidLookup = func(string, bool) (uint32, bool, error) { return 0, false, nil }
	f.Cleanup(func() { uidgidLookup = old })
	f.Fuzz(func(t *testing.T, src []byte) {
		m := cmap.New()
		m.Set("pre.existing", cmap.U8(1))
		err := ParseBytes("fuzz.conf", src, m)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if m.Len() != 1 {
				t.Fatalf("map modified on error")
			}
			return
		}
		m.Delete("pre.existing")
		var b bytes.Buffer
		if err := WriteConf(&b, m); err != nil {
			if !errors.Is(err, ErrUnwritable) || !parseFuzzUnwritable(m) {
				t.Fatalf("WriteConf: %v\nmap:\n%s", err, parseDumpMap(m))
			}
			return
		}
		back := cmap.New()
		if err := ParseBytes("written.conf", b.Bytes(), back); err != nil {
			t.Fatalf("reparse: %v\n%s", err, b.String())
		}
		if !parseMapsEqual(m, back) {
			t.Fatalf("round trip differs:\n%s\nvs\n%s", parseDumpMap(m), parseDumpMap(back))
		}
	})
}

// parseFuzzUnwritable lists the parser outputs WriteConf may refuse: a
// logging key with a ':' (a logger_subsys or logging_daemon subsys/name value
// can put one, even a trailing one, into a key where no section name or item
// key can spell it) and keys corosync cut to 254 characters.
func parseFuzzUnwritable(m *cmap.Map) bool {
	for k := range m.All("") {
		if len(k) >= cmap.KeyNameMaxLen-1 {
			return true
		}
		if strings.HasPrefix(k, "logging.") && strings.Contains(k, ":") {
			return true
		}
	}
	return false
}
