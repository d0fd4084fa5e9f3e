package coroconf

import (
	"errors"
	"strings"

	"github.com/gorosync/gorosync/cmap"
)

var priorityNames = map[string]Level{
	"alert": LevelAlert, "crit": LevelCrit, "debug": LevelDebug, "emerg": LevelEmerg,
	"err": LevelError, "error": LevelError, "info": LevelInfo, "notice": LevelNotice,
	"warning": LevelWarning,
}

var facilityNames = map[string]int{
	"kern": 0 << 3, "user": 1 << 3, "mail": 2 << 3, "daemon": 3 << 3, "auth": 4 << 3,
	"syslog": 5 << 3, "lpr": 6 << 3, "news": 7 << 3, "uucp": 8 << 3, "cron": 9 << 3,
	"authpriv": 10 << 3, "ftp": 11 << 3,
	"local0": 16 << 3, "local1": 17 << 3, "local2": 18 << 3, "local3": 19 << 3,
	"local4": 20 << 3, "local5": 21 << 3, "local6": 22 << 3, "local7": 23 << 3,
}

// DefaultLogConfig is corosync's logging before the file is applied:
// stderr and syslog on, hires timestamps, info and above.
func DefaultLogConfig() *LogConfig {
	return &LogConfig{
		Timestamp: TimestampHires,
		Default: SubsysLog{
			ToStderr: true, ToSyslog: true,
			LogfilePriority: LevelInfo, SyslogPriority: LevelInfo,
			SyslogFacility: logDaemon,
		},
		Subsys: map[string]SubsysLog{},
	}
}

// ReadLogConfig applies the logging keys of m the way corosync's
// logconfig.c does. The error text is the reason corosync reports as
// "parse error in config: <reason>." (exit status 7).
func ReadLogConfig(m *cmap.Map) (*LogConfig, error) {
	lc := DefaultLogConfig()
	if v, ok := getStr(m, "logging.fileline"); ok {
		switch v {
		case "on":
			lc.FileLine = true
		case "off":
		default:
			return nil, errors.New("unknown value for fileline")
		}
	}
	if v, ok := getStr(m, "logging.function_name"); ok {
		switch v {
		case "on":
			lc.FuncName = true
		case "off":
		default:
			return nil, errors.New("unknown value for function_name")
		}
	}
	if v, ok := getStr(m, "logging.timestamp"); ok {
		switch v {
		case "on":
			lc.Timestamp = TimestampOn
		case "hires":
			lc.Timestamp = TimestampHires
		case "off":
			lc.Timestamp = TimestampOff
		default:
			return nil, errors.New("unknown value for timestamp")
		}
	}
	if err := applySubsys(m, "logging", &lc.Default); err != nil {
		return nil, err
	}
	for _, key := range m.Keys("logging.logger_subsys.") {
		rest := strings.TrimPrefix(key, "logging.logger_subsys.")
		dot := strings.IndexByte(rest, '.')
		if dot <= 0 || rest[dot+1:] != "subsys" {
			continue
		}
		name := rest[:dot]
		s := lc.Default
		if prev, ok := lc.Subsys[name]; ok {
			s = prev
		}
		if err := applySubsys(m, "logging.logger_subsys."+name, &s); err != nil {
			return nil, err
		}
		lc.Subsys[name] = s
	}
	return lc, nil
}

// onOff reads a yes/on/no/off destination switch.
func onOff(m *cmap.Map, path, key string, dst *bool) error {
	v, ok := getStr(m, path+"."+key)
	if !ok {
		return nil
	}
	switch v {
	case "yes", "on":
		*dst = true
	case "no", "off":
		*dst = false
	default:
		return errors.New("unknown value for " + key)
	}
	return nil
}

// applySubsys is corosync_main_config_set for one path.
func applySubsys(m *cmap.Map, path string, s *SubsysLog) error {
	if err := onOff(m, path, "to_stderr", &s.ToStderr); err != nil {
		return err
	}
	if err := onOff(m, path, "to_syslog", &s.ToSyslog); err != nil {
		return err
	}
	if v, ok := getStr(m, path+".syslog_facility"); ok {
		f, ok := facilityNames[v]
		if !ok {
			return errors.New("unknown syslog facility specified")
		}
		s.SyslogFacility = f
	}
	if v, ok := getStr(m, path+".syslog_level"); ok {
		p, ok := priorityNames[v]
		if !ok {
			return errors.New("unknown syslog level specified")
		}
		s.SyslogPriority = p
	}
	if v, ok := getStr(m, path+".syslog_priority"); ok {
		p, ok := priorityNames[v]
		if !ok {
			return errors.New("unknown syslog priority specified")
		}
		s.SyslogPriority = p
	}
	if v, ok := getStr(m, path+".logfile"); ok {
		s.Logfile = v
	}
	if err := onOff(m, path, "to_logfile", &s.ToLogfile); err != nil {
		return err
	}
	if v, ok := getStr(m, path+".logfile_priority"); ok {
		p, ok := priorityNames[v]
		if !ok {
			return errors.New("unknown logfile priority specified")
		}
		s.LogfilePriority = p
	}
	if v, ok := getStr(m, path+".debug"); ok {
		switch v {
		case "trace":
			s.Debug = 2
		case "on":
			s.Debug = 1
		case "off":
			s.Debug = 0
		default:
			return errors.New("unknown value for debug")
		}
	}
	return nil
}
