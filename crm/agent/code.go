package agent

import "fmt"

// Code is an OCF exit code: what an agent says about its resource.
type Code int

// The OCF exit codes (resource-agents' ocf-returncodes, Pacemaker's
// PCMK_OCF_*). Codes 190, 191 and 193 are Pacemaker extensions.
const (
	OK                Code = 0
	ErrGeneric        Code = 1
	ErrArgs           Code = 2
	ErrUnimplemented  Code = 3
	ErrPerm           Code = 4
	ErrInstalled      Code = 5
	ErrConfigured     Code = 6
	NotRunning        Code = 7
	RunningPromoted   Code = 8
	FailedPromoted    Code = 9
	Degraded          Code = 190
	DegradedPromoted  Code = 191
	Unknown           Code = 193
	maxMeaningfulCode      = 255
)

type codeInfo struct {
	shell     string // name in ocf-returncodes
	pacemaker string // name in Pacemaker's results.h
	text      string // what crm_resource and crm_mon print
}

var codes = map[Code]codeInfo{
	OK:               {"OCF_SUCCESS", "PCMK_OCF_OK", "ok"},
	ErrGeneric:       {"OCF_ERR_GENERIC", "PCMK_OCF_UNKNOWN_ERROR", "error"},
	ErrArgs:          {"OCF_ERR_ARGS", "PCMK_OCF_INVALID_PARAM", "invalid parameter"},
	ErrUnimplemented: {"OCF_ERR_UNIMPLEMENTED", "PCMK_OCF_UNIMPLEMENT_FEATURE", "unimplemented feature"},
	ErrPerm:          {"OCF_ERR_PERM", "PCMK_OCF_INSUFFICIENT_PRIV", "insufficient privileges"},
	ErrInstalled:     {"OCF_ERR_INSTALLED", "PCMK_OCF_NOT_INSTALLED", "not installed"},
	ErrConfigured:    {"OCF_ERR_CONFIGURED", "PCMK_OCF_NOT_CONFIGURED", "not configured"},
	NotRunning:       {"OCF_NOT_RUNNING", "PCMK_OCF_NOT_RUNNING", "not running"},
	RunningPromoted:  {"OCF_RUNNING_MASTER", "PCMK_OCF_RUNNING_PROMOTED", "promoted"},
	FailedPromoted:   {"OCF_FAILED_MASTER", "PCMK_OCF_FAILED_PROMOTED", "promoted (failed)"},
	Degraded:         {"OCF_DEGRADED", "PCMK_OCF_DEGRADED", "OCF_DEGRADED"},
	DegradedPromoted: {"OCF_DEGRADED_MASTER", "PCMK_OCF_DEGRADED_PROMOTED", "promoted (degraded)"},
	Unknown:          {"", "PCMK_OCF_UNKNOWN", "unknown"},
}

// String is the short text Pacemaker prints for the code ("ok", "not
// running", ...); codes without a meaning print as "unknown".
func (c Code) String() string {
	if i, ok := codes[c]; ok {
		return i.text
	}
	return "unknown"
}

// ShellName is the ocf-returncodes variable name (OCF_SUCCESS, ...), or
// "" when the shell library has none.
func (c Code) ShellName() string { return codes[c].shell }

// PacemakerName is the name in Pacemaker's C headers, or "" for codes it
// does not define.
func (c Code) PacemakerName() string { return codes[c].pacemaker }

// Meaning says in a sentence how the cluster treats the code.
func (c Code) Meaning() string {
	switch c {
	case OK:
		return "success; the resource is running"
	case ErrGeneric:
		return "soft error: the resource may be recovered (restarted or moved)"
	case ErrArgs:
		return "invalid parameters on this node: hard error, the resource is banned from the node"
	case ErrUnimplemented:
		return "the agent does not implement the action"
	case ErrPerm:
		return "insufficient privileges: hard error on this node"
	case ErrInstalled:
		return "required software missing on this node: hard error on the node (a probe reads it as stopped)"
	case ErrConfigured:
		return "the configuration is invalid everywhere: fatal, the resource is stopped on all nodes"
	case NotRunning:
		return "cleanly stopped (expected for probes, a failure for a recurring monitor)"
	case RunningPromoted:
		return "running in the promoted role"
	case FailedPromoted:
		return "failed in the promoted role"
	case Degraded:
		return "running but degraded (treated as running)"
	case DegradedPromoted:
		return "promoted but degraded (treated as promoted)"
	case Unknown:
		return "pending: the result is not known yet"
	}
	return fmt.Sprintf("undefined exit code %d (treated as an error)", int(c))
}

// Running reports whether a monitor result with this code means the
// resource runs here (in any role).
func (c Code) Running() bool {
	switch c {
	case OK, RunningPromoted, Degraded, DegradedPromoted:
		return true
	}
	return false
}

// FromExit maps a process exit status to a Code; statuses above 255 or
// negative (a signal) become ErrGeneric.
func FromExit(status int) Code {
	if status < 0 || status > maxMeaningfulCode {
		return ErrGeneric
	}
	return Code(status)
}
