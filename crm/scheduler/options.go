package scheduler

import (
	"time"

	"github.com/gorosync/gorosync/crm/cib"
)

// Options are the scheduler's inputs besides the CIB.
type Options struct {
	// Now is the time date rules and failure-timeout are evaluated at
	// (crm_simulate -t); the zero value means the current time.
	Now time.Time
}

func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now()
	}
	return o.Now
}

// ParseDateTime reads an ISO 8601 date/time as crm_simulate's
// --set-datetime takes it: a date, optionally followed by a time ("T" or
// a space between), optionally with "Z" or a UTC offset; without a zone
// the time is local.
func ParseDateTime(s string) (time.Time, error) {
	zoned := []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05Z0700"}
	for _, l := range zoned {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	local := []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"}
	for _, l := range local {
		if t, err := time.ParseInLocation(l, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, &time.ParseError{Layout: "ISO 8601 (YYYY-MM-DD[Thh:mm[:ss]][Z|±hh:mm])", Value: s,
		Message: ": not an ISO 8601 date/time: " + s}
}

// UnpackWith is Unpack evaluated at opts.Now.
func UnpackWith(doc *cib.CIB, opts Options) (*Cluster, error) {
	return unpack(doc, opts)
}
