// Package crmresource does to a CIB what Pacemaker 2.1.5's crm_resource
// does for --move, --ban, --clear, --cleanup and --refresh: pure
// functions on a *cib.CIB, returning the messages crm_resource prints and
// its exit code on failure.
//
// Differences from crm_resource on a CIB file (CIB_file=...):
//   - Checks come first and a failing command changes nothing. crm_resource
//     --move clears old constraints before it parses --lifetime, so a bad
//     lifetime leaves the clears applied; and when a re-ban's form differs
//     from the existing constraint of the same id it prints the whole
//     (invalid) CIB before the error. Here the error alone is returned.
//   - --cleanup and --refresh on a file are a dry run in crm_resource
//     ("Dry run: skipping clean-up of R on N due to CIB_file", and 2.1.5
//     then crashes). With no cluster behind the file, the file is the
//     state, so Cleanup edits it the way the attribute manager and the
//     controller would: it removes the fail-count-* and last-failure-*
//     transient attributes and erases the operation history (lrm_resource)
//     of the cleaned resources, and prints what crm_resource prints on a
//     live cluster ("Cleaned up R on N").
package crmresource
