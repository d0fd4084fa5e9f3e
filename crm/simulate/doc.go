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
// Options.OpFail is --op-fail: the first resource operation of the
// Executing block that a spec matches prints "Pretending action N failed
// with rc=RC" and the fail count and last-failure it injects; nothing fires
// after it (crm_simulate aborts the transition), and the Revised Cluster
// Status applies only the actions that ran before it, with the failed
// resource FAILED on the node and the operation's on-fail applied (a failed
// stop blocks it, or makes the node UNCLEAN with fencing). N is Pacemaker's
// graph action id, a creation counter over all actions (optional ones
// included): gocrm prints its own creation number plus one, which matches
// wherever gocrm creates actions in Pacemaker's order (measured: all
// matched resource operations in 58 of 60 generated clusters). Failing
// probes and recurring monitors is printed the same way but only starts
// and stops are compared with crm_simulate.
//
// TODO: --save-output with -S (the CIB after the transition), tickets
// (--ticket-*).
package simulate
