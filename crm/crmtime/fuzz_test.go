package crmtime

import "testing"

// FuzzParse: the date and duration parsers never panic, and what they
// accept formats and compares without panicking.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"2026-11-22 12:59:18Z", "2026-11-22 13:00:00 +01:00", "2026-326", "2026-W47-7",
		"20261122T120000Z", "epoch", "T12:30Z", "12:30", "PT1H", "P1Y2M3W4DT5H6M7S", "P-1D", "P.5H", "PT",
		"P9999999999D", "2024-02-29 24:00:00Z", "-2147483648-1-1"} {
		f.Add(s)
	}
	now := Time{Years: 2026, Days: 326, Seconds: 43200}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := ParseDate(s, 3600, now); err == nil {
			_ = d.String()
			if !d.Check() {
				t.Fatalf("ParseDate(%q) accepted an invalid date %+v", s, d)
			}
			_ = d.Compare(now)
		}
		if d, err := ParseDuration(s); err == nil {
			_ = now.Add(d).String()
		}
	})
}
