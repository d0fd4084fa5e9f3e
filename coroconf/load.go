package coroconf

import (
	"fmt"
	"strings"

	"github.com/gorosync/gorosync/cmap"
)

// Exit statuses of corosync (enum e_corosync_done).
const (
	ExitOK            = 0
	ExitLogConfigRead = 7 // COROSYNC_DONE_LOGCONFIGREAD
	ExitMainConfig    = 8 // COROSYNC_DONE_MAINCONFIGREAD
)

// ParseErrorPrefix is what most semantic errors start with.
const ParseErrorPrefix = "parse error in config: "

// Stage says which step of start-up produced a fatal error.
type Stage int

const (
	StageParse         Stage = iota + 1 // coroparse: the file itself
	StageLogConfig                      // logging {} section
	StageTotemRead                      // totem_config_read (main.c:1417)
	StageTotemValidate                  // totem_config_validate (main.c:1445)
)

// Fatal is the error that stops corosync.
type Fatal struct {
	Stage Stage
	Text  string // exactly as logged, without the trailing newline
	Exit  int    // process exit status
	At    string // "main.c:1445" as printed in the exit message; "" if none
}

// Prefixed reports whether the text carries "parse error in config: ".
func (f *Fatal) Prefixed() bool { return strings.HasPrefix(f.Text, ParseErrorPrefix) }

func (f *Fatal) Error() string { return f.Text }

// Result is what a configuration check produced.
type Result struct {
	// Map holds the parsed keys plus everything corosync adds before its
	// totem configuration is final (bindnetaddr, local_node_pos, generated
	// nodeids, udp mcast defaults, runtime.config.totem.*). Nil only when
	// parsing failed.
	Map *cmap.Map
	// Log is the effective logging configuration; nil when the logging
	// section itself could not be read (or the file not parsed).
	Log *LogConfig
	// Messages are the log_printf calls in order, including the final
	// "Corosync Cluster Engine exiting ..." line.
	Messages []Message
	// Raw are lines corosync writes straight to stderr (and syslog)
	// before logging works: parser and logging-section errors.
	Raw []string
	// Fatal is nil when the configuration passes.
	Fatal *Fatal
	// Exit is the exit status of `corosync -t`.
	Exit int
	// Totem is the final totem configuration (valid when Fatal is nil).
	Totem *TotemConfig
}

// run carries the state of one check.
type run struct {
	env  Env
	m    *cmap.Map
	msgs []Message
	tc   *TotemConfig
}

func (r *run) logAt(l Level, subsys, fn, file string, line int, text string) {
	r.msgs = append(r.msgs, Message{Level: l, Subsys: subsys, Func: fn, File: file, Line: line, Text: strings.TrimRight(text, "\n")})
}

// mainLog logs from main() in main.c at the given source line.
func (r *run) mainLog(l Level, line int, text string) {
	r.logAt(l, "MAIN", "main", "main.c", line, text)
}

// Source lines of main.c / util.c that corosync 3.1.7 prints with
// fileline: on, and that appear in "exiting with status N at main.c:L.".
const (
	lineReadErr          = 1416
	lineReadExit         = 1417
	lineWarnMembersIgn   = 1421
	lineWarnMembersDepr  = 1425
	lineWarnTotemNodeid  = 1429
	lineWarnBindnetaddr  = 1434
	lineWarnMigrate      = 1439
	lineValidateErr      = 1444
	lineValidateExit     = 1445
	lineExitNormally     = 132
	lineExitWithStatus   = 135
	lineGeneratedNodeid  = 1427
	lineConfiguringLink  = 1242
	logDaemon            = 3 << 3 // LOG_DAEMON
	defaultAuthkey       = "/etc/corosync/authkey"
	defaultPort          = 5405
	interfaceMax         = 8
	knetMaxHost          = 65536
	minimumTimeout       = 30
	minimumTimeoutHold   = 14
	privateKeyLenMin     = 128
	privateKeyLenMax     = 4096
	totemLinkModeBytes   = 64
	knetMaxPacketSize    = 65536
	udpNetMTU            = 1500
	tokenCoefficientDflt = 650
)

// exit appends _corosync_exit_error's message and sets the exit status.
func (r *run) exit(res *Result, status int, at string) {
	if status == ExitOK {
		r.logAt(LevelNotice, "MAIN", "_corosync_exit_error", "util.c", lineExitNormally, "Corosync Cluster Engine exiting normally")
	} else {
		r.logAt(LevelError, "MAIN", "_corosync_exit_error", "util.c", lineExitWithStatus,
			fmt.Sprintf("Corosync Cluster Engine exiting with status %d at %s.", status, at))
	}
	res.Exit = status
}

// LoadMap runs everything `corosync -t` does after the parser has filled m:
// logging section, totem_config_read, the migration warnings and
// totem_config_validate. m is modified in place (as corosync modifies its
// icmap) and returned in the Result.
func LoadMap(m *cmap.Map, env Env) *Result {
	res := &Result{Map: m}
	r := &run{env: env, m: m}
	defer func() { res.Messages = r.msgs }()

	lc, err := ReadLogConfig(m)
	if err != nil {
		text := ParseErrorPrefix + err.Error() + "."
		res.Raw = append(res.Raw, text)
		res.Fatal = &Fatal{Stage: StageLogConfig, Text: text, Exit: ExitLogConfigRead}
		res.Exit = ExitLogConfigRead
		return res
	}
	res.Log = lc

	tc, warnings, ferr := r.totemConfigRead()
	if ferr != "" {
		r.mainLog(LevelError, lineReadErr, ferr)
		res.Fatal = &Fatal{Stage: StageTotemRead, Text: strings.TrimRight(ferr, "\n"), Exit: ExitMainConfig, At: fmt.Sprintf("main.c:%d", lineReadExit)}
		r.exit(res, ExitMainConfig, res.Fatal.At)
		return res
	}
	r.logWarnings(warnings)
	if verr := r.totemConfigValidate(tc); verr != "" {
		r.mainLog(LevelError, lineValidateErr, verr)
		res.Fatal = &Fatal{Stage: StageTotemValidate, Text: strings.TrimRight(verr, "\n"), Exit: ExitMainConfig, At: fmt.Sprintf("main.c:%d", lineValidateExit)}
		r.exit(res, ExitMainConfig, res.Fatal.At)
		return res
	}
	res.Totem = tc
	r.exit(res, ExitOK, "")
	return res
}

// Warnings of totem_config_read (TOTEM_CONFIG_WARNING_* bits).
const (
	warnMembersIgnored = 1 << iota
	warnMembersDeprecated
	warnTotemNodeidSet
	warnBindnetaddrNodelist
)

func (r *run) logWarnings(w int) {
	if w&warnMembersIgnored != 0 {
		r.mainLog(LevelWarning, lineWarnMembersIgn, "member section is used together with nodelist. Members ignored.")
	}
	if w&warnMembersDeprecated != 0 {
		r.mainLog(LevelWarning, lineWarnMembersDepr, "member section is deprecated.")
	}
	if w&warnTotemNodeidSet != 0 {
		r.mainLog(LevelWarning, lineWarnTotemNodeid, "nodeid in totem section is deprecated and ignored. Nodelist (or autogenerated) nodeid is going to be used.")
	}
	if w&warnBindnetaddrNodelist != 0 {
		r.mainLog(LevelWarning, lineWarnBindnetaddr, "interface section bindnetaddr is used together with nodelist. Nodelist one is going to be used.")
	}
	if w != 0 {
		r.mainLog(LevelWarning, lineWarnMigrate, "Please migrate config file to nodelist.")
	}
}

// ParseFailure builds the Result of a file the parser rejected: corosync
// prints the parser's message on stderr (and syslog) and exits with 8.
func ParseFailure(text string) *Result {
	text = strings.TrimSuffix(text, "\n")
	return &Result{
		Raw:   []string{text},
		Fatal: &Fatal{Stage: StageParse, Text: text, Exit: ExitMainConfig},
		Exit:  ExitMainConfig,
	}
}
