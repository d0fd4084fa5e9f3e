package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/scheduler"
	"github.com/gorosync/gorosync/crm/simulate"
	"github.com/gorosync/gorosync/crm/simulate/inject"
)

func newSimulate() *cobra.Command {
	var file string
	var summary bool
	var datetime string
	var inj inject.Injections
	var opFail []string
	var saveOutput string
	var showFailcounts bool
	var showScores bool
	cmd := &cobra.Command{
		Use:   "simulate -x FILE [-S] [-c] [-s] [-t DATETIME] [-u|-d|-f NODE] [-i|-F OPSPEC] [-q BOOL] [-w BOOL]",
		Short: "Run the scheduler on a CIB file, like crm_simulate",
		Long: "Run gocrm's scheduler on the CIB in FILE (or $CIB_file) and print the\n" +
			"cluster status; with -S also the Transition Summary, the Executing\n" +
			"Cluster Transition block (probes, starts, stops, recurring monitors,\n" +
			"pseudo-actions, fencing and shutdowns in the order the simulated\n" +
			"transition fires them) and the Revised Cluster Status, in crm_simulate\n" +
			"-S format.\n\n" +
			"Synthetic cluster events are applied first, as crm_simulate applies them\n" +
			"(quorum, watchdog, nodes up, down, failing, then operations, whatever\n" +
			"their order here), and listed under \"Performing Requested Modifications\".\n" +
			"OPSPEC is ${resource}_${task}_${interval_in_ms}@${node}=${rc}, for\n" +
			"example haproxy_monitor_5000@node1=7.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts := simulate.Options{Simulate: summary, NowText: datetime, Inject: inj}
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
			opts.OpFail = opFail
			opts.ShowFailcounts = showFailcounts
			opts.ShowScores = showScores
			out, saved, err := simulate.RunAndSave(doc, opts)
			invalid := errors.Is(err, simulate.ErrInvalidTransition)
			if err != nil && !invalid {
				return fmt.Errorf("%s: %w", file, err)
			}
			if saveOutput != "" {
				// Written before the output, as crm_simulate does (also
				// when the transition turns out invalid).
				if err := saved.WriteFile(saveOutput, 0o644); err != nil {
					return err
				}
			}
			if _, err := cmd.OutOrStdout().Write([]byte(out)); err != nil {
				return err
			}
			if invalid {
				// crm_simulate prints everything, then fails with exit 1.
				fmt.Fprintln(cmd.ErrOrStderr(), simulate.ErrInvalidTransition)
				cmd.SilenceErrors = true
				return exitError(1)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&file, "xml-file", "x", "", "CIB file to read")
	cmd.Flags().BoolVarP(&summary, "simulate", "S", false, "simulate the transition (print the Transition Summary, the executed actions and the Revised Cluster Status)")
	cmd.Flags().BoolVarP(&showFailcounts, "show-failcounts", "c", false, "show each status's Migration Summary (fail counts) and Failed Resource Actions")
	cmd.Flags().BoolVarP(&showScores, "show-scores", "s", false, "show the allocation scores (as crm_simulate -s: the whole output is then plain text, without headings)")
	cmd.Flags().StringVarP(&datetime, "set-datetime", "t", "", "evaluate rules and failure-timeout at this ISO 8601 date/time instead of now")
	f := cmd.Flags()
	f.StringArrayVarP(&inj.NodeUp, "node-up", "u", nil, "simulate bringing NODE online (repeatable)")
	f.StringArrayVarP(&inj.NodeDown, "node-down", "d", nil, "simulate taking NODE offline: its resource history and transient attributes are dropped (repeatable)")
	f.StringArrayVarP(&inj.NodeFail, "node-fail", "f", nil, "simulate NODE failing: out of the membership while expected up (repeatable)")
	f.StringArrayVarP(&inj.OpInject, "op-inject", "i", nil, "record the operation result OPSPEC in the node's history before scheduling; a failure also gets a fail count (repeatable)")
	f.StringArrayVarP(&opFail, "op-fail", "F", nil, "make OPSPEC fail with its rc when the simulated transition runs it; the transition stops there (repeatable)")
	f.StringVarP(&inj.Quorum, "quorum", "q", "", "set have-quorum to BOOL (true, false, 1 or 0); as in crm_simulate, applied only together with another event")
	f.StringVarP(&inj.Watchdog, "watchdog", "w", "", "set the have-watchdog cluster property to BOOL")
	f.StringVarP(&saveOutput, "save-output", "O", "", "write the CIB to FILE: with -S as the simulated transition leaves it, else with the events applied")
	return cmd
}
