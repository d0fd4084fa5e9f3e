package inject

import (
	"errors"
	"testing"
)

// The cases' expectations are what crm_simulate 2.1.5 did with them here
// (its "Invalid operation spec" field counts, and the fail-count names it
// printed for odd intervals).
func TestParseOpSpec(t *testing.T) {
	for _, c := range []struct {
		in     string
		want   OpSpec
		fields int // >0: a SpecError with this count
		bad    bool
	}{
		{in: "r5_start_0@node2=1", want: OpSpec{Resource: "r5", Task: "start", Node: "node2", RC: 1}},
		{in: "vip2_2_monitor_30000@n1=7", want: OpSpec{Resource: "vip2_2", Task: "monitor", Interval: 30000, Node: "n1", RC: 7}},
		{in: "r5_monitor_10s@node2=7", want: OpSpec{Resource: "r5", Task: "monitor", Interval: 10, Node: "node2", RC: 7}},
		{in: "r5_start_x@node2=1", want: OpSpec{Resource: "r5", Task: "start", Node: "node2", RC: 1}},
		{in: "r5_start_0@node2=7x", want: OpSpec{Resource: "r5", Task: "start", Node: "node2", RC: 7}},
		{in: "r5_start_0@node2= -3", want: OpSpec{Resource: "r5", Task: "start", Node: "node2", RC: -3}},
		{in: "db_migrate_to_0@n=0", want: OpSpec{Resource: "db", Task: "migrate_to", Node: "n"}},
		{in: "db_pre_notify_start_0@n=0", want: OpSpec{Resource: "db", Task: "pre_notify_start", Node: "n"}},
		{in: "r5@node2=1", want: OpSpec{Node: "node2", RC: 1}}, // "Invalid resource name: (null)"
		{in: "r5_start_0@node2", fields: 2},
		{in: "r5_start_0node2=1", fields: 1},
		{in: "@node2=1", fields: 0, bad: true},
		{in: "r5_start_0@=1", fields: 1},
		{in: "r5_start_0@n=", fields: 2},
	} {
		got, err := ParseOpSpec(c.in)
		if c.fields > 0 || c.bad {
			var se *SpecError
			if !errors.As(err, &se) || se.Fields != c.fields {
				t.Errorf("%q: err %v, want a SpecError with %d fields", c.in, err, c.fields)
			}
			continue
		}
		c.want.Text = c.in
		if err != nil || got != c.want {
			t.Errorf("%q: got %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
	_, err := ParseOpSpec("r5_start_0@node2")
	if want := "Invalid operation spec: r5_start_0@node2.  Only found 2 fields"; err == nil || err.Error() != want {
		t.Errorf("message %v, want %q", err, want)
	}
}

func TestParseOpKeyRejects(t *testing.T) {
	for _, k := range []string{"", "a_b", "ab_c", "abc_1", "_x_123456789012345678901234567890"} {
		if r, task, _, ok := ParseOpKey(k); ok {
			t.Errorf("%q: parsed as %q %q", k, r, task)
		}
	}
}

// FuzzParseOpSpec: no panics, and a parsed spec's parts come from the
// input in order (the key before '@', the node between '@' and '=').
func FuzzParseOpSpec(f *testing.F) {
	for _, s := range []string{"r5_start_0@node2=1", "vip_monitor_10000@n1=7", "r@n=1", "a_b_c_d@@==",
		"x_migrate_from_0@n=0", "x_confirmed-post_notify_stop_0@n=0", "r_monitor_-1@n=+2", "r_monitor_99999999999999999999@n=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		spec, err := ParseOpSpec(s)
		if err != nil {
			return
		}
		at := len(spec.Resource)
		if spec.Resource != "" {
			if s[:at] != spec.Resource || s[at] != '_' || s[at+1:at+1+len(spec.Task)] != spec.Task {
				t.Fatalf("%q: resource %q task %q not a prefix", s, spec.Resource, spec.Task)
			}
		}
		i := 0
		for s[i] != '@' {
			i++
		}
		if s[i+1:i+1+len(spec.Node)] != spec.Node || s[i+1+len(spec.Node)] != '=' {
			t.Fatalf("%q: node %q", s, spec.Node)
		}
	})
}
