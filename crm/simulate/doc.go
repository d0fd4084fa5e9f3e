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
// TODO: --op-fail (failing an action during the simulated transition and
// the abort that follows; gocrm simulate refuses specs the transition
// runs), --save-output with -S (the CIB after the transition), tickets
// (--ticket-*).
package simulate
