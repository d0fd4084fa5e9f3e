// Package simulate renders gocrm's scheduler decisions in the text format
// of Pacemaker 2.1.5's `crm_simulate -S`, parses that output, and runs the
// real crm_simulate as an oracle for differential tests.
//
// Options.Inject applies crm_simulate's synthetic cluster events first
// (package inject: --node-up/--node-down/--node-fail, --op-inject,
// --quorum, --watchdog) and prints their "Performing Requested
// Modifications" block after the current status. TestInjectDifferential
// compares that with crm_simulate over generated clusters and
// testdata/injections holds the HAProxy seed cases. The injected
// last-failure and last-rc-change times come from Options.Clock (the real
// clock by default, as crm_simulate uses even with --set-datetime; tests
// pin it and mask the value in both outputs).
//
// Options.OpFail is --op-fail: the graph runs as crm_simulate's does, and
// the first resource operation a spec matches prints "Pretending action N
// failed with rc=RC" and the fail count and last-failure it injects. The
// transition is aborted: actions depending on the failed one never run,
// and after it only pseudo-actions still fire (a clone's running/stopped
// pseudo-actions have priority INFINITY and count the failed input as
// done). The Revised Cluster Status is, as in crm_simulate's
// pcmk__simulate, the CIB the transition leaves (transitionCIB: every
// fired action recorded, the failure with its fail count, fenced nodes
// down) unpacked again, so -c shows the new failure there too. N is
// Pacemaker's graph action id, a creation counter over all actions
// (optional ones included): gocrm prints its own creation number plus one, and creates
// its actions in 2.1.5's order (fence actions as pe_fence_node marks a
// node while unpacking, active recurring monitors by the history's last
// start and stop on online nodes, no recovery stop or probe on an unclean
// node; found with PCMK_trace_functions=new_action, which logs every
// creation with its id). TestOpFailDifferential (a start or stop of the
// transition failing with rc 1, compared with -c): the seeds that differ
// are listed in opFailGaps (none: 302 seeds with -opfail-seeds 300, 0
// mismatches). Failing probes and recurring monitors, and results other
// than 1, are printed the same way but not compared.
//
// RunAndSave also returns the CIB --save-output writes: with -S the CIB as
// the simulated transition leaves it (every fired resource action's
// result recorded in the history as crm_simulate records it, probes
// finding the resource stopped, the --op-fail failure with its fail
// count, fenced nodes down without history; inject.Record).
// TestSaveOutputDifferential compares its status section with
// crm_simulate -S -O's: 0 of 202 differ with -save-seeds 200.
//
// Options.ShowScores is -s (--show-scores): the scheduler records each
// resource's node scores where 2.1.5's pcmk__primitive_assign,
// pcmk__group_assign (the group's, then its members') and
// pcmk__clone_allocate (the clone's, then its instances') print them, and
// they come before the Transition Summary. crm_simulate does not force
// --text-fancy with -s, so the whole output is then plain (plain.go: no
// headings, bullets or indentation). TestScoresDifferential: 102 seeds
// compared, 4 known gaps (scoresGaps), all in score values or their
// order, none in the plain text.
// -U/--show-utilization is not done.
//
// TODO: tickets (--ticket-*).
package simulate
