package scheduler

import (
	"strconv"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/crmtime"
)

// now is the cluster's effective time as crm_time sees it, and the local
// UTC offset dates without a zone are read in.
func (c *Cluster) crmNow() (now crmtime.Time, local int32) {
	t := c.Now.Local()
	_, off := t.Zone()
	return crmtime.FromTime(t), int32(off)
}

// dateMatches evaluates a date_expression at c.Now as Pacemaker 2.1.5's
// pe__eval_date_expr does: only "within range" matches; a missing or
// unparsable start/end makes the expression undetermined (no match).
func (c *Cluster) dateMatches(d *cib.DateExpression) bool {
	now, local := c.crmNow()
	parse := func(s string) *crmtime.Time {
		if s == "" {
			return nil
		}
		t, err := crmtime.ParseDate(s, local, now)
		if err != nil {
			c.warnf("date_expression %q: %v", d.ID, err)
			return nil
		}
		return &t
	}
	start, end := parse(d.Start), parse(d.End)
	if start != nil && end == nil && d.Duration != nil {
		e := addDurationFields(*start, d.Duration)
		end = &e
	}
	switch strings.ToLower(d.Operation) {
	case "", "in_range":
		switch {
		case start == nil && end == nil:
			return false
		case start != nil && now.Compare(*start) < 0:
			return false
		case end != nil && now.Compare(*end) > 0:
			return false
		}
		return true
	case "gt":
		return start != nil && now.Compare(*start) > 0
	case "lt":
		return end != nil && now.Compare(*end) < 0
	case "date_spec":
		c.warnf("date_expression %q: date_spec not supported yet; no match", d.ID)
	}
	return false
}

// addDurationFields is parse_xml_duration: start plus a <duration>'s
// years, months, weeks, days, hours, minutes and seconds, in that order.
func addDurationFields(start crmtime.Time, f *cib.DateFields) crmtime.Time {
	t := start
	for _, name := range []string{"years", "months", "weeks", "days", "hours", "minutes", "seconds"} {
		v, ok := f.Field(name)
		if !ok {
			continue
		}
		n64, err := strconv.ParseInt(strings.TrimSpace(v), 10, 32)
		if err != nil {
			continue
		}
		n := int32(n64)
		switch name {
		case "years":
			t.AddYears(n)
		case "months":
			t.AddMonths(n)
		case "weeks":
			t.AddDays(7 * n)
		case "days":
			t.AddDays(n)
		case "hours":
			t.AddSeconds(3600 * n)
		case "minutes":
			t.AddSeconds(60 * n)
		case "seconds":
			t.AddSeconds(n)
		}
	}
	return t
}
