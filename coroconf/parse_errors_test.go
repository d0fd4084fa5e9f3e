package coroconf

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/cmap"
)

// parseErrCase is one input that corosync 3.1.7 rejects at parse time.
// Every case marked live was checked against `corosync -t -c` of Debian's
// corosync 3.1.7-1+deb12u2 (rerun with COROCONF_ORACLE=1).
type parseErrCase struct {
	name   string
	src    string
	line   int
	reason string
	live   bool // verified with the real binary
}

func parseLong(prefix string, n int, c byte) string { return prefix + strings.Repeat(string(c), n) }

var parseErrCases = []parseErrCase{
	// Lexical rules (fgets with a 512-byte buffer).
	{"line 511 chars + newline", parseLong("cluster_name: ", 497, 'x') + "\n", 1, "Line too long", true},
	{"line 511 chars at EOF without newline", parseLong("cluster_name: ", 497, 'x'), 1, "Line too long", true},
	{"line 512 chars at EOF", parseLong("cluster_name: ", 498, 'x'), 1, "Line too long", true},
	{"long second line", "\n" + parseLong("cluster_name: ", 497, 'x') + "\n", 2, "Line too long", true},
	{"long comment", parseLong("#", 1021, 'x') + "\n", 1, "Line too long", true},
	{"NUL inside a line", "totem {\nab\x00cd\n}\n", 2, "Line too long", true},
	{"missing brace, blank lines", "a {\n\n\n", 3, "Missing closing brace", true},
	{"missing brace, nested", "a {\nb {\n}\n#c\n", 4, "Missing closing brace", true},
	{"missing brace, counted to last line", "totem {\n  version: 2\n", 2, "Missing closing brace", true},
	{"missing brace, last line without newline", "a {\nb: c", 2, "Missing closing brace", true},
	{"extra after {", "totem { x\n}\n", 1, "Extra characters after opening bracket '{'", true},
	{"two {", "totem {{\n}\n}\n", 1, "Extra characters after opening bracket '{'", true},
	{"no section name", " {\n}\n", 1, "Missing section name before opening bracket '{'", true},
	{"brace in value", "totem {\n ab: x{\n}\n", 3, "Missing closing brace", true},
	{"extra around }", "totem {\n} x\n}\n", 2, "Extra characters before or after closing bracket '}'", true},
	{"top-level }", "}\n", 1, "Unexpected closing brace", true},
	{"junk line", "hello\n", 1, "Line is not opening or closing section or key value", true},
	// icmap key-name checks.
	{"blank in key", "a b c: x\n", 1, `Can't store key "a b c" into icmap, returned error is CS_ERR_NAME_TOO_LONG`, true},
	{"bad char in key", "ab!: x\n", 1, `Can't store key "ab!" into icmap, returned error is CS_ERR_NAME_TOO_LONG`, true},
	{"colon key", ": x\n", 1, `Can't store key ":" into icmap, returned error is CS_ERR_NAME_TOO_LONG`, true},
	{"empty key", ":x\n", 1, `Can't store key "" into icmap, returned error is CS_ERR_NAME_TOO_LONG`, true},
	{"short key after NUL at EOF", "a: b\x00cd", 1, `Can't store key "a" into icmap, returned error is CS_ERR_NAME_TOO_LONG`, true},
	{"blank in section", "to tem {\n ab: x\n}\n", 2, `Can't store key "to tem.ab" into icmap, returned error is CS_ERR_NAME_TOO_LONG`, true},
	{"} with colon", "totem {\n}:\n}\n", 2, `Can't store key "totem.}" into icmap, returned error is CS_ERR_NAME_TOO_LONG`, true},
	{"key path 255", "totem {\n" + parseLong("", 249, 'k') + ": x\n}\n", 2, "New key makes total cmap path too long", true},
	{"key path 256", "totem {\n" + parseLong("", 250, 'k') + ": x\n}\n", 2, "New key makes total cmap path too long", true},
	{"section path 254", parseLong("", 254, 'k') + " {\n}\n", 1, "Start of section makes total cmap path too long", true},
	{"node key too long", "nodelist {\nnode {\n" + parseLong("", 241, 'k') + ": x\n}\n}\n", 3, "New key makes total cmap path too long", true},
	{"message overflows 256 bytes", "nodelist {\nnode {\n" + parseLong("", 237, 'k') + "!: x\n}\n}\n", 3, "Can't format parser error message", true},
	// Keyword checks.
	{"crypto_model", "totem {\n crypto_model: foo\n}\n", 2, "Invalid crypto model. Should be nss or openssl", true},
	{"compression model none", "totem {\n knet_compression_model: none\n}\n", 2, "Invalid compression model. Should be zlib, lz4, lz4hc, lzo2, lzma, bzip2 or zstd", true},
	{"crypto_cipher", "totem {\n crypto_cipher: foo\n}\n", 2, "Invalid cipher type. Should be none, aes256, aes192 or aes128", true},
	{"crypto_hash", "totem {\n crypto_hash: foo\n}\n", 2, "Invalid hash type. Should be none, md5, sha1, sha256, sha384 or sha512", true},
	{"ip_version", "totem {\n ip_version: foo\n}\n", 2, "Invalid ip_version type", true},
	{"qb_ipc_type", "system {\n qb_ipc_type: foo\n}\n", 2, "Invalid system.qb_ipc_type", true},
	{"sched_rr", "system {\n sched_rr: foo\n}\n", 2, "Invalid system.sched_rr value", true},
	{"move_to_root_cgroup", "system {\n move_to_root_cgroup: foo\n}\n", 2, "Invalid system.move_to_root_cgroup", true},
	{"allow_knet_handle_fallback", "system {\n allow_knet_handle_fallback: foo\n}\n", 2, "Invalid system.allow_knet_handle_fallback", true},
	// Integers.
	{"two_node yes", "quorum {\n two_node: yes\n}\n", 2, `Value of key "quorum.two_node" is expected to be integer in range (0..255), but "yes" was given`, true},
	{"mcastport", "totem {\n interface {\n mcastport: 70000\n}\n}\n", 3, `Value of key "totem.interface.mcastport" is expected to be integer in range (0..65535), but "70000" was given`, true},
	{"ttl", "totem {\ninterface {\nttl: 256\n}\n}\n", 3, `Value of key "totem.interface.ttl" is expected to be integer in range (0..255), but "256" was given`, true},
	{"linknumber", "totem {\ninterface {\nlinknumber: 256\n}\n}\n", 3, `Value of key "totem.interface.linknumber" is expected to be integer in range (0..255), but "256" was given`, true},
	{"u32 overflow", "totem {\ntoken: 4294967296\n}\n", 2, `Value of key "totem.token" is expected to be integer in range (0..4294967295), but "4294967296" was given`, true},
	{"long long overflow", "totem {\ntoken: 99999999999999999999\n}\n", 2, `Value of key "totem.token" is expected to be integer in range (0..4294967295), but "99999999999999999999" was given`, true},
	{"i32 underflow", "totem {\nknet_compression_level: -2147483649\n}\n", 2, `Value of key "totem.knet_compression_level" is expected to be integer in range (-2147483648..2147483647), but "-2147483649" was given`, true},
	{"nodeid -1", "nodelist {\nnode {\nnodeid: -1\n}\n}\n", 3, `Value of key "nodelist.node.0.nodeid" is expected to be integer in range (0..4294967295), but "-1" was given`, true},
	{"nodeid hex", "nodelist {\nnode {\nnodeid: 0x10\n}\n}\n", 3, `Value of key "nodelist.node.0.nodeid" is expected to be integer in range (0..4294967295), but "0x10" was given`, true},
	{"second node nodeid", "nodelist {\nnode {\n}\nnode {\nquorum_votes: x\n}\n}\n", 5, `Value of key "nodelist.node.1.quorum_votes" is expected to be integer in range (0..4294967295), but "x" was given`, true},
	{"empty nodeid", "totem {\nnodeid:\n}\n", 2, `Value of key "totem.nodeid" is expected to be integer in range (0..4294967295), but "" was given`, true},
	{"watchdog_timeout", "resources {\nwatchdog_timeout: x\n}\n", 2, `Value of key "resources.watchdog_timeout" is expected to be integer in range (0..4294967295), but "x" was given`, true},
	{"trailing CR in number", "totem {\ntoken: 5\r\r\n}\n", 2, "Value of key \"totem.token\" is expected to be integer in range (0..4294967295), but \"5\r\" was given", true},
	// Section-end checks report the line of the closing brace.
	{"logger_subsys without subsys", "logging {\nlogger_subsys {\ndebug: on\n\n}\n}\n", 5, "No subsys key in logger_subsys directive", true},
	{"logging_daemon without name", "logging {\nlogging_daemon {\nfoo: x\n}\n}\n", 4, "No name key in logging_daemon directive", true},
	{"member other key", "totem {\ninterface {\nmember {\nfoo: x\n}\n}\n}\n", 4, "Only memberaddr is allowed in member section", true},
	// uidgid (unknown names are unknown to the real NSS too).
	{"unknown user", "uidgid {\nuid: nosuchuserx\n}\n", 2, "The 'nosuchuserx' user is not found in /etc/passwd, please read the documentation.", true},
	{"unknown group", "uidgid {\ngid: nosuchgrpx\n}\n", 2, "The 'nosuchgrpx' group is not found in /etc/group, please read the documentation.", true},
	{"uidgid other key", "uidgid {\nfoo: x\n}\n", 2, "uidgid: Only uid and gid are allowed items", true},
	{"uid -1 is a name", "uidgid {\nuid: -1\n}\n", 2, "The '-1' user is not found in /etc/passwd, please read the documentation.", true},
	{"uid empty", "uidgid {\nuid:\n}\n", 2, "The '' user is not found in /etc/passwd, please read the documentation.", true},
	{"uid 4294967295 (corosync's -1)", "uidgid {\nuid: 4294967295\n}\n", 2, "", true},
}

func TestParseErrors(t *testing.T) {
	oracle := parseOracleEnabled(t)
	for _, c := range parseErrCases {
		t.Run(c.name, func(t *testing.T) {
			name := "/tmp/x.conf"
			if oracle {
				file, line := parseOracle(t, []byte(c.src))
				name = file
				want := fmt.Sprintf("parser error: %s:%d: %s", file, c.line, c.reason)
				if c.reason == parseCantFormat && c.line == 0 {
					want = parseCantFormat
				}
				if line != want {
					t.Errorf("oracle disagrees with the table:\n got  %q\n want %q", line, want)
				}
			}
			m := cmap.New()
			m.Set("pre.existing", cmap.U8(7))
			err := ParseBytes(name, []byte(c.src), m)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("want *ParseError, got %v", err)
			}
			if pe.Line != c.line || pe.Reason != c.reason || pe.File != name {
				t.Errorf("got %+v, want line %d reason %q", *pe, c.line, c.reason)
			}
			want := fmt.Sprintf("parser error: %s:%d: %s", name, c.line, c.reason)
			if err.Error() != want {
				t.Errorf("Error() = %q, want %q", err.Error(), want)
			}
			if m.Len() != 1 {
				t.Errorf("map was modified on error: %s", parseDumpMap(m))
			}
		})
	}
}

// The whole message is cut to a fixed text when it overflows corosync's
// 384-byte buffer (e.g. a long file name).
func TestParseErrorFormatOverflow(t *testing.T) {
	name := "/" + strings.Repeat("d", 400) + ".conf"
	err := ParseBytes(name, []byte("}\n"), cmap.New())
	if err == nil || err.Error() != "Can't format parser error message" {
		t.Fatalf("got %v", err)
	}
	short := &ParseError{File: "f", Line: 3, Reason: "r"}
	if short.Error() != "parser error: f:3: r" {
		t.Fatalf("got %q", short.Error())
	}
}

// Corosync aborts on an assertion when a u64 value does not parse (checked
// live: "Assertion `safe_atoq_range(...) == 0' failed"); we report an error in
// the usual form instead.
func TestParseU64Deviation(t *testing.T) {
	for _, c := range []struct{ src, key, val string }{
		{"totem {\nconfig_version: 18446744073709551616\n}\n", "totem.config_version", "18446744073709551616"},
		{"totem {\nconfig_version: x\n}\n", "totem.config_version", "x"},
		{"resources {\nsystem {\nmemory_used {\npoll_period: x\n}\n}\n}\n", "resources.system.memory_used.poll_period", "x"},
	} {
		err := ParseBytes("f", []byte(c.src), cmap.New())
		want := fmt.Sprintf(`Value of key "%s" is expected to be integer in range (0..18446744073709551615), but "%s" was given`, c.key, c.val)
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Reason != want {
			t.Errorf("%q: got %v, want reason %q", c.src, err, want)
		}
	}
}
