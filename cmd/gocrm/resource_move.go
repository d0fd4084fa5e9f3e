package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/crmresource"
	"github.com/gorosync/gorosync/crm/crmtime"
	"github.com/gorosync/gorosync/crm/simulate"
)

// The move/ban/clear/cleanup/refresh/relocate commands in pcs 0.11 syntax
// (with crmsh's spellings as aliases), doing what crm_resource does to
// the CIB file (crm/crmresource).

func init() {
	resourceSubcommands = append(resourceSubcommands,
		newResourceMove, newResourceMoveWithConstraint, newResourceBan, newResourceClear,
		newResourceCleanup, newResourceRefresh, newResourceRelocate)
}

const moveFileNote = "\n\nWith a CIB file there is no cluster to wait for, so unlike pcs 0.11's move\n" +
	"(which removes its constraint once the resource runs on its new node) the\n" +
	"constraint stays, as with move-with-constraint: remove it with\n" +
	"'gocrm resource clear' when it has done its job, or give it a lifetime."

// moveFlags are the options these commands share.
type moveFlags struct {
	file     string
	lifetime string
	force    bool
	strict   bool
	quiet    bool
}

func (f *moveFlags) add(cmd *cobra.Command, lifetime bool) {
	cmd.Flags().StringVarP(&f.file, "file", "f", "", "CIB file to edit (default $CIB_file)")
	cmd.Flags().BoolVar(&f.force, "force", false, "as crm_resource --force")
	cmd.Flags().BoolVarP(&f.quiet, "quiet", "Q", false, "print no informational messages")
	if lifetime {
		cmd.Flags().StringVar(&f.lifetime, "lifetime", "", "ISO 8601 duration after which the constraint expires (also lifetime=DURATION)")
	}
}

// moveArgs splits RESOURCE [NODE] [name=value...] [force] [DURATION]:
// pcs's key=value options, and crmsh's bare "force" and lifetime.
type moveArgs struct {
	rsc, node string
	opts      map[string]string
	force     bool
	lifetime  string
}

// lifetimeOr is the lifetime the arguments give (pcs's lifetime=, else
// crm_resource's form), or def from the --lifetime flag.
func (a moveArgs) lifetimeOr(def string) string {
	if v, ok := a.opts["lifetime"]; ok {
		return pcsLifetime(v)
	}
	if a.lifetime != "" {
		return a.lifetime
	}
	return def
}

func parseMoveArgs(args []string, keys ...string) (moveArgs, error) {
	a := moveArgs{opts: map[string]string{}}
	allowed := map[string]bool{}
	for _, k := range keys {
		allowed[k] = true
	}
	var pos []string
	for _, s := range args {
		if k, v, ok := strings.Cut(s, "="); ok {
			if !allowed[k] {
				return a, fmt.Errorf("unknown option '%s'", k)
			}
			a.opts[k] = v
			continue
		}
		if s == "force" {
			a.force = true
			continue
		}
		pos = append(pos, s)
	}
	if len(pos) > 0 {
		a.rsc, pos = pos[0], pos[1:]
	}
	if len(pos) > 0 {
		a.node, pos = pos[0], pos[1:]
	}
	if len(pos) > 0 && allowed["lifetime"] {
		if _, err := crmtime.ParseDuration(pos[0]); err == nil {
			a.lifetime, pos = pos[0], pos[1:]
		}
	}
	if len(pos) > 0 {
		return a, fmt.Errorf("unexpected argument '%s'", pos[0])
	}
	return a, nil
}

// pcsLifetime is how pcs passes lifetime= on: a leading digit gets "P".
func pcsLifetime(s string) string {
	if s != "" && s[0] >= '0' && s[0] <= '9' {
		return "P" + s
	}
	return s
}

// pcsText rewrites crm_resource's ban warning the way pcs prints it.
func pcsText(lines []string) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		l = strings.Replace(l, "WARNING: Creating rsc_location constraint", "Warning: Creating location constraint", 1)
		l = strings.TrimSuffix(l, " using the clear option or by editing the CIB with an appropriate tool")
		out = append(out, l)
	}
	return out
}

// editCIBFile applies fn to the CIB file (-f or $CIB_file) and writes it
// back atomically if fn changed it; on error the file is untouched.
func editCIBFile(file string, fn func(doc *cib.CIB) error) error {
	if file == "" {
		file = os.Getenv("CIB_file")
	}
	if file == "" {
		return fmt.Errorf("no CIB given: use -f FILE (or set CIB_file); a running cluster is not supported yet")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	doc, err := cib.Parse(file, data)
	if err != nil {
		return err
	}
	before, err := doc.Marshal()
	if err != nil {
		return err
	}
	if err := fn(doc); err != nil {
		return err
	}
	after, err := doc.Marshal()
	if err != nil {
		return err
	}
	if string(after) == string(before) {
		return nil
	}
	perm := os.FileMode(0o600)
	if st, err := os.Stat(file); err == nil {
		perm = st.Mode().Perm()
	}
	return doc.WriteFile(file, perm)
}

const pcsGiveUp = "Error: Errors have occurred, therefore pcs is unable to continue"

// report prints a command's messages (pcs prints them on stderr) or its
// error the way pcs does, and gives the exit status.
func report(cmd *cobra.Command, quiet bool, verb, rsc string, res crmresource.Result, err error) error {
	w := cmd.ErrOrStderr()
	if err == nil {
		if !quiet {
			for _, l := range pcsText(res.Out) {
				fmt.Fprintln(w, l)
			}
		}
		return nil
	}
	var e *crmresource.Error
	if errors.As(err, &e) {
		for _, l := range pcsText(e.Out) {
			fmt.Fprintln(w, l)
		}
		if e.Code == crmresource.ExitNoSuch && strings.HasPrefix(e.Lines[0], "crm_resource: Resource ") {
			fmt.Fprintf(w, "Error: bundle/clone/group/resource '%s' does not exist\n", rsc)
			fmt.Fprintln(w, pcsGiveUp)
			return exitError(1)
		}
		if e.Code == crmresource.ExitNoSuch && strings.HasPrefix(e.Lines[0], "crm_resource: Node ") {
			name := strings.TrimSuffix(strings.TrimPrefix(e.Lines[0], "crm_resource: Node '"), "' not found")
			fmt.Fprintf(w, "Error: Node '%s' does not appear to exist in configuration\n", name)
			fmt.Fprintln(w, pcsGiveUp)
			return exitError(1)
		}
		if verb != "" {
			fmt.Fprintf(w, "Error: cannot %s resource '%s'\n", verb, rsc)
		}
		for _, l := range e.Lines {
			fmt.Fprintln(w, l)
		}
		return exitError(1)
	}
	fmt.Fprintln(w, "Error:", err)
	return exitError(1)
}

func moveCommand(use, short, long string, aliases []string) *cobra.Command {
	var f moveFlags
	cmd := &cobra.Command{
		Use: use, Short: short, Long: long, Aliases: aliases,
		Args:          cobra.MinimumNArgs(1),
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := parseMoveArgs(args, "lifetime")
			if err != nil {
				return usageError(cmd, err)
			}
			lifetime := a.lifetimeOr(f.lifetime)
			var res crmresource.Result
			err = editCIBFile(f.file, func(doc *cib.CIB) error {
				res, err = crmresource.Move(doc, crmresource.MoveOptions{Resource: a.rsc, Node: a.node,
					Lifetime: lifetime, Force: f.force || a.force, Now: time.Now()})
				return err
			})
			// pcs warns when crm_resource said nothing.
			if err == nil && a.node != "" && !f.quiet && len(res.Out) == 0 {
				res.Out = append(res.Out, fmt.Sprintf("Warning: A move constraint has been created and the resource '%s' may or may not move depending on other configuration", a.rsc))
			}
			return report(cmd, f.quiet, "move", a.rsc, res, err)
		},
	}
	f.add(cmd, true)
	return cmd
}

func usageError(cmd *cobra.Command, err error) error {
	cmd.PrintErrln("Error:", err)
	cmd.PrintErrln("Usage: gocrm resource " + cmd.Use)
	return exitError(1)
}

func newResourceMove() *cobra.Command {
	return moveCommand("move RESOURCE [NODE] [lifetime=DURATION] [-f FILE]",
		"Move a resource away from its node, or to NODE (pcs resource move; crmsh migrate)",
		"Ban RESOURCE from the node it runs on with a cli-ban constraint, or with NODE\n"+
			"make it prefer NODE with a cli-prefer constraint, as crm_resource --move does."+moveFileNote,
		[]string{"migrate"})
}

func newResourceMoveWithConstraint() *cobra.Command {
	return moveCommand("move-with-constraint RESOURCE [NODE] [lifetime=DURATION] [-f FILE]",
		"Move a resource with a cli-prefer/cli-ban constraint that stays (pcs resource move-with-constraint)",
		"As move: the constraint stays until cleared or its lifetime ends.", nil)
}

func newResourceBan() *cobra.Command {
	var f moveFlags
	cmd := &cobra.Command{
		Use:           "ban RESOURCE [NODE] [lifetime=DURATION] [-f FILE]",
		Short:         "Keep a resource off a node with a cli-ban constraint (pcs/crmsh resource ban)",
		Long:          "Create cli-ban-RESOURCE-on-NODE (score -INFINITY) for NODE, or the node the\nresource runs on, as crm_resource --ban does.",
		Args:          cobra.MinimumNArgs(1),
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := parseMoveArgs(args, "lifetime")
			if err != nil {
				return usageError(cmd, err)
			}
			lifetime := a.lifetimeOr(f.lifetime)
			var res crmresource.Result
			err = editCIBFile(f.file, func(doc *cib.CIB) error {
				res, err = crmresource.Ban(doc, crmresource.BanOptions{Resource: a.rsc, Node: a.node, Lifetime: lifetime, Now: time.Now()})
				return err
			})
			return report(cmd, f.quiet, "ban", a.rsc, res, err)
		},
	}
	f.add(cmd, true)
	return cmd
}

func newResourceClear() *cobra.Command {
	var f moveFlags
	cmd := &cobra.Command{
		Use:           "clear RESOURCE [NODE] [-f FILE]",
		Aliases:       []string{"unmove", "unmigrate", "unban"},
		Short:         "Remove a resource's cli-prefer/cli-ban constraints (pcs resource clear; crmsh unmove)",
		Args:          cobra.RangeArgs(1, 2),
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := parseMoveArgs(args)
			if err != nil {
				return usageError(cmd, err)
			}
			var res crmresource.Result
			err = editCIBFile(f.file, func(doc *cib.CIB) error {
				res, err = crmresource.Clear(doc, crmresource.ClearOptions{Resource: a.rsc, Node: a.node, Force: f.force})
				return err
			})
			return report(cmd, f.quiet, "clear", a.rsc, res, err)
		},
	}
	f.add(cmd, false)
	return cmd
}

const cleanupFileNote = "\n\nOn a CIB file (where crm_resource only does a dry run) the file is edited as\n" +
	"the attribute manager and controller would: the fail-count-* and last-failure-*\n" +
	"node attributes and the operation history of the cleaned resources are removed.\n" +
	"A group member is cleaned with its whole group unless --strict."

func cleanupCommand(refresh bool) *cobra.Command {
	var f moveFlags
	use, short := "cleanup [RESOURCE] [node=NODE] [operation=OP [interval=INTERVAL]] [--strict] [-f FILE]",
		"Forget a resource's failures (pcs resource cleanup)"
	keys := []string{"node", "operation", "interval"}
	if refresh {
		use, short = "refresh [RESOURCE] [node=NODE] [--strict] [-f FILE]",
			"Forget a resource's operation history so it is re-probed (pcs resource refresh)"
		keys = []string{"node"}
	}
	cmd := &cobra.Command{
		Use: use, Short: short, Long: short + "." + cleanupFileNote,
		Args:          cobra.MaximumNArgs(4),
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := parseMoveArgs(args, keys...)
			if err != nil {
				return usageError(cmd, err)
			}
			node := a.opts["node"]
			if node == "" {
				node = a.node // crmsh: cleanup RESOURCE NODE
			}
			if _, ok := a.opts["interval"]; ok && a.opts["operation"] == "" {
				return usageError(cmd, fmt.Errorf("interval requires operation"))
			}
			var res crmresource.Result
			err = editCIBFile(f.file, func(doc *cib.CIB) error {
				res, err = crmresource.Cleanup(doc, crmresource.CleanupOptions{Resource: a.rsc, Node: node,
					Operation: a.opts["operation"], Interval: a.opts["interval"], Force: f.strict || f.force || a.force, Refresh: refresh})
				return err
			})
			if err != nil {
				return report(cmd, false, "", a.rsc, res, err)
			}
			if !f.quiet {
				for _, l := range res.Out {
					fmt.Fprintln(cmd.OutOrStdout(), l)
				}
			}
			return nil
		},
	}
	f.add(cmd, false)
	cmd.Flags().BoolVar(&f.strict, "strict", false, "clean only the named resource, not its whole group")
	return cmd
}

func newResourceCleanup() *cobra.Command { return cleanupCommand(false) }
func newResourceRefresh() *cobra.Command { return cleanupCommand(true) }

func newResourceRelocate() *cobra.Command {
	rel := &cobra.Command{
		Use:   "relocate show|dry-run|run|clear [RESOURCE...]",
		Short: "Move resources to their preferred nodes (pcs resource relocate)",
		Long: "Compute where resources would run with resource-stickiness=0 and send them\n" +
			"there with pcs-relocate-<resource> INFINITY constraints, as pcs does. On a CIB\n" +
			"file 'run' cannot wait for the cluster, so the constraints stay until\n" +
			"'gocrm resource relocate clear'.",
		Args: cobra.NoArgs,
	}
	var file string
	sub := func(use, short string, args cobra.PositionalArgs, fn func(cmd *cobra.Command, args []string) error) {
		c := &cobra.Command{Use: use, Short: short, Args: args, SilenceErrors: true, RunE: fn}
		c.Flags().StringVarP(&file, "file", "f", "", "CIB file (default $CIB_file)")
		rel.AddCommand(c)
	}
	plan := func(cmd *cobra.Command, args []string, apply bool) error {
		w := cmd.ErrOrStderr()
		err := editCIBFile(file, func(doc *cib.CIB) error {
			p, err := crmresource.RelocatePlan(doc, args, time.Now())
			if err != nil || len(p) == 0 {
				return err
			}
			for _, l := range crmresource.RelocateLines(p) {
				fmt.Fprintln(w, l)
			}
			if apply {
				crmresource.RelocateApply(doc, p)
				fmt.Fprintln(w, "\nThe constraints stay until 'gocrm resource relocate clear' (no cluster to wait for with a CIB file).")
				return nil
			}
			fmt.Fprint(w, "\nWaiting for resources to move...\n\n")
			for _, r := range p {
				fmt.Fprintln(w, "Removing constraint "+crmresource.RelocatePrefix+r.Resource)
			}
			return nil
		})
		return report(cmd, false, "", "", crmresource.Result{}, err)
	}
	sub("show", "Show the transition with stickiness 0 (pcs resource relocate show)", cobra.NoArgs,
		func(cmd *cobra.Command, _ []string) error {
			var out string
			err := editCIBFile(file, func(doc *cib.CIB) error {
				cp, _, err := crmresource.WithoutStickiness(doc, nil)
				if err != nil {
					return err
				}
				// Only the summary is shown: an invalid transition
				// (crm_simulate's exit 1) still has one.
				if out, err = simulate.Run(cp, simulate.Options{Simulate: true}); err != nil && !errors.Is(err, simulate.ErrInvalidTransition) {
					return err
				}
				out, err = simulate.HeadBlocks(out)
				return err
			})
			if err != nil {
				return report(cmd, false, "", "", crmresource.Result{}, err)
			}
			_, err = fmt.Fprint(cmd.OutOrStdout(), out)
			return err
		})
	sub("dry-run [RESOURCE...]", "Print the constraints run would create", cobra.ArbitraryArgs,
		func(cmd *cobra.Command, args []string) error { return plan(cmd, args, false) })
	sub("run [RESOURCE...]", "Create the relocation constraints", cobra.ArbitraryArgs,
		func(cmd *cobra.Command, args []string) error { return plan(cmd, args, true) })
	sub("clear", "Remove every pcs-relocate-* constraint", cobra.NoArgs,
		func(cmd *cobra.Command, _ []string) error {
			var res crmresource.Result
			err := editCIBFile(file, func(doc *cib.CIB) error {
				res = crmresource.RelocateClear(doc)
				return nil
			})
			if err == nil {
				for _, l := range res.Out {
					fmt.Fprintln(cmd.OutOrStdout(), l)
				}
			}
			return report(cmd, false, "", "", crmresource.Result{}, err)
		})
	return rel
}
