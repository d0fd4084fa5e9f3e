package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/configure"
)

func init() {
	for _, c := range []struct{ use, short string }{
		{"primitive ID AGENT [params name=value...] [meta name=value...] [op NAME name=value...]...", "Create a primitive (crm configure primitive)"},
		{"group ID RESOURCE... [meta name=value...]", "Group existing primitives (crm configure group)"},
		{"clone ID RESOURCE [params name=value...] [meta name=value...]", "Clone a primitive or group (crm configure clone; gocrm's scheduler runs clones of primitives only)"},
		{"colocation ID SCORE: A B", "Place A where B runs (crm configure colocation)"},
		{"order ID [KIND:|SCORE:] A[:ACTION] B[:ACTION] [symmetrical=BOOL]", "Order two resources (crm configure order)"},
		{"location ID RESOURCE SCORE: NODE | location ID RESOURCE rule [SCORE:] EXPRESSION...", "Prefer or avoid nodes (crm configure location)"},
		{"property [SET:] name=value...", "Set cluster properties (crm configure property)"},
		{"rsc_defaults [SET:] name=value...", "Set resource defaults (crm configure rsc_defaults)"},
		{"op_defaults [SET:] name=value...", "Set operation defaults (crm configure op_defaults)"},
		{"delete ID...", "Delete objects (crm configure delete)"},
		{"show [ID...]", "Print the configuration in crmsh syntax (crm configure show)"},
	} {
		c := c
		configureSubcommands = append(configureSubcommands, func() *cobra.Command { return newCrmshCommand(c.use, c.short) })
	}
}

// newCrmshCommand wraps one crmsh configure verb; the CIB comes from
// $CIB_file (as crmsh reads it) or -f FILE, and -F/--force is crm -F.
func newCrmshCommand(use, short string) *cobra.Command {
	verb := use
	for i, r := range use {
		if r == ' ' {
			verb = use[:i]
			break
		}
	}
	return editCommand(use+" [-F] [-f FILE]", short, nil,
		func(cmd *cobra.Command, f editFlags, doc *cib.CIB, args []string) error {
			m := &configure.Crmsh{Agents: configureAgents(), Force: f.force, Warn: stderrWarner(cmd.ErrOrStderr(), "WARNING: ")}
			out, err := m.Apply(doc, append([]string{verb}, args...))
			if err != nil {
				return err
			}
			if verb == "show" {
				fmt.Fprint(cmd.OutOrStdout(), out)
				return errNoChange
			}
			return nil
		})
}
