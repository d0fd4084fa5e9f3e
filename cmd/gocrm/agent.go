package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gorosync/gorosync/crm/agent"
	"github.com/gorosync/gorosync/crm/agent/classes"
)

// settleTimeout bounds the wait for an agent's background work (the rest
// of IPaddr2's ARP burst) before the command exits.
const settleTimeout = 30 * time.Second

func newAgent() *cobra.Command {
	var (
		id       string
		timeout  time.Duration
		interval time.Duration
		metas    []string
		opts     classes.Options
	)
	cmd := &cobra.Command{
		Use:   "agent CLASS:[PROVIDER:]TYPE ACTION [name=value...]",
		Short: "Run one resource agent operation by hand, like pcs resource debug-start",
		Long: "Run ACTION (start, stop, monitor, meta-data, validate-all, or any other action\n" +
			"an OCF script accepts) of the agent with the given instance parameters and print\n" +
			"the result as crm_resource --force-* does:\n\n" +
			"  Operation start for vip (ocf:heartbeat:IPaddr2) returned: 'ok' (0)\n" +
			"   >  exit-reason: ...\n   >  stdout: ...\n   >  stderr: ...\n\n" +
			"or \"failed: 'Timed Out' (2)\" when the operation did not complete. meta-data prints\n" +
			"the XML alone. The exit status is the OCF exit code (1 when the operation did not\n" +
			"complete). ocf:heartbeat:IPaddr2 and ocf:heartbeat:VIPcheck run gocrm's native\n" +
			"agents unless --scripts is given.",
		// The exit status carries the OCF code, so cobra must not print
		// "Error: exit status"; other errors are printed here.
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			err := agentMain(cmd, args, id, timeout, interval, metas, opts)
			if _, ok := err.(exitError); err != nil && !ok {
				cmd.PrintErrln("Error:", err)
				return exitError(2)
			}
			return err
		},
	}
	f := cmd.Flags()
	f.StringVarP(&id, "id", "r", "", "resource instance name (OCF_RESOURCE_INSTANCE; default: the type)")
	f.DurationVarP(&timeout, "timeout", "t", agent.DefaultTimeout, "operation timeout")
	f.DurationVar(&interval, "interval", 0, "monitor interval the agent is told (0: a probe)")
	f.StringArrayVar(&metas, "meta", nil, "meta value name=value passed as OCF_RESKEY_CRM_meta_<name> (repeatable)")
	f.BoolVar(&opts.Scripts, "scripts", false, "run resource-agents' OCF scripts even where gocrm has a native agent")
	f.StringVar(&opts.OCFRoot, "ocf-root", "", "OCF_ROOT (default /usr/lib/ocf)")
	return cmd
}

func agentMain(cmd *cobra.Command, args []string, id string, timeout, interval time.Duration, metas []string, opts classes.Options) error {
	if len(args) < 2 {
		return fmt.Errorf("usage: gocrm %s", cmd.Use)
	}
	sp, err := agent.ParseSpec(args[0])
	if err != nil {
		return err
	}
	req := agent.Request{Instance: id, Params: map[string]string{}, Meta: map[string]string{},
		Timeout: timeout, Interval: interval}
	if req.Instance == "" {
		req.Instance = sp.Type
	}
	if err := nameValues(args[2:], req.Params, "parameter"); err != nil {
		return err
	}
	if err := nameValues(metas, req.Meta, "--meta"); err != nil {
		return err
	}
	a, err := classes.Open(sp, opts)
	if err != nil {
		return err
	}
	res := runAgent(cmd.Context(), a, args[1], req)
	printResult(cmd.OutOrStdout(), args[1], req.Instance, sp, res)
	if res.Status != agent.ExecDone {
		return exitError(agent.ErrGeneric)
	}
	if res.Code != agent.OK {
		return exitError(res.Code)
	}
	return nil
}

// runAgent runs the operation, then lets the agent finish background work
// it started (this process is about to exit) and releases it.
func runAgent(ctx context.Context, a agent.Agent, action string, req agent.Request) agent.Result {
	if ctx == nil {
		ctx = context.Background()
	}
	res := agent.Run(ctx, a, action, req)
	if s, ok := a.(agent.Settler); ok {
		sctx, cancel := context.WithTimeout(ctx, settleTimeout)
		_ = s.Settle(sctx)
		cancel()
	}
	if c, ok := a.(agent.Closer); ok {
		_ = c.Close()
	}
	return res
}

func nameValues(args []string, into map[string]string, what string) error {
	for _, a := range args {
		k, v, ok := strings.Cut(a, "=")
		if !ok || k == "" {
			return fmt.Errorf("%s %q: want name=value", what, a)
		}
		into[k] = v
	}
	return nil
}

func printResult(w io.Writer, action, id string, sp agent.Spec, r agent.Result) {
	if action == agent.ActionMetaData && r.OK() {
		io.WriteString(w, r.Stdout)
		return
	}
	if r.Status == agent.ExecDone {
		fmt.Fprintf(w, "Operation %s for %s (%s) returned: '%s' (%d)\n", action, id, sp, r.Code, int(r.Code))
	} else {
		fmt.Fprintf(w, "Operation %s for %s (%s) failed: '%s' (%d)\n", action, id, sp, r.Status, int(r.Status))
	}
	if r.Reason != "" {
		fmt.Fprintf(w, " >  exit-reason: %s\n", r.Reason)
	}
	for _, s := range []struct{ name, text string }{{"stdout", r.Stdout}, {"stderr", r.Stderr}} {
		for _, l := range strings.Split(strings.TrimRight(s.text, "\n"), "\n") {
			if l != "" {
				fmt.Fprintf(w, " >  %s: %s\n", s.name, l)
			}
		}
	}
}
