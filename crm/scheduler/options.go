package scheduler

import (
	"time"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/crmtime"
)

// Options are the scheduler's inputs besides the CIB.
type Options struct {
	// Now is the time date rules and failure-timeout are evaluated at
	// (crm_simulate -t); the zero value means the current time.
	Now time.Time
	// ShowScores records the assignment scores crm_simulate -s prints
	// (Transition.ScoreLines).
	ShowScores bool
}

func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now()
	}
	return o.Now
}

// ParseDateTime reads a date/time as crm_simulate's --set-datetime does
// (crm_time_new, crm/crmtime): "2023-11-14 22:13:20Z", "2023-11-14T22:13:20
// +02:00", "2023-318", "2023-W46-2", "epoch", ...; a time without a zone
// is local, a date without a time is UTC, and an offset not preceded by a
// space is ignored (the time is then local), as in Pacemaker.
func ParseDateTime(s string) (time.Time, error) {
	now := time.Now()
	_, off := now.Zone()
	t, err := crmtime.ParseDate(s, int32(off), crmtime.FromTime(now))
	if err != nil {
		return time.Time{}, err
	}
	return t.Go(), nil
}

// UnpackWith is Unpack evaluated at opts.Now.
func UnpackWith(doc *cib.CIB, opts Options) (*Cluster, error) {
	return unpack(doc, opts)
}
