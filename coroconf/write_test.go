package coroconf

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/cmap"
)

// parseRoundTrip checks ParseBytes(WriteConf(m)) == m and returns the text.
func parseRoundTrip(t *testing.T, m *cmap.Map) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteConf(&b, m); err != nil {
		t.Fatalf("WriteConf: %v\nmap:\n%s", err, parseDumpMap(m))
	}
	back := cmap.New()
	if err := ParseBytes("written.conf", b.Bytes(), back); err != nil {
		t.Fatalf("reparse: %v\ntext:\n%s", err, b.String())
	}
	if !parseMapsEqual(m, back) {
		t.Fatalf("round trip differs\nwant:\n%s\ngot:\n%s\ntext:\n%s", parseDumpMap(m), parseDumpMap(back), b.String())
	}
	return b.String()
}

// parseSeedFiles lists our own seeds plus the real-world corpus, when present.
func parseSeedFiles(t testing.TB) []string {
	own, _ := filepath.Glob("testdata/parse/*.conf")
	real, _ := filepath.Glob("../../shared/reference/confs/real/*.conf")
	if len(own) == 0 {
		t.Fatal("no seeds in testdata/parse")
	}
	return append(own, real...)
}

func TestWriteRoundTripFiles(t *testing.T) {
	parseStubLookup(t, nil, nil)
	for _, f := range parseSeedFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			m := cmap.New()
			if err := ParseBytes(f, src, m); err != nil {
				t.Fatal(err)
			}
			parseRoundTrip(t, m)
		})
	}
}

func TestWriteRoundTripMappingCases(t *testing.T) {
	parseStubLookup(t, map[string]uint32{"alice": 501}, map[string]uint32{"staff": 50})
	for _, c := range parseMapCases {
		m := cmap.New()
		if err := ParseBytes("t.conf", []byte(c.src), m); err != nil {
			t.Fatal(err)
		}
		parseRoundTrip(t, m)
	}
}

// Maps that no parser input produces directly in section form still round
// trip: the writer falls back to dotted keys at a shallower level.
func TestWriteOddButWritable(t *testing.T) {
	m := cmap.New()
	set := func(k string, v cmap.Value) {
		if err := m.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	set("totem.token", cmap.Str("abc"))                  // str where the totem section types u32
	set("totem.crypto_cipher", cmap.Str("rot13"))        // fails the keyword check in totem {}
	set("quorum.two_node", cmap.Str("yes"))              // str where quorum {} types u8
	set("resources.foo.watchdog_timeout", cmap.Str("x")) // key-typed in resources {}
	set("totem.interface.0.mcastport", cmap.Str("5405")) // str where interface {} types u16
	set("totem.interface.2.member.1", cmap.Str("a"))     // member numbers with a gap
	set("totem.interface.300.ttl", cmap.Str("1"))        // link number out of u8 range
	set("nodelist.node.7.ring0_addr", cmap.Str("n7"))    // node index gap
	set("nodelist.node.100000.name", cmap.Str("far"))    // beyond the node-section limit
	set("nodelist.node.01.name", cmap.Str("zero-one"))   // not a %u spelling
	set("nodelist.node.3.nodeid", cmap.Str("three"))     // str where node {} types u32
	set("uidgid.config.uid.5", cmap.Str("1"))            // str where uidgid {} stores u8
	set("uidgid.other", cmap.Str("x"))                   // uidgid {} accepts only uid/gid
	set("logging.logger_subsys.a:b.subsys", cmap.Str("a:b"))
	set("logging.logger_subsys.a:b.debug", cmap.Str("on"))
	set("logging.logger_subsys.X.debug", cmap.Str("orphan")) // no .subsys key
	set("totem.", cmap.Str("empty key"))
	set("a..b", cmap.Str("double dot"))
	set("nozzle.cr", cmap.Str("ends in CR\r"))
	set("nozzle.colon", cmap.Str(": leading colon"))
	set("nozzle.empty", cmap.Str(""))
	set("abc", cmap.Str("top"))
	set("nozzle.long", cmap.Str(strings.Repeat("v", 490)))
	text := parseRoundTrip(t, m)
	if !strings.Contains(text, "subsys: a:b") {
		t.Errorf("expected a logger_subsys section for a:b:\n%s", text)
	}
}

func TestWriteUnwritable(t *testing.T) {
	for name, kv := range map[string]struct {
		key string
		v   cmap.Value
	}{
		"brace in value":           {"totem.cluster_name", cmap.Str("a{b")},
		"newline in value":         {"totem.cluster_name", cmap.Str("a\nb")},
		"leading blank":            {"totem.cluster_name", cmap.Str(" a")},
		"trailing blank":           {"totem.cluster_name", cmap.Str("a\t")},
		"colon in last component":  {"nozzle.a:b", cmap.Str("x")},
		"type never produced":      {"totem.token", cmap.I16(3)},
		"float":                    {"totem.foo", cmap.Dbl(1)},
		"bin":                      {"totem.foo", cmap.Bin([]byte("x"))},
		"u32 at an untyped path":   {"totem.foo", cmap.U32(1)},
		"runtime key":              {"nodelist.local_node_pos", cmap.U32(0)},
		"u8 where u32 is typed":    {"totem.token", cmap.U8(1)},
		"ping interval > INT_MAX":  {"totem.interface.0.knet_ping_interval", cmap.U32(3000000000)},
		"255-character key":        {strings.Repeat("k", 255), cmap.Str("x")},
		"nodeid beyond node limit": {"nodelist.node.100000.nodeid", cmap.U32(1)},
		"uidgid value not 1":       {"uidgid.config.uid.5", cmap.U8(2)},
		"too long for one line":    {"nozzle.x", cmap.Str(strings.Repeat("v", 510))},
	} {
		t.Run(name, func(t *testing.T) {
			m := cmap.New()
			m.Set("totem.version", cmap.U32(2))
			if err := m.Set(kv.key, kv.v); err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			err := WriteConf(&b, m)
			if !errors.Is(err, ErrUnwritable) {
				t.Fatalf("want ErrUnwritable, got %v\n%s", err, b.String())
			}
			if b.Len() != 0 {
				t.Errorf("wrote %d bytes despite the error", b.Len())
			}
		})
	}
}

func TestWriteLayout(t *testing.T) {
	m := cmap.New()
	src := "totem {\n\tversion: 2\n\tinterface {\n\t\tlinknumber: 1\n\t\tmcastport: 5405\n\t}\n}\nnodelist {\n\tnode {\n\t\tnodeid: 1\n\t\tring0_addr: a\n\t}\n}\nlogging {\n\tlogger_subsys {\n\t\tsubsys: QUORUM\n\t\tdebug: on\n\t}\n}\nuidgid {\n\tuid: 0\n}\n"
	if err := ParseBytes("l.conf", []byte(src), m); err != nil {
		t.Fatal(err)
	}
	want := "uidgid {\n\tuid: 0\n}\ntotem {\n\tversion: 2\n\tinterface {\n\t\tlinknumber: 1\n\t\tmcastport: 5405\n\t}\n}\nnodelist {\n\tnode {\n\t\tnodeid: 1\n\t\tring0_addr: a\n\t}\n}\nlogging {\n\tlogger_subsys {\n\t\tsubsys: QUORUM\n\t\tdebug: on\n\t}\n}\n"
	if got := parseRoundTrip(t, m); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
