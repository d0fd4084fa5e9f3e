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
	return root
}
