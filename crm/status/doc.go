// Package status renders the `crm_mon -1` view of Pacemaker 2.1.5 from a
// CIB: the text form (with or without inactive resources) and the
// --output-as=xml form. The resource lines come from crm/simulate, which
// prints the same lines in crm_simulate's "Current cluster status".
package status
