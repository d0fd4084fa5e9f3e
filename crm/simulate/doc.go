// Package simulate renders gocrm's scheduler decisions in the text format
// of Pacemaker 2.1.5's `crm_simulate -S`, parses that output, and runs the
// real crm_simulate as an oracle for differential tests.
package simulate
