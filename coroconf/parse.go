package coroconf

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"

	"github.com/gorosync/gorosync/cmap"
)

// ParseError is a corosync.conf syntax or mapping error. Error() is exactly
// what corosync 3.1.7 prints on stderr for it.
type ParseError struct {
	File   string
	Line   int
	Reason string
}

// parseErrBufSize is coroparse's formated_err[384]: a message that does not
// fit is replaced by a fixed text.
const parseErrBufSize = 384

// parseCantFormat is corosync's replacement text for messages that overflow
// their buffers.
const parseCantFormat = "Can't format parser error message"

func (e *ParseError) Error() string {
	s := fmt.Sprintf("parser error: %s:%d: %s", e.File, e.Line, e.Reason)
	if len(s) >= parseErrBufSize {
		return parseCantFormat
	}
	return s
}

// ParseOpenError is returned by ParseFile when the main file cannot be
// opened; its text matches corosync's "Can't read file ..." message.
type ParseOpenError struct {
	Path string
	Err  error
}

func (e *ParseOpenError) Error() string {
	return "Can't read file " + e.Path + ": " + parseStrerror(e.Err)
}

func (e *ParseOpenError) Unwrap() error { return e.Err }

// parseStrerror renders an OS error the way glibc's strerror does (Go's errno
// texts are glibc's with a lower-case first letter).
func parseStrerror(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		s := errno.Error()
		if s != "" && s[0] >= 'a' && s[0] <= 'z' {
			s = string(s[0]-'a'+'A') + s[1:]
		}
		return s
	}
	return err.Error()
}

// ParseBytes parses src (named name in error messages) as corosync.conf into
// m. The uidgid.d directory is not consulted. On error m is left untouched.
func ParseBytes(name string, src []byte, m *cmap.Map) error {
	tmp := cmap.New()
	if err := parseRun(name, src, newMainParser(tmp)); err != nil {
		return err
	}
	return parseCopy(m, tmp)
}

// ParseFile reads the corosync.conf at path into m, followed by every regular
// file of the uidgid.d directory next to it, as corosync does at start-up. On
// error m is left untouched.
func ParseFile(path string, m *cmap.Map) error {
	src, err := parseReadFile(path)
	if err != nil {
		return err
	}
	tmp := cmap.New()
	if err := parseRun(path, src, newMainParser(tmp)); err != nil {
		return err
	}
	if err := uidgidReadDir(path, tmp); err != nil {
		return err
	}
	return parseCopy(m, tmp)
}

// parseReadFile reads the main file. fopen() of a directory succeeds on
// Linux and the first fgets() fails, so corosync parses it as empty; we do
// the same.
func parseReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &ParseOpenError{Path: path, Err: err}
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, nil
	}
	// A read error ends fgets() the way EOF does: keep what was read.
	src, _ := io.ReadAll(f)
	return src, nil
}

// parseCopy copies every key of src into dst.
func parseCopy(dst, src *cmap.Map) error {
	for k, v := range src.All("") {
		if err := dst.Set(k, v); err != nil {
			return fmt.Errorf("coroconf: storing %q: %w", k, err)
		}
	}
	return nil
}

// parseState is coroparse's per-section state: chosen when a section opens,
// inherited by nested sections unless their path selects another one.
type parseState int

const (
	stNormal parseState = iota
	stTotem
	stInterface
	stLoggerSubsys
	stUIDGID
	stLoggingDaemon
	stMember
	stQuorum
	stQdevice
	stNodelist
	stNodelistNode
	stSystem
	stResources
	stResourcesSystem
	stResourcesProcess
	stResourcesSystemMemused
	stResourcesProcessMemused
)

// parseHandler receives the parser's events, like coroparse's parser_cb. A
// handler returns a non-empty reason to fail the parse at the current line.
type parseHandler interface {
	sectionStart(path string, st *parseState) string
	item(path, key, value string, st parseState) string
	sectionEnd(path string, st parseState) string
}

// parseEmptyReason lets a handler fail with an empty reason (corosync then
// prints its still-empty error buffer); a plain "" means success.
const parseEmptyReason = "\x00"

// parseFrame is one open section.
type parseFrame struct {
	path  string
	state parseState
}

// parseRun drives h over src, reporting errors against file. It walks the
// sections with an explicit stack (corosync recurses) so deep nesting cannot
// exhaust the goroutine stack.
func parseRun(file string, src []byte, h parseHandler) error {
	r := &lexReader{src: src}
	stack := []parseFrame{{path: "", state: stNormal}}
	fail := func(reason string) error {
		if reason == parseEmptyReason {
			reason = ""
		}
		return &ParseError{File: file, Line: r.line, Reason: reason}
	}
	for {
		text, ok, tooLong := r.next()
		if !ok {
			break
		}
		if tooLong {
			return fail("Line too long")
		}
		l := lexClassify(text)
		top := stack[len(stack)-1]
		switch l.kind {
		case lexSkip:
		case lexSection:
			if l.name == "" {
				return fail("Missing section name before opening bracket '{'")
			}
			if l.value != "" {
				return fail("Extra characters after opening bracket '{'")
			}
			if len(top.path)+len(l.name)+1 >= cmap.KeyNameMaxLen {
				return fail("Start of section makes total cmap path too long")
			}
			np := parseJoin(top.path, l.name)
			ns := top.state
			if reason := h.sectionStart(np, &ns); reason != "" {
				return fail(reason)
			}
			stack = append(stack, parseFrame{path: np, state: ns})
		case lexItem:
			if len(top.path)+len(l.name)+1 >= cmap.KeyNameMaxLen {
				return fail("New key makes total cmap path too long")
			}
			if reason := h.item(parseJoin(top.path, l.name), l.name, l.value, top.state); reason != "" {
				return fail(reason)
			}
		case lexClose:
			if l.value != "}" {
				return fail("Extra characters before or after closing bracket '}'")
			}
			if len(stack) == 1 {
				return fail("Unexpected closing brace")
			}
			if reason := h.sectionEnd(top.path, top.state); reason != "" {
				return fail(reason)
			}
			stack = stack[:len(stack)-1]
		default:
			return fail("Line is not opening or closing section or key value")
		}
	}
	if len(stack) > 1 {
		return fail("Missing closing brace")
	}
	return nil
}

// parseJoin appends a name to a section path.
func parseJoin(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
