package crmresource

import "strings"

// Exit codes crm_resource uses for these commands (crm_exit_t).
const (
	ExitUsage    = 64  // CRM_EX_USAGE
	ExitConfig   = 78  // CRM_EX_CONFIG
	ExitNoSuch   = 105 // CRM_EX_NOSUCH
	ExitExists   = 108 // CRM_EX_EXISTS
	ExitMultiple = 109 // CRM_EX_MULTIPLE
)

// Error is a failed command: crm_resource's exit code and the lines it
// prints on stderr.
type Error struct {
	Code  int
	Lines []string
	Out   []string // what crm_resource had printed on stdout before failing
}

func (e *Error) Error() string { return strings.Join(e.Lines, "\n") }

func fail(code int, lines ...string) error { return &Error{Code: code, Lines: lines} }

func errNoResource(id string) error {
	return fail(ExitNoSuch, "crm_resource: Resource '"+id+"' not found", "Error performing operation: No such object")
}

func errNoNode(name string) error {
	return fail(ExitNoSuch, "crm_resource: Node '"+name+"' not found", "Error performing operation: No such object")
}

// Result is what a successful command printed on stdout (unless quiet)
// and how many CIB updates it made (each bumps the CIB's epoch).
type Result struct {
	Out     []string
	Updates int
}
