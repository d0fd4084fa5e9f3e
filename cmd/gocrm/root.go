package main

import (
	"io"

	"github.com/spf13/cobra"
)

// exitError is a command's chosen exit status, already reported.
type exitError int

func (e exitError) Error() string { return "exit status" }

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "gocrm",
		Short:         "Pacemaker-compatible cluster resource manager",
		SilenceUsage:  true,
		SilenceErrors: false,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.CompletionOptions.DisableDefaultCmd = true
	root.AddCommand(newSimulate())
	root.AddCommand(newAgent())
	root.AddCommand(newStatus())
	root.AddCommand(newGroup("resource", "Create, change and move resources (pcs syntax)", resourceSubcommands))
	root.AddCommand(newGroup("constraint", "Location, colocation and order constraints (pcs syntax)", constraintSubcommands))
	root.AddCommand(newGroup("property", "Cluster properties (pcs syntax)", propertySubcommands))
	root.AddCommand(newGroup("configure", "Edit the configuration (crmsh syntax)", configureSubcommands))
	return root
}
