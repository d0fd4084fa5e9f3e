// Package crmtime is Pacemaker's crm_time (lib/common/iso8601.c in 2.1.5)
// redone in Go: its ISO 8601 date/time and duration parsers, its calendar
// arithmetic and its text format. Pacemaker's arithmetic has quirks
// (adding a year keeps the ordinal day, so 2027-03-01 + P1Y is 2028-02-29;
// "P1M2M" is two months; "PT1D" is a day; a date without a time is UTC but
// a time without a zone is local), and rules, lifetimes and crm_simulate -t
// depend on them, so this package reproduces them rather than using
// time.Time arithmetic.
package crmtime
