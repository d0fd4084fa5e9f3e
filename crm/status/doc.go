// Package status renders the `crm_mon -1` view of Pacemaker 2.1.5 from a
// CIB: the text form (with or without inactive resources, with or without
// the Migration Summary of -f) and the --output-as=xml form. The resource
// lines come from crm/simulate, which prints the same lines in
// crm_simulate's "Current cluster status".
//
// "Failed Resource Actions" is the scheduler's list of failed operations
// (scheduler.Cluster.FailedOps: failures on online nodes, expired and
// masked probe failures left out while unpacking), once per operation key
// and node, in the friendly form of 2.1.5's failed_action_friendly; the
// execution-status names are 2.1.5's enum pcmk_exec_status. Fail counts
// (-f, and the XML node history) are the scheduler's FailCount, the
// Migration Summary crm/simulate's, shared with crm_simulate -c. The
// differential test against crm_mon covers every generator feature (see
// features in diff_test.go): 400 seeds with failed stops, 0 differ.
package status
