package configure

import (
	"errors"
	"fmt"
)

// Error is a refused command. Forceable errors go away with --force (pcs)
// or -F (crmsh); the message then says so, as pcs does.
type Error struct {
	Msg       string
	Forceable bool
}

func (e *Error) Error() string {
	if e.Forceable {
		return e.Msg + ", use --force to override"
	}
	return e.Msg
}

func errorf(format string, args ...any) error {
	return &Error{Msg: fmt.Sprintf(format, args...)}
}

func forceable(format string, args ...any) error {
	return &Error{Msg: fmt.Sprintf(format, args...), Forceable: true}
}

// IsForceable reports whether err would be accepted with --force.
func IsForceable(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Forceable
}

// Warner receives the warnings a command prints without failing
// ("Assumed agent name ...", "Defaults do not apply ...").
type Warner func(msg string)

func (w Warner) warn(format string, args ...any) {
	if w != nil {
		w(fmt.Sprintf(format, args...))
	}
}
