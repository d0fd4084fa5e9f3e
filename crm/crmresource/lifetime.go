package crmresource

import (
	"time"

	"github.com/gorosync/gorosync/crm/crmtime"
)

// lifetimeEnd is parse_cli_lifetime: now (in its own zone) plus the ISO
// 8601 duration, in the form crm_resource writes ("2026-11-22 12:59:18Z",
// or with " +01:00" outside UTC).
func lifetimeEnd(lifetime string, now time.Time) (string, error) {
	d, err := crmtime.ParseDuration(lifetime)
	if err != nil {
		return "", fail(ExitUsage, "Invalid duration specified: "+lifetime,
			"Please refer to https://en.wikipedia.org/wiki/ISO_8601#Durations for examples of valid durations")
	}
	if now.IsZero() {
		now = time.Now()
	}
	return crmtime.FromTime(now).Add(d).String(), nil
}

func lifetimeLine(end string) string { return "Migration will take effect until: " + end }
