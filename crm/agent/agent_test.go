package agent

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestCodeNames(t *testing.T) {
	cases := []struct {
		c            Code
		text, sh, pm string
	}{
		{OK, "ok", "OCF_SUCCESS", "PCMK_OCF_OK"},
		{ErrGeneric, "error", "OCF_ERR_GENERIC", "PCMK_OCF_UNKNOWN_ERROR"},
		{ErrArgs, "invalid parameter", "OCF_ERR_ARGS", "PCMK_OCF_INVALID_PARAM"},
		{ErrUnimplemented, "unimplemented feature", "OCF_ERR_UNIMPLEMENTED", "PCMK_OCF_UNIMPLEMENT_FEATURE"},
		{ErrPerm, "insufficient privileges", "OCF_ERR_PERM", "PCMK_OCF_INSUFFICIENT_PRIV"},
		{ErrInstalled, "not installed", "OCF_ERR_INSTALLED", "PCMK_OCF_NOT_INSTALLED"},
		{ErrConfigured, "not configured", "OCF_ERR_CONFIGURED", "PCMK_OCF_NOT_CONFIGURED"},
		{NotRunning, "not running", "OCF_NOT_RUNNING", "PCMK_OCF_NOT_RUNNING"},
		{RunningPromoted, "promoted", "OCF_RUNNING_MASTER", "PCMK_OCF_RUNNING_PROMOTED"},
		{FailedPromoted, "promoted (failed)", "OCF_FAILED_MASTER", "PCMK_OCF_FAILED_PROMOTED"},
		{Degraded, "OCF_DEGRADED", "OCF_DEGRADED", "PCMK_OCF_DEGRADED"},
		{DegradedPromoted, "promoted (degraded)", "OCF_DEGRADED_MASTER", "PCMK_OCF_DEGRADED_PROMOTED"},
		{42, "unknown", "", ""},
	}
	for _, c := range cases {
		if c.c.String() != c.text || c.c.ShellName() != c.sh || c.c.PacemakerName() != c.pm {
			t.Errorf("code %d: got %q %q %q, want %q %q %q", c.c, c.c, c.c.ShellName(), c.c.PacemakerName(), c.text, c.sh, c.pm)
		}
		if c.c.Meaning() == "" {
			t.Errorf("code %d has no meaning", c.c)
		}
	}
	if !Degraded.Running() || NotRunning.Running() || ErrGeneric.Running() {
		t.Error("Running() wrong")
	}
	if FromExit(-1) != ErrGeneric || FromExit(300) != ErrGeneric || FromExit(7) != NotRunning {
		t.Error("FromExit wrong")
	}
}

func TestResultString(t *testing.T) {
	if s := Done(NotRunning, "gone %d", 1).String(); s != "'not running' (7): gone 1" {
		t.Errorf("got %q", s)
	}
	if s := TimedOut("start", time.Second).String(); s != "failed: 'Timed Out' (2): start timed out after 1s" {
		t.Errorf("got %q", s)
	}
}

// fake records what Run passed and blocks until ctx ends when told to.
type fake struct {
	got   Request
	block bool
}

func (f *fake) op(ctx context.Context, req Request) Result {
	f.got = req
	if f.block {
		<-ctx.Done()
		return Pending("still waiting")
	}
	return Success()
}
func (f *fake) Start(ctx context.Context, r Request) Result       { return f.op(ctx, r) }
func (f *fake) Stop(ctx context.Context, r Request) Result        { return f.op(ctx, r) }
func (f *fake) Monitor(ctx context.Context, r Request) Result     { return f.op(ctx, r) }
func (f *fake) MetaData(ctx context.Context) Result               { return f.op(ctx, Request{}) }
func (f *fake) ValidateAll(ctx context.Context, r Request) Result { return f.op(ctx, r) }

func TestRunFillsMetaAndTimesOut(t *testing.T) {
	f := &fake{}
	r := Run(t.Context(), f, "monitor", Request{Interval: 10 * time.Second, Timeout: 30 * time.Second})
	if !r.OK() {
		t.Fatalf("monitor: %v", r)
	}
	if f.got.Meta["timeout"] != "30000" || f.got.Meta["interval"] != "10000" || f.got.Meta["name"] != "monitor" {
		t.Errorf("meta = %v", f.got.Meta)
	}
	if f.got.Params == nil {
		t.Error("Params left nil")
	}

	f.block = true
	r = Run(t.Context(), f, "start", Request{Timeout: time.Millisecond})
	if r.Status != ExecTimeout || r.Code != ErrGeneric {
		t.Fatalf("blocked start: %v, want a timeout", r)
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	r = Run(ctx, f, "stop", Request{})
	if r.Status != ExecCancelled {
		t.Fatalf("cancelled stop: %v", r)
	}

	r = Run(t.Context(), &fake{}, "promote", Request{})
	if r.Status != ExecDone || r.Code != ErrUnimplemented {
		t.Fatalf("promote on a fake: %v", r)
	}
}

func TestParseSpec(t *testing.T) {
	good := map[string]Spec{
		"ocf:heartbeat:IPaddr2": {"ocf", "heartbeat", "IPaddr2"},
		"systemd:haproxy":       {"systemd", "", "haproxy"},
		"systemd:foo@bar.timer": {"systemd", "", "foo@bar.timer"},
		"lsb:ssh":               {"lsb", "", "ssh"},
		"service:memcached":     {"service", "", "memcached"},
	}
	for in, want := range good {
		got, err := ParseSpec(in)
		if err != nil || got != want || got.String() != in {
			t.Errorf("ParseSpec(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	bad := map[string]string{
		"IPaddr2":              "want CLASS",
		"ocf:IPaddr2":          "needs a provider",
		"systemd:x:y":          "takes no provider",
		"stonith:fence_x":      "unknown class",
		"ocf:heartbeat:../x":   "not a plain file name",
		"ocf:..:x":             "not a plain file name",
		"lsb:":                 "empty type",
		":x":                   "empty class",
		"ocf:heartbeat:a b":    "space",
		"a:b:c:d":              "want CLASS",
		"ocf:heartbeat:a/b":    "not a plain file name",
		"systemd:ha\nproxy":    "control",
		"ocf::IPaddr2":         "needs a provider",
		"ocf:heartbeat:":       "empty type",
		"lsb:a\x00":            "not a plain",
		"ocf:pace maker:Dummy": "space",
	}
	for in, want := range bad {
		if _, err := ParseSpec(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseSpec(%q) error %v, want one containing %q", in, err, want)
		}
	}
}

func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"ocf:heartbeat:IPaddr2", "systemd:haproxy", "lsb:x", "a:b:c:d", "ocf::"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := ParseSpec(s)
		if err != nil {
			return
		}
		again, err := ParseSpec(sp.String())
		if err != nil || again != sp {
			t.Fatalf("%q -> %+v -> %q -> %+v, %v", s, sp, sp.String(), again, err)
		}
	})
}

func TestParseInterval(t *testing.T) {
	good := map[string]time.Duration{"20": 20 * time.Second, "20s": 20 * time.Second, "200ms": 200 * time.Millisecond,
		"1min": time.Minute, "2h": 2 * time.Hour, " 5 sec": 5 * time.Second}
	for in, want := range good {
		if got, err := ParseInterval(in); err != nil || got != want {
			t.Errorf("ParseInterval(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "s", "10 years", "-5", "99999999999999999999"} {
		if _, err := ParseInterval(in); err == nil {
			t.Errorf("ParseInterval(%q) accepted", in)
		}
	}
}

func FuzzParseInterval(f *testing.F) {
	for _, s := range []string{"20", "200ms", "1min", "x", "9999999999h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseInterval(s)
		if err == nil && d < 0 {
			t.Fatalf("%q -> negative %v", s, d)
		}
	})
}
