// Package daemon holds the I/O edges of the gorosync daemon that are not
// protocol: corosync-format logging, the state directory (persisted ring
// id, expected-votes tracking), the pid file and systemd readiness.
package daemon

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/gorosync/gorosync/coroconf"
)

// Logger writes messages as corosync 3.1.7 does, on the targets the
// logging{} section enables: stderr, log files and syslog (/dev/log, which
// journald also reads). It is safe for concurrent use.
type Logger struct {
	mu     sync.Mutex
	cfg    *coroconf.LogConfig
	stderr io.Writer
	clock  func() time.Time
	pid    int
	host   string
	files  map[string]*os.File
	syslog net.Conn
	// SyslogPath is where syslog datagrams go; "" disables syslog.
	syslogPath string
}

// NewLogger starts logging with cfg (coroconf.DefaultLogConfig() before
// the file is read). clock stamps each line.
func NewLogger(cfg *coroconf.LogConfig, stderr io.Writer, clock func() time.Time) *Logger {
	host, _ := os.Hostname()
	return &Logger{cfg: cfg, stderr: stderr, clock: clock, pid: os.Getpid(), host: host,
		files: map[string]*os.File{}, syslogPath: "/dev/log"}
}

// SetSyslogPath points syslog output elsewhere ("" turns it off); tests
// use it to catch datagrams.
func (l *Logger) SetSyslogPath(p string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closeSyslog()
	l.syslogPath = p
}

// Reconfigure switches to a new logging configuration (at start, once the
// file is read, and on reload). Log files no longer named are closed.
func (l *Logger) Reconfigure(cfg *coroconf.LogConfig) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cfg = cfg
	keep := map[string]bool{cfg.Default.Logfile: true}
	for _, s := range cfg.Subsys {
		keep[s.Logfile] = true
	}
	for p, f := range l.files {
		if !keep[p] {
			f.Close()
			delete(l.files, p)
		}
	}
}

// ReopenLogs closes every log file so that the next line reopens it
// (corosync-cfgtool -L, after logrotate).
func (l *Logger) ReopenLogs() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for p, f := range l.files {
		f.Close()
		delete(l.files, p)
	}
}

// Close releases files and the syslog socket.
func (l *Logger) Close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for p, f := range l.files {
		f.Close()
		delete(l.files, p)
	}
	l.closeSyslog()
}

func (l *Logger) closeSyslog() {
	if l.syslog != nil {
		l.syslog.Close()
		l.syslog = nil
	}
}

// Log writes one message.
func (l *Logger) Log(m coroconf.Message) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.clock()
	toStderr, logfile, toSyslog := l.cfg.Targets(m)
	if toStderr {
		io.WriteString(l.stderr, l.cfg.StderrLine(m, t)+"\n")
	}
	if logfile != "" {
		if f := l.file(logfile); f != nil {
			io.WriteString(f, l.cfg.FileLogLine(m, t, l.pid, l.host)+"\n")
		}
	}
	if toSyslog && l.syslogPath != "" {
		if l.syslog == nil {
			c, err := net.DialTimeout("unixgram", l.syslogPath, time.Second)
			if err != nil {
				return // no syslog daemon: corosync goes on silently too
			}
			l.syslog = c
		}
		l.syslog.SetWriteDeadline(time.Now().Add(time.Second)) // real time, not the log clock
		if _, err := l.syslog.Write([]byte(l.cfg.SyslogLine(m, t, l.pid))); err != nil {
			l.closeSyslog()
		}
	}
}

// file opens a log file for appending, as corosync does (mode 0600).
func (l *Logger) file(path string) *os.File {
	if f, ok := l.files[path]; ok {
		return f
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		if l.cfg.Default.ToStderr {
			fmt.Fprintf(l.stderr, "Can't open logfile '%s' for reason: %v.\n", path, err)
		}
		return nil
	}
	l.files[path] = f
	return f
}

// Slog returns a *slog.Logger writing through l. A record's "subsys"
// attribute picks the subsystem (default MAIN); slog levels map to syslog
// priorities (Error → error, Warn → warning, Info → notice, daemon.Info
// → info, Debug → debug, below that trace). Other attributes are
// appended as key=value.
func (l *Logger) Slog() *slog.Logger { return slog.New(&slogHandler{l: l}) }

type slogHandler struct {
	l      *Logger
	attrs  []slog.Attr
	subsys string
}

func (h *slogHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *slogHandler) Handle(_ context.Context, r slog.Record) error {
	m := coroconf.Message{Level: slogLevel(r.Level), Subsys: h.subsys, Text: r.Message}
	var extra []string
	add := func(a slog.Attr) bool {
		if a.Key == "subsys" {
			m.Subsys = a.Value.String()
			return true
		}
		if a.Key != "" {
			extra = append(extra, a.Key+"="+a.Value.String())
		}
		return true
	}
	for _, a := range h.attrs {
		add(a)
	}
	r.Attrs(add)
	if m.Subsys == "" {
		m.Subsys = "MAIN"
	}
	if len(extra) > 0 {
		m.Text += " " + strings.Join(extra, " ")
	}
	h.l.Log(m)
	return nil
}

func (h *slogHandler) WithAttrs(as []slog.Attr) slog.Handler {
	n := *h
	n.attrs = append(append([]slog.Attr(nil), h.attrs...), as...)
	return &n
}

// WithGroup is accepted but flattens: corosync's log lines have no groups.
func (h *slogHandler) WithGroup(string) slog.Handler { return h }

func slogLevel(l slog.Level) coroconf.Level {
	switch {
	case l >= slog.LevelError:
		return coroconf.LevelError
	case l >= slog.LevelWarn:
		return coroconf.LevelWarning
	case l >= slog.LevelInfo:
		return coroconf.LevelNotice
	case l >= Info:
		return coroconf.LevelInfo
	case l >= slog.LevelDebug:
		return coroconf.LevelDebug
	}
	return coroconf.LevelTrace
}

// Info is corosync's LOG_INFO, between slog's Info (notice) and Debug.
const Info = slog.Level(-2)
