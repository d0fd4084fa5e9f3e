package agent

import (
	"fmt"
	"time"
)

// ExecStatus says whether an operation ran to completion, independent of
// what the agent answered (Pacemaker's enum pcmk_exec_status).
type ExecStatus int

// Exec statuses with Pacemaker's numbering.
const (
	ExecPending      ExecStatus = -1
	ExecDone         ExecStatus = 0
	ExecCancelled    ExecStatus = 1
	ExecTimeout      ExecStatus = 2
	ExecNotSupported ExecStatus = 3
	ExecError        ExecStatus = 4
	ExecNotInstalled ExecStatus = 7
)

// String is Pacemaker's text for the status (pcmk_exec_status_str).
func (s ExecStatus) String() string {
	switch s {
	case ExecPending:
		return "pending"
	case ExecDone:
		return "complete"
	case ExecCancelled:
		return "Cancelled"
	case ExecTimeout:
		return "Timed Out"
	case ExecNotSupported:
		return "NOT SUPPORTED"
	case ExecError:
		return "Error"
	case ExecNotInstalled:
		return "Not installed"
	}
	return "UNKNOWN!"
}

// Result is the outcome of one operation.
type Result struct {
	// Code is the agent's answer (meaningful when Status is ExecDone;
	// ErrGeneric for timeouts and execution errors, as Pacemaker records).
	Code Code
	// Status says whether the operation completed.
	Status ExecStatus
	// Reason is the exit reason: one line for humans, shown by crm_mon.
	Reason string
	// Stdout is the agent's output (the XML for meta-data).
	Stdout string
	// Stderr is diagnostic output (a script's stderr, a native agent's log).
	Stderr string
	// Duration is how long the operation took.
	Duration time.Duration
}

// Done is a completed result with code and an optional formatted reason.
func Done(code Code, format string, args ...any) Result {
	r := Result{Code: code, Status: ExecDone}
	if format != "" {
		r.Reason = fmt.Sprintf(format, args...)
	}
	return r
}

// Success is Done(OK, "").
func Success() Result { return Result{Code: OK, Status: ExecDone} }

// TimedOut is the result of an operation cut off after d.
func TimedOut(action string, d time.Duration) Result {
	return Result{Code: ErrGeneric, Status: ExecTimeout, Reason: fmt.Sprintf("%s timed out after %v", action, d)}
}

// Pending is the result of an operation whose outcome is not known yet
// (systemd still activating, for example).
func Pending(format string, args ...any) Result {
	return Result{Code: Unknown, Status: ExecPending, Reason: fmt.Sprintf(format, args...)}
}

// Failed is an operation that could not be carried out at all.
func Failed(status ExecStatus, format string, args ...any) Result {
	return Result{Code: ErrGeneric, Status: status, Reason: fmt.Sprintf(format, args...)}
}

// OK reports whether the operation completed with code OK.
func (r Result) OK() bool { return r.Status == ExecDone && r.Code == OK }

// String is a one-line summary: `'ok' (0)`, `'not running' (7): reason`,
// or `failed: 'Timed Out' (2): reason`.
func (r Result) String() string {
	var s string
	if r.Status == ExecDone {
		s = fmt.Sprintf("'%s' (%d)", r.Code, int(r.Code))
	} else {
		s = fmt.Sprintf("failed: '%s' (%d)", r.Status, int(r.Status))
	}
	if r.Reason != "" {
		s += ": " + r.Reason
	}
	return s
}
