// Package inject edits a CIB the way crm_simulate's "Synthetic Cluster
// Events" options do before scheduling (Pacemaker 2.1.5's
// pcmk__inject_scheduler_input): --node-up, --node-down, --node-fail,
// --op-inject, --quorum and --watchdog. Apply is pure: it returns a
// modified copy and the lines crm_simulate prints under "Performing
// Requested Modifications:".
package inject
