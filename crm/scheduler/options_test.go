package scheduler

import (
	"testing"
	"time"
)

func TestParseDateTime(t *testing.T) {
	want := time.Date(2023, 11, 14, 22, 13, 20, 0, time.UTC)
	for _, s := range []string{"2023-11-14T22:13:20Z", "2023-11-14 22:13:20Z", "2023-11-15T00:13:20 +02:00", "2023-318T22:13:20Z", "20231114T221320Z"} {
		got, err := ParseDateTime(s)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseDateTime(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	// As crm_time: a date alone is UTC midnight.
	got, err := ParseDateTime("2023-11-14")
	if err != nil || !got.Equal(time.Date(2023, 11, 14, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("date only: %v, %v", got, err)
	}
	for _, s := range []string{"", "yesterday", "2023-13-01", "14/11/2023"} {
		if _, err := ParseDateTime(s); err == nil {
			t.Errorf("ParseDateTime(%q): no error", s)
		}
	}
}

func TestUnpackWithNow(t *testing.T) {
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	c, err := UnpackWith(cluster(t, []string{"n1"}, []string{"a"}, "", "", nil), Options{Now: at})
	if err != nil {
		t.Fatal(err)
	}
	if !c.Now.Equal(at) {
		t.Errorf("Now = %v, want %v", c.Now, at)
	}
}
