package crmtime

import (
	"testing"
	"time"
)

func mustDate(t *testing.T, s string) Time {
	t.Helper()
	d, err := ParseDate(s, 0, Time{})
	if err != nil {
		t.Fatalf("ParseDate(%q): %v", s, err)
	}
	return d
}

func TestAddQuirks(t *testing.T) {
	for _, c := range []struct{ start, dur, want string }{
		{"2026-11-22 12:00:00Z", "PT1H", "2026-11-22 13:00:00Z"},
		{"2027-03-01 00:00:00Z", "P1Y", "2028-02-29 00:00:00Z"}, // the year keeps the ordinal day
		{"2026-01-31 00:00:00Z", "P1M", "2026-02-28 00:00:00Z"},
		{"2026-11-22 12:00:00Z", "P1M2M", "2027-01-22 12:00:00Z"}, // M replaces
		{"2026-11-22 12:00:00Z", "PT1D", "2026-11-23 12:00:00Z"},
		{"2026-11-22 12:00:00Z", "P1H", "2026-11-22 13:00:00Z"},
		{"2026-11-22 12:00:00Z", "P-1D", "2026-11-21 12:00:00Z"},
		{"2026-11-22 12:00:00Z", "P1Y1M1W1D", "2027-12-30 12:00:00Z"},
		{"2028-12-31 00:00:00Z", "P1Y", "2029-12-31 00:00:00Z"},
		{"2026-11-22 13:00:33 +01:00", "PT100000H", "2038-04-20 05:00:33 +01:00"},
		{"2026-11-22 12:00:00Z", "P999999D", "4764-10-18 12:00:00Z"},
		{"2026-03-15 00:00:00Z", "P-14M", "2025-01-15 00:00:00Z"},
		{"2026-03-15 00:00:00Z", "P-3M", "2025-12-15 00:00:00Z"},
	} {
		d, err := ParseDuration(c.dur)
		if err != nil {
			t.Fatalf("ParseDuration(%q): %v", c.dur, err)
		}
		if got := mustDate(t, c.start).Add(d).String(); got != c.want {
			t.Errorf("%s + %s = %s, want %s", c.start, c.dur, got, c.want)
		}
	}
}

func TestParseDuration(t *testing.T) {
	for _, s := range []string{"PT", "P0D", "PT1H", "P1W", "P1DT2H3M4S", "PT1H trailing", "P1D/x", "P.5H", "P+1D"} {
		if _, err := ParseDuration(s); err != nil {
			t.Errorf("ParseDuration(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", "P", "P ", "pt1h", "1h", "PT1.5H", "P1", "PX", "P1Q", "PT12345678901H"} {
		if _, err := ParseDuration(s); err == nil {
			t.Errorf("ParseDuration(%q): no error", s)
		}
	}
	d, _ := ParseDuration("P1Y2M3W4DT5H6M7S")
	if d.Years != 1 || d.Months != 2 || d.Days != 25 || d.Seconds != 5*3600+6*60+7 {
		t.Errorf("fields %+v", d)
	}
}

func TestParseDate(t *testing.T) {
	const berlin = 3600
	now := FromTime(time.Date(2026, 11, 22, 12, 0, 0, 0, time.FixedZone("", berlin)))
	for _, c := range []struct{ in, want string }{
		{"2026-11-22", "2026-11-22 00:00:00Z"},  // no time: UTC
		{"2026-11-22T", "2026-11-21 23:00:00Z"}, // empty time: local
		{"2026-11-22 12:00:00", "2026-11-22 11:00:00Z"},
		{"2026-11-22 12:00:00+01:00", "2026-11-22 11:00:00Z"}, // offset without space: ignored, local
		{"2026-11-22 12:00:00 -02:30", "2026-11-22 14:30:00Z"},
		{"2026-326", "2026-11-22 00:00:00Z"},
		{"2026-W47-7", "2026-11-22 00:00:00Z"},
		{"2009-W01-1", "2008-12-29 00:00:00Z"},
		{"20261122T120000Z", "2026-11-22 12:00:00Z"},
		{"epoch", "1970-01-01 00:00:00Z"},
		{"12:30", "2026-11-22 11:30:00Z"},
		{"T12:30Z", "2026-11-22 12:30:00Z"},
		{"2024-02-29 24:00:00Z", "2024-03-01 00:00:00Z"},
	} {
		d, err := ParseDate(c.in, berlin, now)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", c.in, err)
			continue
		}
		if got := d.UTC().String(); got != c.want {
			t.Errorf("ParseDate(%q) = %s, want %s", c.in, got, c.want)
		}
	}
	for _, s := range []string{"", "2026-02-30", " 2026-11-22", "2026-13-01", "yesterday", "2026-367", "2026-W54-1", "2026-W10-8", "2026-11-22 25:00:00Z"} {
		if d, err := ParseDate(s, berlin, now); err == nil {
			t.Errorf("ParseDate(%q) = %s, no error", s, d)
		}
	}
}

func TestCompareAndGo(t *testing.T) {
	a := mustDate(t, "2026-11-22 13:00:00 +01:00")
	b := mustDate(t, "2026-11-22 12:00:00Z")
	if a.Compare(b) != 0 || b.Compare(mustDate(t, "2026-11-22 12:00:01Z")) != -1 {
		t.Error("Compare")
	}
	if !a.Go().Equal(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("Go() = %v", a.Go())
	}
	tm := time.Date(2031, 7, 4, 5, 6, 7, 0, time.FixedZone("", -4*3600))
	if got := FromTime(tm).String(); got != "2031-07-04 05:06:07 -04:00" {
		t.Errorf("FromTime = %s", got)
	}
}
