package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/scheduler"
	"github.com/gorosync/gorosync/crm/simulate"
)

func newSimulate() *cobra.Command {
	var file string
	var summary bool
	var datetime string
	cmd := &cobra.Command{
		Use:   "simulate -x FILE [-S] [-t DATETIME]",
		Short: "Run the scheduler on a CIB file, like crm_simulate",
		Long: "Run gocrm's scheduler on the CIB in FILE (or $CIB_file) and print the\n" +
			"cluster status; with -S also the Transition Summary, the Executing\n" +
			"Cluster Transition block (probes, starts, stops, recurring monitors,\n" +
			"pseudo-actions, fencing and shutdowns in the order the simulated\n" +
			"transition fires them) and the Revised Cluster Status, in crm_simulate\n" +
			"-S format.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts := simulate.Options{Simulate: summary, NowText: datetime}
			if datetime != "" {
				var err error
				if opts.Now, err = scheduler.ParseDateTime(datetime); err != nil {
					return fmt.Errorf("--set-datetime: %w", err)
				}
			}
			if file == "" {
				file = os.Getenv("CIB_file")
			}
			if file == "" {
				return fmt.Errorf("no CIB given: use -x FILE (or set CIB_file)")
			}
			doc, err := cib.ReadFile(file)
			if err != nil {
				return err
			}
			if err := doc.Validate(); err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			out, err := simulate.Run(doc, opts)
			if err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			_, err = cmd.OutOrStdout().Write([]byte(out))
			return err
		},
	}
	cmd.Flags().StringVarP(&file, "xml-file", "x", "", "CIB file to read")
	cmd.Flags().BoolVarP(&summary, "simulate", "S", false, "simulate the transition (print the Transition Summary, the executed actions and the Revised Cluster Status)")
	cmd.Flags().StringVarP(&datetime, "set-datetime", "t", "", "evaluate rules and failure-timeout at this ISO 8601 date/time instead of now")
	return cmd
}
