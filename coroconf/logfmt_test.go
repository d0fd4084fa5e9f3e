package coroconf

import (
	"strings"
	"testing"
	"time"
)

var exitMsg = Message{Level: LevelNotice, Subsys: "MAIN", Func: "_corosync_exit_error", File: "util.c", Line: 132, Text: "Corosync Cluster Engine exiting normally"}
var parseMsg = Message{Level: LevelDebug, Subsys: "TOTEM", Func: "totemip_parse", File: "totemip.c", Line: 411, Text: "totemip_parse: IPv4 address of 127.0.0.1 resolved as 127.0.0.1"}

func logCfg(t *testing.T, lines ...string) *LogConfig {
	t.Helper()
	lc, err := ReadLogConfig(mapOf(t, lines...))
	if err != nil {
		t.Fatal(err)
	}
	return lc
}

// The expected lines are corosync 3.1.7 output (corpus and recorded runs).
func TestStderrLine(t *testing.T) {
	ts := time.Date(2025, 11, 22, 8, 58, 25, 212e6, time.UTC)
	cases := []struct {
		name  string
		lines []string
		msg   Message
		want  string
	}{
		{"default hires", nil, exitMsg, "Nov 22 08:58:25.212 notice  [MAIN  ] Corosync Cluster Engine exiting normally"},
		{"hires", []string{"logging.timestamp str hires"}, exitMsg, "Nov 22 08:58:25.212 notice  [MAIN  ] Corosync Cluster Engine exiting normally"},
		{"on", []string{"logging.timestamp str on"}, exitMsg, "Nov 22 08:58:25 notice  [MAIN  ] Corosync Cluster Engine exiting normally"},
		{"off", []string{"logging.timestamp str off"}, exitMsg, "notice  [MAIN  ] Corosync Cluster Engine exiting normally"},
		{"function_name", []string{"logging.timestamp str on", "logging.function_name str on"}, exitMsg, "Nov 22 08:58:25 notice  [MAIN  ] _corosync_exit_error Corosync Cluster Engine exiting normally"},
		{"fileline", []string{"logging.timestamp str off", "logging.fileline str on"}, parseMsg, "debug   [TOTEM ] totemip.c:411 totemip_parse: IPv4 address of 127.0.0.1 resolved as 127.0.0.1"},
		{"fileline+function", []string{"logging.timestamp str off", "logging.fileline str on", "logging.function_name str on"}, parseMsg, "debug   [TOTEM ] totemip.c:totemip_parse:411 totemip_parse: IPv4 address of 127.0.0.1 resolved as 127.0.0.1"},
	}
	for _, c := range cases {
		lc := logCfg(t, c.lines...)
		if got := lc.StderrLine(c.msg, ts); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
	day := time.Date(2025, 11, 2, 8, 58, 25, 0, time.UTC)
	if got := logCfg(t, "logging.timestamp str on").StderrLine(exitMsg, day); !strings.HasPrefix(got, "Nov 02 08:58:25 ") {
		t.Errorf("day not zero padded: %q", got)
	}
}

func TestFileAndSyslogLines(t *testing.T) {
	ts := time.Date(2025, 11, 2, 8, 58, 25, 212e6, time.UTC)
	lc := logCfg(t, "logging.timestamp str on")
	if got, want := lc.FileLogLine(exitMsg, ts, 21, "hc-oracle"), "Nov 02 08:58:25 [21] hc-oracle corosync notice  [MAIN  ] Corosync Cluster Engine exiting normally"; got != want {
		t.Errorf("file: %q", got)
	}
	// Without a timestamp corosync glues the program name to the priority.
	off := logCfg(t, "logging.timestamp str off")
	if got, want := off.FileLogLine(parseMsg, ts, 6413, "vm"), "[6413] vm corosyncdebug   [TOTEM ] totemip_parse: IPv4 address of 127.0.0.1 resolved as 127.0.0.1"; got != want {
		t.Errorf("file (off): %q", got)
	}
	if got, want := lc.SyslogLine(exitMsg, ts, 21), "<29>Nov  2 08:58:25 corosync[21]:   [MAIN  ] Corosync Cluster Engine exiting normally"; got != want {
		t.Errorf("syslog: %q", got)
	}
}

func TestRenderTargets(t *testing.T) {
	res := &Result{Messages: []Message{parseMsg, exitMsg}}
	clock := func() time.Time { return time.Date(2025, 11, 22, 8, 58, 25, 0, time.UTC) }
	cases := []struct {
		name   string
		lines  []string
		stderr string
		files  map[string]string
		syslog int
	}{
		{"defaults", nil, "Nov 22 08:58:25.000 notice  [MAIN  ] Corosync Cluster Engine exiting normally\n", map[string]string{}, 1},
		{"to_stderr no", []string{"logging.to_stderr str no"}, "", map[string]string{}, 1},
		{"debug on", []string{"logging.timestamp str off", "logging.debug str on"}, "debug   [TOTEM ] totemip_parse: IPv4 address of 127.0.0.1 resolved as 127.0.0.1\nnotice  [MAIN  ] Corosync Cluster Engine exiting normally\n", map[string]string{}, 2},
		// Measured: a logger_subsys cannot switch stderr off, only levels.
		{"subsys debug", []string{"logging.timestamp str off", "logging.logger_subsys.TOTEM.subsys str TOTEM", "logging.logger_subsys.TOTEM.debug str on", "logging.logger_subsys.TOTEM.to_stderr str no"},
			"debug   [TOTEM ] totemip_parse: IPv4 address of 127.0.0.1 resolved as 127.0.0.1\nnotice  [MAIN  ] Corosync Cluster Engine exiting normally\n", map[string]string{}, 2},
		// The log file exists (empty) even with to_logfile off.
		{"logfile off", []string{"logging.logfile str /var/log/x.log", "logging.to_syslog str no"}, "Nov 22 08:58:25.000 notice  [MAIN  ] Corosync Cluster Engine exiting normally\n", map[string]string{"/var/log/x.log": ""}, 0},
		{"logfile on", []string{"logging.timestamp str on", "logging.logfile str /var/log/x.log", "logging.to_logfile str yes", "logging.to_stderr str no"}, "", map[string]string{"/var/log/x.log": "Nov 22 08:58:25 [7] h corosync notice  [MAIN  ] Corosync Cluster Engine exiting normally\n"}, 1},
	}
	for _, c := range cases {
		res.Log = logCfg(t, c.lines...)
		out := Render(res, clock, 7, "h")
		if out.Stderr != c.stderr {
			t.Errorf("%s: stderr %q, want %q", c.name, out.Stderr, c.stderr)
		}
		if len(out.Logfiles) != len(c.files) {
			t.Errorf("%s: files %v", c.name, out.Logfiles)
		}
		for p, want := range c.files {
			if out.Logfiles[p] != want {
				t.Errorf("%s: %s = %q, want %q", c.name, p, out.Logfiles[p], want)
			}
		}
		if len(out.Syslog) != c.syslog {
			t.Errorf("%s: syslog %q", c.name, out.Syslog)
		}
	}
}

func TestReadLogConfigErrors(t *testing.T) {
	cases := map[string]string{
		"logging.timestamp str bogus":                          "unknown value for timestamp",
		"logging.fileline str yes":                             "unknown value for fileline",
		"logging.function_name str 1":                          "unknown value for function_name",
		"logging.debug str maybe":                              "unknown value for debug",
		"logging.to_syslog str perhaps":                        "unknown value for to_syslog",
		"logging.syslog_priority str xx":                       "unknown syslog priority specified",
		"logging.syslog_facility str nope":                     "unknown syslog facility specified",
		"logging.logfile_priority str loud":                    "unknown logfile priority specified",
		"logging.logger_subsys.QUORUM.to_stderr str sometimes": "unknown value for to_stderr",
	}
	for line, want := range cases {
		lines := []string{line}
		if strings.HasPrefix(line, "logging.logger_subsys.") {
			lines = append(lines, "logging.logger_subsys.QUORUM.subsys str QUORUM")
		}
		_, err := ReadLogConfig(mapOf(t, lines...))
		if err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %s", line, err, want)
		}
	}
	// End to end: the reason is wrapped as corosync prints it, exit 7.
	res := LoadMap(mapOf(t, "logging.debug str maybe"), boxEnv())
	if res.Exit != 7 || len(res.Raw) != 1 || res.Raw[0] != "parse error in config: unknown value for debug." || len(res.Messages) != 0 {
		t.Fatalf("got exit %d raw %q msgs %v", res.Exit, res.Raw, res.Messages)
	}
}

// Measured on 3.1.7 (testdata/conf/logging-full.conf, differential test):
// -t ignores syslog_facility and sends LOG_DAEMON.
func TestSyslogFacilityIgnoredByCheck(t *testing.T) {
	src := "totem {\nversion: 2\ntransport: udpu\n}\nnodelist {\nnode {\nring0_addr: 127.0.0.1\nnodeid: 1\n}\n}\n" +
		"logging {\nto_syslog: yes\nsyslog_facility: local4\n}\n"
	res := LoadBytes("t.conf", []byte(src), loEnv())
	if res.Exit != 0 {
		t.Fatalf("exit %d: %+v", res.Exit, res.Fatal)
	}
	out := Render(res, fixedClock, 21, "vm")
	if len(out.Syslog) != 1 || !strings.HasPrefix(out.Syslog[0], "<29>") {
		t.Fatalf("syslog %q, want one <29> (daemon.notice) datagram", out.Syslog)
	}
}
