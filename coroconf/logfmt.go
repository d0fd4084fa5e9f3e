package coroconf

import (
	"fmt"
	"strings"
	"time"
)

// Level is a syslog priority as corosync's logsys uses it.
type Level int

const (
	LevelEmerg Level = iota
	LevelAlert
	LevelCrit
	LevelError
	LevelWarning
	LevelNotice
	LevelInfo
	LevelDebug
	LevelTrace
)

var levelNames = [...]string{"emerg", "alert", "crit", "error", "warning", "notice", "info", "debug", "trace"}

// String is the name libqb prints for the level ("warning", "debug" ...).
func (l Level) String() string {
	if l >= 0 && int(l) < len(levelNames) {
		return levelNames[l]
	}
	return fmt.Sprintf("level(%d)", int(l))
}

// Message is one log_printf of the C program: where it came from (needed
// for function_name/fileline output) and what it said.
type Message struct {
	Level  Level
	Subsys string // "MAIN", "TOTEM"
	Func   string // C function, e.g. "main", "_corosync_exit_error"
	File   string // C source file, e.g. "main.c"
	Line   int    // C source line
	Text   string // without trailing newline
}

// TimestampMode is logging.timestamp.
type TimestampMode int

const (
	TimestampHires TimestampMode = iota // the 3.1 default: "Nov 22 08:58:25.212"
	TimestampOn                         // "Nov 22 08:58:25"
	TimestampOff
)

// SubsysLog is the effective output configuration of one logging subsystem.
type SubsysLog struct {
	ToStderr, ToSyslog, ToLogfile bool
	Logfile                       string
	Debug                         int   // 0 off, 1 on, 2 trace
	LogfilePriority               Level // threshold for stderr and log file
	SyslogPriority                Level
	SyslogFacility                int // LOG_DAEMON by default
}

// LogConfig is the logging {} section reduced to what changes output.
type LogConfig struct {
	Timestamp TimestampMode
	FileLine  bool
	FuncName  bool
	Default   SubsysLog
	Subsys    map[string]SubsysLog // from logger_subsys sections
}

// For returns the configuration that applies to subsystem name.
func (c *LogConfig) For(name string) SubsysLog {
	if s, ok := c.Subsys[name]; ok {
		return s
	}
	return c.Default
}

// threshold is the most verbose level a target shows.
func threshold(base Level, debug int) Level {
	switch debug {
	case 1:
		return LevelDebug
	case 2:
		return LevelTrace
	}
	return base
}

// stamp renders %t / %T as libqb does ("%b %d %H:%M:%S", plus ".mmm").
func (c *LogConfig) stamp(t time.Time) string {
	switch c.Timestamp {
	case TimestampOn:
		return t.Format("Jan 02 15:04:05") + " "
	case TimestampHires:
		return t.Format("Jan 02 15:04:05.000") + " "
	}
	return ""
}

// padCut is libqb's fixed-width field: cut to w, padded on the right.
func padCut(s string, w int) string {
	if len(s) > w {
		return s[:w]
	}
	return s + strings.Repeat(" ", w-len(s))
}

// body is the part shared by every target: "[SUBSYS] [file:func:line ]text".
func (c *LogConfig) body(m Message) string {
	var b strings.Builder
	b.WriteString("[" + padCut(m.Subsys, 6) + "]")
	switch {
	case c.FileLine && c.FuncName:
		fmt.Fprintf(&b, " %s:%s:%d", m.File, m.Func, m.Line)
	case c.FileLine:
		fmt.Fprintf(&b, " %s:%d", m.File, m.Line)
	case c.FuncName:
		b.WriteString(" " + m.Func)
	}
	b.WriteString(" " + m.Text)
	return b.String()
}

// StderrLine renders m as corosync writes it to stderr.
func (c *LogConfig) StderrLine(m Message, t time.Time) string {
	return c.stamp(t) + padCut(m.Level.String(), 7) + " " + c.body(m)
}

// FileLine renders m as a line of the log file. Without a timestamp
// corosync's format glues the program name to the priority (no blank).
func (c *LogConfig) FileLogLine(m Message, t time.Time, pid int, host string) string {
	ts := c.stamp(t)
	sep := " "
	if ts == "" {
		sep = ""
	}
	return fmt.Sprintf("%s[%d] %s corosync%s%s %s", ts, pid, host, sep, padCut(m.Level.String(), 7), c.body(m))
}

// SyslogLine renders m as the datagram corosync sends to /dev/log
// ("<PRI>Mmm dd hh:mm:ss corosync[PID]:   [MAIN  ] text"), with the
// subsystem's configured facility. The two blanks are what is left of the
// format once timestamp and priority are removed.
func (c *LogConfig) SyslogLine(m Message, t time.Time, pid int) string {
	return c.syslogLine(m, t, pid, c.For(m.Subsys).SyslogFacility)
}

func (c *LogConfig) syslogLine(m Message, t time.Time, pid, facility int) string {
	lead := "  "
	if c.Timestamp == TimestampOff {
		lead = " "
	}
	return fmt.Sprintf("<%d>%s corosync[%d]: %s%s", facility|int(m.Level), t.Format("Jan _2 15:04:05"), pid, lead, c.body(m))
}

// Targets says where m goes: stderr, a log file (its path, "" for none)
// and syslog. stderr and syslog are switched for the whole program
// (measured: logger_subsys { to_stderr: no } does not silence a
// subsystem); levels and log files are per subsystem.
func (c *LogConfig) Targets(m Message) (toStderr bool, logfile string, toSyslog bool) {
	s := c.For(m.Subsys)
	toStderr = c.Default.ToStderr && shows(s, m.Level, false)
	if s.ToLogfile && s.Logfile != "" && shows(s, m.Level, false) {
		logfile = s.Logfile
	}
	toSyslog = c.Default.ToSyslog && shows(s, m.Level, true)
	return toStderr, logfile, toSyslog
}

// shows reports whether target output of subsystem s includes level l.
func shows(s SubsysLog, l Level, syslog bool) bool {
	if syslog {
		return l <= threshold(s.SyslogPriority, s.Debug)
	}
	return l <= threshold(s.LogfilePriority, s.Debug)
}

// Output is what a run prints: stderr text, log files and syslog datagrams.
type Output struct {
	Stderr   string
	Logfiles map[string]string // path -> content
	Syslog   []string
}

// Render produces the output of res under its logging configuration. clock
// is called once per logged message; pid and host fill the log-file prefix.
func Render(res *Result, clock func() time.Time, pid int, host string) Output {
	out := Output{Logfiles: map[string]string{}}
	var stderr strings.Builder
	for _, l := range res.Raw {
		stderr.WriteString(l + "\n")
		out.Syslog = append(out.Syslog, fmt.Sprintf("<%d>%s corosync[%d]: %s", logDaemon|int(LevelError), clock().Format("Jan _2 15:04:05"), pid, l))
	}
	lc := res.Log
	if lc == nil {
		out.Stderr = stderr.String()
		return out
	}
	// Log files named by logfile: exist even when to_logfile is off.
	for _, s := range lc.allSubsys() {
		if s.Logfile != "" {
			if _, ok := out.Logfiles[s.Logfile]; !ok {
				out.Logfiles[s.Logfile] = ""
			}
		}
	}
	for _, m := range res.Messages {
		t := clock()
		toStderr, logfile, toSyslog := lc.Targets(m)
		if toStderr {
			stderr.WriteString(lc.StderrLine(m, t) + "\n")
		}
		if logfile != "" {
			out.Logfiles[logfile] += lc.FileLogLine(m, t, pid, host) + "\n"
		}
		if toSyslog {
			// Measured on 3.1.7: `corosync -t` sends LOG_DAEMON whatever
			// syslog_facility says (libqb applies a new facility only when
			// it re-opens the syslog target, which -t never does).
			out.Syslog = append(out.Syslog, lc.syslogLine(m, t, pid, logDaemon))
		}
	}
	out.Stderr = stderr.String()
	return out
}

func (c *LogConfig) allSubsys() []SubsysLog {
	out := []SubsysLog{c.Default}
	for _, s := range c.Subsys {
		out = append(out, s)
	}
	return out
}
