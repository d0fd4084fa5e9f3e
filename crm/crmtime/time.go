package crmtime

import (
	"fmt"
	"time"
)

const (
	hourSeconds = 3600
	daySeconds  = 24 * hourSeconds
)

// Time is a date/time (Years, ordinal Days 1..366, Seconds of the day in
// local time, Offset east of UTC in seconds) or a duration (Years,
// Months, Days, Seconds), like crm_time_t. Fields are int32 as in C, so
// overflow wraps the same way.
type Time struct {
	Years, Months, Days, Seconds, Offset int32
	Duration                             bool
}

func leapYear(y int32) bool { return (y%4 == 0 && y%100 != 0) || y%400 == 0 }

func yearDays(y int32) int32 {
	if leapYear(y) {
		return 366
	}
	return 365
}

var monthDays = [13]int32{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 29}

// daysInMonth is crm_time_days_in_month: 0 for an invalid month.
func daysInMonth(m, y int32) int32 {
	if m < 1 || m > 12 {
		return 0
	}
	if m == 2 && leapYear(y) {
		return monthDays[12]
	}
	return monthDays[m-1]
}

// ordinalDays turns month and day of month into the ordinal day.
func ordinalDays(y int32, m uint32, d uint32) int32 {
	if m > 13 {
		m = 13 // months past 12 have no days
	}
	for i := uint32(1); i < m; i++ {
		d += uint32(daysInMonth(int32(i), y))
	}
	return int32(d)
}

// defined is crm_time_is_defined.
func (t Time) defined() bool {
	return t.Years != 0 || t.Months != 0 || t.Days != 0 || t.Seconds != 0 || t.Offset != 0 || t.Duration
}

// Check is crm_time_check: a sensible date/time.
func (t Time) Check() bool {
	return t.Days > 0 && t.Days <= yearDays(t.Years) && t.Seconds >= 0 && t.Seconds < daySeconds
}

// FromTime is crm_time_set_timet: t in its own zone, offset truncated to
// whole minutes.
func FromTime(t time.Time) Time {
	_, off := t.Zone()
	h := off / hourSeconds
	m := (off - h*hourSeconds) / 60
	return Time{Years: int32(t.Year()), Days: int32(t.YearDay()),
		Seconds: int32(t.Hour()*hourSeconds + t.Minute()*60 + t.Second()), Offset: int32(h*hourSeconds + m*60)}
}

// Go returns the instant a date/time denotes (in a zone of its offset).
func (t Time) Go() time.Time {
	zone := time.FixedZone("", int(t.Offset))
	return time.Date(int(t.Years), 1, 1, 0, 0, 0, 0, zone).
		AddDate(0, 0, int(t.Days)-1).Add(time.Duration(t.Seconds) * time.Second)
}

// utc is crm_get_utc_time.
func (t Time) utc() Time {
	u := Time{Years: t.Years, Days: t.Days, Seconds: t.Seconds}
	if t.Offset != 0 {
		u.addSeconds(-t.Offset)
	} else {
		u.Months = t.Months
	}
	return u
}

// UTC returns the same instant with offset 0.
func (t Time) UTC() Time { return t.utc() }

// Compare is crm_time_compare: -1, 0 or 1 comparing the UTC instants.
func (t Time) Compare(u Time) int {
	a, b := t.utc(), u.utc()
	for _, p := range [][2]int32{{a.Years, b.Years}, {a.Days, b.Days}, {a.Seconds, b.Seconds}} {
		switch {
		case p[0] > p[1]:
			return 1
		case p[0] < p[1]:
			return -1
		}
	}
	return 0
}

func (t *Time) addSeconds(extra int32) {
	t.Seconds += extra
	days := t.Seconds / daySeconds
	t.Seconds %= daySeconds
	if t.Seconds < 0 {
		t.Seconds += daySeconds
		days--
	}
	t.addDays(days)
}

// cycleDays is the length of the Gregorian 400-year cycle; skipping whole
// cycles gives the same result as crm_time's year-by-year loops, faster.
const cycleDays = 146097

func (t *Time) addDays(extra int32) {
	days := int64(t.Days) + int64(extra)
	years := int64(t.Years)
	if days > 2*cycleDays {
		n := days/cycleDays - 1
		days -= n * cycleDays
		years += 400 * n
	}
	ydays := int64(yearDays(int32(years)))
	for days > ydays {
		years++
		days -= ydays
		ydays = int64(yearDays(int32(years)))
	}
	lower := int64(1)
	if t.Duration {
		lower = 0
	}
	if days < -2*cycleDays {
		n := -days/cycleDays - 1
		days += n * cycleDays
		years -= 400 * n
	}
	for days < lower {
		years--
		days += int64(yearDays(int32(years)))
	}
	t.Years, t.Days = int32(years), int32(days)
}

// gregorian is crm_time_get_gregorian.
func (t Time) gregorian() (y int32, m, d uint32) {
	days := t.Days
	var months int32
	if t.Years != 0 {
		for months = 1; months <= 12 && days > 0; months++ {
			md := daysInMonth(months, t.Years)
			if md >= days {
				break
			}
			days -= md
		}
	} else if t.Months != 0 {
		months = t.Months
	}
	return t.Years, uint32(months), uint32(days)
}

func (t *Time) addMonths(extra int32) {
	y, m, d := t.gregorian()
	switch {
	case extra > 0 && m <= 12:
		// C steps one month at a time, wrapping when it reaches 13.
		k := int64(m) + int64(extra)
		if k > 12 {
			y += int32((k - 1) / 12)
			k = (k-1)%12 + 1
		}
		m = uint32(k)
	case extra > 0:
		m += uint32(extra) // an invalid month never equals 13 again
	case extra < 0 && m == 0:
		m -= uint32(-int64(extra)) // uint32 wrap: never reaches 0 again
	case extra < 0:
		n := -int64(extra)
		if n < int64(m) {
			m -= uint32(n)
		} else {
			r := n - int64(m)
			y -= int32(1 + r/12)
			m = uint32(12 - r%12)
		}
	}
	if dmax := uint32(daysInMonth(int32(m), y)); dmax < d {
		d = dmax
	}
	t.Years = y
	t.Days = ordinalDays(y, m, d)
}

// Add is crm_time_add: the date/time t plus the duration d, computed on
// t's local fields (the offset stays t's).
func (t Time) Add(d Time) Time {
	a := Time{Years: t.Years, Months: t.Months, Days: t.Days, Seconds: t.Seconds, Offset: t.Offset}
	u := d.utc()
	a.Years += u.Years
	a.addMonths(u.Months)
	a.addDays(u.Days)
	a.addSeconds(u.Seconds)
	return a
}

// AddYears, AddMonths, AddDays and AddSeconds are crm_time_add_years etc.
func (t *Time) AddYears(n int32)   { t.Years += n }
func (t *Time) AddMonths(n int32)  { t.addMonths(n) }
func (t *Time) AddDays(n int32)    { t.addDays(n) }
func (t *Time) AddSeconds(n int32) { t.addSeconds(n) }

func splitSeconds(sec int32) (h, m, s uint32) {
	u := uint32(sec)
	if sec < 0 {
		u = uint32(-sec)
	}
	h = u / hourSeconds
	u -= h * hourSeconds
	m = u / 60
	return h, m, u - m*60
}

// String is crm_time_as_string with date, time of day and zone, the form
// crm_resource writes into lifetime constraints: "2026-11-22 12:59:18Z"
// or "2026-11-22 13:59:18 +01:00".
func (t Time) String() string {
	if !t.defined() {
		return "<undefined time>"
	}
	y, m, d := t.gregorian()
	h, mi, s := splitSeconds(t.Seconds)
	out := fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", uint32(y), m, d, h, mi, s)
	if t.Offset != 0 {
		oh, om, _ := splitSeconds(t.Offset)
		sign := '+'
		if t.Offset < 0 {
			sign = '-'
		}
		return out + fmt.Sprintf(" %c%02d:%02d", sign, oh, om)
	}
	return out + "Z"
}
