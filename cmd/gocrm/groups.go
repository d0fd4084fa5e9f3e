package main

import "github.com/spf13/cobra"

// Command groups that several files fill in: each file appends a
// constructor in its init(), so the pcs-dialect, crmsh-dialect and
// move/ban/cleanup commands can live in separate files.
var (
	resourceSubcommands   []func() *cobra.Command // gocrm resource ... (pcs syntax, crm_resource verbs)
	constraintSubcommands []func() *cobra.Command // gocrm constraint ... (pcs syntax)
	propertySubcommands   []func() *cobra.Command // gocrm property ... (pcs syntax)
	configureSubcommands  []func() *cobra.Command // gocrm configure ... (crmsh syntax)
)

func newGroup(use, short string, subs []func() *cobra.Command) *cobra.Command {
	cmd := &cobra.Command{Use: use, Short: short, Args: cobra.NoArgs}
	for _, sub := range subs {
		cmd.AddCommand(sub())
	}
	return cmd
}
