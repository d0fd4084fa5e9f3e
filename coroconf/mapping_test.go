package coroconf

import (
	"strings"
	"testing"

	"github.com/gorosync/gorosync/cmap"
)

// parseMapCase maps a file to the exact cmap it must produce (all keys).
// Cases marked "daemon" were checked on a real corosync 3.1.7 started in a
// private network namespace, dumping its map with corosync-cmapctl.
type parseMapCase struct {
	name string
	src  string
	want string // cmapctl lines
}

var parseMapCases = []parseMapCase{
	{"totem typed keys", "totem {\n version: 2\n token: +3000\n config_version: -1\n knet_compression_level: -5\n join: \v7\n netmtu: 1500\n cluster_name: c\n crypto_cipher: aes256\n}\n",
		// daemon: "+3000" → 3000 and config_version -1 → 2^64-1 (strtoull).
		`totem.cluster_name (str) = c
totem.config_version (u64) = 18446744073709551615
totem.crypto_cipher (str) = aes256
totem.join (u32) = 7
totem.knet_compression_level (i32) = -5
totem.netmtu (u32) = 1500
totem.token (u32) = 3000
totem.version (u32) = 2
`},
	{"u32 accepts -0 and keyword values are kept as strings", "totem {\n token: -0\n ip_version: ipv4-6\n crypto_model: nss\n knet_compression_model: zlib\n}\n",
		`totem.crypto_model (str) = nss
totem.ip_version (str) = ipv4-6
totem.knet_compression_model (str) = zlib
totem.token (u32) = 0
`},
	{"interface keys by link", "totem {\n interface {\n  linknumber: 1\n  bindnetaddr: 10.0.0.0\n  mcastaddr: 239.1.1.1\n  mcastport: 5405\n  ttl: 1\n  broadcast: yes\n  knet_link_priority: 5\n  knet_ping_interval: 1000\n  knet_ping_timeout: 2000\n  knet_ping_precision: 64\n  knet_pong_count: 2\n  knet_transport: sctp\n  ringnumber: 0\n  foo: bar\n }\n}\n",
		`totem.interface.1.bindnetaddr (str) = 10.0.0.0
totem.interface.1.broadcast (str) = yes
totem.interface.1.knet_link_priority (u8) = 5
totem.interface.1.knet_ping_interval (u32) = 1000
totem.interface.1.knet_ping_precision (u32) = 64
totem.interface.1.knet_ping_timeout (u32) = 2000
totem.interface.1.knet_pong_count (u32) = 2
totem.interface.1.knet_transport (str) = sctp
totem.interface.1.mcastaddr (str) = 239.1.1.1
totem.interface.1.mcastport (u16) = 5405
totem.interface.1.ttl (u8) = 1
totem.interface.foo (str) = bar
totem.interface.ringnumber (str) = 0
`},
	{"knet ping values above INT_MAX are dropped", "totem {\n interface {\n  knet_ping_interval: 5\n  knet_ping_interval: 3000000000\n  knet_pong_count: 2147483647\n }\n}\n",
		`totem.interface.0.knet_pong_count (u32) = 2147483647
`},
	{"same linknumber twice merges, members numbered last-first", "totem {\n interface {\n  linknumber: 0\n  knet_ping_interval: 1000\n  member {\n   memberaddr: 10.0.0.1\n  }\n  member {\n   memberaddr: 10.0.0.2\n   memberaddr: 10.0.0.3\n  }\n }\n interface {\n  linknumber: 0\n  knet_pong_count: 3\n }\n}\n",
		// daemon: member.0 = 10.0.0.3, member.2 = 10.0.0.1.
		`totem.interface.0.knet_ping_interval (u32) = 1000
totem.interface.0.knet_pong_count (u32) = 3
totem.interface.0.member.0 (str) = 10.0.0.3
totem.interface.0.member.1 (str) = 10.0.0.2
totem.interface.0.member.2 (str) = 10.0.0.1
`},
	{"a section nested in interface flushes it early", "totem {\n interface {\n  mcastaddr: 239.1.1.1\n  sub {\n   z: 1\n  }\n  linknumber: 3\n }\n}\n",
		// daemon: mcastaddr lands on link 0, nothing on link 3.
		`totem.interface.0.mcastaddr (str) = 239.1.1.1
totem.interface.sub.z (str) = 1
`},
	{"nodelist", "nodelist {\n node {\n  ring0_addr: 10.0.0.1\n  ring1_addr: 10.1.0.1\n  name: n1\n  nodeid: 1\n  quorum_votes: 2\n }\n node {\n  ring0_addr: fe80::1\n }\n}\n",
		`nodelist.node.0.name (str) = n1
nodelist.node.0.nodeid (u32) = 1
nodelist.node.0.quorum_votes (u32) = 2
nodelist.node.0.ring0_addr (str) = 10.0.0.1
nodelist.node.0.ring1_addr (str) = 10.1.0.1
nodelist.node.1.ring0_addr (str) = fe80::1
`},
	{"nested section in node advances the node number; a second nodelist restarts at 0",
		"nodelist {\n node {\n  ring0_addr: 127.0.0.2\n  nodeid: 2\n  sub {\n   name: a\n  }\n }\n node {\n  ring0_addr: 127.0.0.5\n  nodeid: 5\n }\n}\nnodelist {\n node {\n  ring0_addr: 127.0.0.1\n  nodeid: 1\n  name: main\n }\n}\n",
		// daemon: exactly this.
		`nodelist.node.0.name (str) = main
nodelist.node.0.nodeid (u32) = 1
nodelist.node.0.ring0_addr (str) = 127.0.0.1
nodelist.node.2.nodeid (u32) = 5
nodelist.node.2.ring0_addr (str) = 127.0.0.5
`},
	{"quorum and device", "quorum {\n provider: corosync_votequorum\n expected_votes: 3\n votes: 1\n two_node: 1\n wait_for_all: 0\n last_man_standing: 1\n last_man_standing_window: 10000\n leaving_timeout: 50\n allow_downscale: 1\n auto_tie_breaker: 1\n auto_tie_breaker_node: lowest\n expected_votes_tracking: 1\n device {\n  model: net\n  timeout: 10000\n  sync_timeout: 30000\n  votes: 1\n  master_wins: 1\n  net {\n   host: qnetd\n  }\n  heuristics {\n   mode: sync\n   timeout: 5\n  }\n }\n foo {\n  two_node: yes\n }\n}\n",
		// daemon: quorum.foo.two_node stays a string.
		`quorum.allow_downscale (u8) = 1
quorum.auto_tie_breaker (u8) = 1
quorum.auto_tie_breaker_node (str) = lowest
quorum.device.heuristics.mode (str) = sync
quorum.device.heuristics.timeout (str) = 5
quorum.device.master_wins (u8) = 1
quorum.device.model (str) = net
quorum.device.net.host (str) = qnetd
quorum.device.sync_timeout (u32) = 30000
quorum.device.timeout (u32) = 10000
quorum.device.votes (u32) = 1
quorum.expected_votes (u32) = 3
quorum.expected_votes_tracking (u8) = 1
quorum.foo.two_node (str) = yes
quorum.last_man_standing (u8) = 1
quorum.last_man_standing_window (u32) = 10000
quorum.leaving_timeout (u32) = 50
quorum.provider (str) = corosync_votequorum
quorum.two_node (u8) = 1
quorum.votes (u32) = 1
quorum.wait_for_all (u8) = 0
`},
	{"typing follows the section state, not the key name", "quorum.two_node: yes\nquorum.device {\n votes: 2\n}\ntotem.interface {\n ttl: 3\n}\n",
		`quorum.device.votes (u32) = 2
quorum.two_node (str) = yes
totem.interface.0.ttl (u8) = 3
`},
	{"logging, logger_subsys (first duplicate wins)", "logging {\n to_syslog: yes\n logfile: /var/log/c.log\n logger_subsys {\n  subsys: QUORUM\n  debug: on\n  debug: off\n  name: x\n }\n}\n",
		// daemon: debug = on.
		`logging.logfile (str) = /var/log/c.log
logging.logger_subsys.QUORUM.debug (str) = on
logging.logger_subsys.QUORUM.name (str) = x
logging.logger_subsys.QUORUM.subsys (str) = QUORUM
logging.to_syslog (str) = yes
`},
	{"logging_daemon forms", "logging {\n logging_daemon {\n  name: corosync\n  to_syslog: no\n  to_syslog: yes\n }\n logging_daemon {\n  name: corosync\n  subsys: CPG\n  debug: on\n }\n logging_daemon {\n  name: other\n  subsys: X\n  debug: on\n }\n logging_daemon {\n  name: other2\n  debug: off\n }\n}\n",
		// daemon (first and third): to_syslog = no; the other.X keys.
		`logging.logger_subsys.CPG.debug (str) = on
logging.logger_subsys.CPG.subsys (str) = CPG
logging.logging_daemon.other.X.debug (str) = on
logging.logging_daemon.other.X.name (str) = other
logging.logging_daemon.other.X.subsys (str) = X
logging.logging_daemon.other2.debug (str) = off
logging.logging_daemon.other2.name (str) = other2
logging.to_syslog (str) = no
`},
	{"system, resources, pload, nozzle, unknown sections", "system {\n qb_ipc_type: shm\n sched_rr: no\n priority: max\n move_to_root_cgroup: auto\n allow_knet_handle_fallback: yes\n state_dir: /var/lib/x\n}\nresources {\n watchdog_timeout: 6\n system {\n  memory_used {\n   poll_period: 3000\n   recovery: reboot\n  }\n  load_15min {\n   poll_period: 5\n  }\n }\n process {\n  memory_used {\n   poll_period: 18446744073709551615\n  }\n }\n}\npload {\n count: x\n size: 9\n}\nnozzle {\n name: noz\n}\namf {\n mode: disabled\n}\ncompatibility: whitetank\n",
		// daemon: pload.count stays a string.
		`amf.mode (str) = disabled
compatibility (str) = whitetank
nozzle.name (str) = noz
pload.count (str) = x
pload.size (str) = 9
resources.process.memory_used.poll_period (u64) = 18446744073709551615
resources.system.load_15min.poll_period (u64) = 5
resources.system.memory_used.poll_period (u64) = 3000
resources.system.memory_used.recovery (str) = reboot
resources.watchdog_timeout (u32) = 6
system.allow_knet_handle_fallback (str) = yes
system.move_to_root_cgroup (str) = auto
system.priority (str) = max
system.qb_ipc_type (str) = shm
system.sched_rr (str) = no
system.state_dir (str) = /var/lib/x
`},
	{"lexical details", "# comment\n   # indented comment: { }\n\ntotem: {\n\tk1:v1\n\tk2 :  v2\n\tk3::  v3\n\tk4: a: b\n\tk5: v5\r\n\tk6: v6\r\r\n\tk7: t # x\n\tk8:\tv8\t \t\n\tk9: fe80::1:2\n\tk10:\n\tk11: } x\n\tdup: 1\n\tdup: 2\n:x\n}\n",
		// daemon: k1..k8 exactly so (k6 keeps one CR).
		"totem. (str) = x\ntotem.dup (str) = 2\ntotem.k1 (str) = v1\ntotem.k10 (str) = \ntotem.k11 (str) = } x\ntotem.k2 (str) = v2\ntotem.k3 (str) = :  v3\ntotem.k4 (str) = a: b\ntotem.k5 (str) = v5\ntotem.k6 (str) = v6\r\ntotem.k7 (str) = t # x\ntotem.k8 (str) = v8\ntotem.k9 (str) = fe80::1:2\n"},
	{"NUL starts an ignored chunk", "abc: d\n\x00junk {\nxyz: w\n",
		"abc (str) = d\nxyz (str) = w\n"},
	{"510-character line is accepted", parseLong("cluster_name: ", 496, 'x') + "\n",
		"cluster_name (str) = " + strings.Repeat("x", 496) + "\n"},
	{"long node key is cut to 254 characters", "nodelist {\nnode {\n" + parseLong("", 238, 'k') + "!: x\n}\n}\n",
		"nodelist.node.0." + strings.Repeat("k", 238) + " (str) = x\n"},
	{"uidgid", "uidgid {\n uid: alice\n gid: staff\n uid: 1000\n uid: +7\n gid: 4294967294\n}\n",
		`uidgid.config.gid.4294967294 (u8) = 1
uidgid.config.gid.50 (u8) = 1
uidgid.config.uid.1000 (u8) = 1
uidgid.config.uid.501 (u8) = 1
uidgid.config.uid.7 (u8) = 1
`},
	{"uidgid keys in a nested section", "uidgid {\n sub {\n  uid: 5\n }\n}\n",
		"uidgid.config.uid.5 (u8) = 1\n"},
}

func TestParseMapping(t *testing.T) {
	parseStubLookup(t, map[string]uint32{"alice": 501}, map[string]uint32{"staff": 50})
	oracle := parseOracleEnabled(t)
	for _, c := range parseMapCases {
		t.Run(c.name, func(t *testing.T) {
			if oracle && !strings.Contains(c.src, "alice") {
				if _, line := parseOracle(t, []byte(c.src)); strings.HasPrefix(line, "parser error") {
					t.Errorf("corosync -t rejects it: %s", line)
				}
			}
			m := cmap.New()
			if err := ParseBytes("t.conf", []byte(c.src), m); err != nil {
				t.Fatal(err)
			}
			if got := parseDumpMap(m); got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

func TestParseIntegerRules(t *testing.T) {
	for _, c := range []struct {
		s      string
		lo, hi int64
		v      int64
		ok     bool
	}{
		{"5", 0, 255, 5, true}, {"+5", 0, 255, 5, true}, {"-0", 0, 255, 0, true},
		{"\t\v\f\r\n 5", 0, 255, 5, true}, {"5 ", 0, 255, 0, false}, {"", 0, 255, 0, false},
		{"-", 0, 255, 0, false}, {"+-5", 0, 255, 0, false}, {"0x10", 0, 255, 0, false},
		{"010", 0, 255, 10, true}, {"256", 0, 255, 0, false}, {"-1", 0, 255, 0, false},
		{"-2147483648", -2147483648, 2147483647, -2147483648, true},
		{"9223372036854775807", 0, 4294967295, 0, false},
		{"-9223372036854775808", -9223372036854775808, 0, -9223372036854775808, true},
		{"-9223372036854775809", -9223372036854775808, 0, 0, false},
		{"1e3", 0, 4294967295, 0, false},
	} {
		v, ok := mapAtoq(c.s, c.lo, c.hi)
		if ok != c.ok || v != c.v {
			t.Errorf("mapAtoq(%q) = %d %v, want %d %v", c.s, v, ok, c.v, c.ok)
		}
	}
	for _, c := range []struct {
		s  string
		v  uint64
		ok bool
	}{
		{"18446744073709551615", 18446744073709551615, true}, {"18446744073709551616", 0, false},
		{"-1", 18446744073709551615, true}, {"-18446744073709551615", 1, true},
		{"-18446744073709551616", 0, false}, {" 7", 7, true}, {"7x", 0, false}, {"", 0, false},
	} {
		v, ok := mapStrToUll(c.s)
		if ok != c.ok || v != c.v {
			t.Errorf("mapStrToUll(%q) = %d %v, want %d %v", c.s, v, ok, c.v, c.ok)
		}
	}
}
