package ocf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorosync/gorosync/crm/agent"
	"github.com/gorosync/gorosync/internal/netns"
)

// dummy returns Debian's ocf:heartbeat:Dummy, skipping (or failing under
// GOROSYNC_NO_SKIP=1) when resource-agents is not installed.
func dummy(t *testing.T) *Script {
	t.Helper()
	s, err := New("", "heartbeat", "Dummy")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.Path()); err != nil {
		netns.SkipOrFail(t, "resource-agents not installed: "+err.Error())
	}
	return s
}

// testRoot is an OCF_ROOT holding the testdata agents as provider
// gocrmtest, with ocf-shellfuncs not needed.
func testRoot(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "resource.d", "gocrmtest")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"envdump", "sleeper"} {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestDummyLifecycle(t *testing.T) {
	s := dummy(t)
	ctx := t.Context()
	state := filepath.Join(t.TempDir(), "dummy.state")
	req := agent.Request{Instance: "d1", Params: map[string]string{"state": state}}

	check := func(what string, r agent.Result, code agent.Code, reason string) {
		t.Helper()
		if r.Status != agent.ExecDone || r.Code != code || r.Reason != reason {
			t.Errorf("%s: got %v (reason %q), want %d with reason %q; stderr %q", what, r, r.Reason, code, reason, r.Stderr)
		}
	}
	check("probe", agent.Run(ctx, s, "monitor", req), agent.NotRunning, "")
	rec := req
	rec.Interval = 10 * time.Second
	// Only a recurring monitor sets the reason: proves CRM_meta_interval
	// reaches the agent (ocf_is_probe reads it).
	check("recurring monitor", agent.Run(ctx, s, "monitor", rec), agent.NotRunning, "No process state file found")
	check("start", agent.Run(ctx, s, "start", req), agent.OK, "")
	if _, err := os.Stat(state); err != nil {
		t.Errorf("start left no state file: %v", err)
	}
	check("start again", agent.Run(ctx, s, "start", req), agent.OK, "")
	check("monitor", agent.Run(ctx, s, "monitor", rec), agent.OK, "")
	check("stop", agent.Run(ctx, s, "stop", req), agent.OK, "")
	check("stop again", agent.Run(ctx, s, "stop", req), agent.OK, "")
	check("monitor after stop", agent.Run(ctx, s, "monitor", req), agent.NotRunning, "")
	check("unknown action", agent.Run(ctx, s, "frobnicate", req), agent.ErrUnimplemented, "")

	bad := agent.Request{Instance: "d1", Params: map[string]string{"state": "/proc/gocrm-nonexistent/dir/x.state"}}
	check("validate-all unwritable", agent.Run(ctx, s, "validate-all", bad), agent.ErrArgs,
		`State file "/proc/gocrm-nonexistent/dir/x.state" is not writable`)
}

func TestDummyMetadata(t *testing.T) {
	s := dummy(t)
	md, err := s.Metadata(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if md.Name != "Dummy" {
		t.Errorf("name %q", md.Name)
	}
	st, ok := md.Param("state")
	if !ok || !st.IsUnique() || st.IsRequired() || !st.Content.HasDefault || !strings.HasSuffix(st.Content.Default, ".state") {
		t.Errorf("state parameter = %+v, %v", st, ok)
	}
	if md.ActionTimeout("start") != 20*time.Second {
		t.Errorf("start timeout %v", md.ActionTimeout("start"))
	}
}

func TestEnvironment(t *testing.T) {
	s, err := New(testRoot(t), "gocrmtest", "envdump")
	if err != nil {
		t.Fatal(err)
	}
	s.Env = []string{"PATH=/usr/bin:/bin", "OCF_RESKEY_leak=1"}
	req := agent.Request{
		Instance: "vip",
		Params:   map[string]string{"ip": "10.0.0.1", "OCF_CHECK_LEVEL": "10"},
		Meta:     map[string]string{"on_node": "node1", "on-fail": "standby"},
		Timeout:  30 * time.Second,
		Interval: 10 * time.Second,
	}
	r := agent.Run(t.Context(), s, "monitor", req)
	if !r.OK() {
		t.Fatalf("monitor: %v %s", r, r.Stderr)
	}
	env := map[string]string{}
	for _, l := range strings.Split(r.Stdout, "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			env[k] = v
		}
	}
	root := s.Root
	want := map[string]string{
		"OCF_ROOT":                     root,
		"OCF_RA_VERSION_MAJOR":         "1",
		"OCF_RA_VERSION_MINOR":         "1",
		"OCF_EXIT_REASON_PREFIX":       "ocf-exit-reason:",
		"OCF_RESOURCE_INSTANCE":        "vip",
		"OCF_RESOURCE_TYPE":            "envdump",
		"OCF_RESOURCE_PROVIDER":        "gocrmtest",
		"OCF_RESKEY_ip":                "10.0.0.1",
		"OCF_CHECK_LEVEL":              "10",
		"OCF_RESKEY_CRM_meta_timeout":  "30000",
		"OCF_RESKEY_CRM_meta_interval": "10000",
		"OCF_RESKEY_CRM_meta_name":     "monitor",
		"OCF_RESKEY_CRM_meta_on_node":  "node1",
		"OCF_RESKEY_CRM_meta_on_fail":  "standby",
		"OCF_RESKEY_crm_feature_set":   FeatureSet,
		"PATH":                         "/usr/bin:/bin",
	}
	for k, v := range want {
		if env[k] != v {
			t.Errorf("%s = %q, want %q", k, env[k], v)
		}
	}
	for _, k := range []string{"OCF_RESKEY_leak", "OCF_RESKEY_OCF_CHECK_LEVEL"} {
		if _, ok := env[k]; ok {
			t.Errorf("%s reached the agent", k)
		}
	}

	r = agent.Run(t.Context(), s, "fail", req)
	if r.Code != agent.ErrConfigured || r.Reason != "the real reason" || strings.Contains(r.Stderr, "reason") || !strings.Contains(r.Stderr, "some noise") {
		t.Errorf("fail: %v, reason %q, stderr %q", r, r.Reason, r.Stderr)
	}

	// validate-all checks the meta-data first: ip is required.
	r = agent.Run(t.Context(), s, "validate-all", agent.Request{Params: map[string]string{"count": "many"}})
	if r.Code != agent.ErrConfigured || r.Reason != `required parameter ip is not set; parameter count="many" is not an integer` {
		t.Errorf("validate-all: %v", r)
	}
	r = agent.Run(t.Context(), s, "validate-all", agent.Request{Params: map[string]string{"ip": "1.2.3.4"}})
	if !r.OK() {
		t.Errorf("validate-all with ip: %v", r)
	}
	if r := agent.Run(t.Context(), s, "x;rm", req); r.Code != agent.ErrUnimplemented {
		t.Errorf("odd action name: %v", r)
	}
}

func TestMissingScript(t *testing.T) {
	s, err := New(t.TempDir(), "nobody", "Nothing")
	if err != nil {
		t.Fatal(err)
	}
	if r := agent.Run(t.Context(), s, "start", agent.Request{}); r.Code != agent.ErrInstalled || r.Status != agent.ExecDone {
		t.Errorf("start of a missing agent: %v", r)
	}
	if r := agent.Run(t.Context(), s, "stop", agent.Request{}); !r.OK() {
		t.Errorf("stop of a missing agent: %v", r)
	}
}

// TestTimeoutKillsProcessGroup runs an agent that leaves a background
// child and hangs: the timeout must end both.
func TestTimeoutKillsProcessGroup(t *testing.T) {
	s, err := New(testRoot(t), "gocrmtest", "sleeper")
	if err != nil {
		t.Fatal(err)
	}
	pidfile := filepath.Join(t.TempDir(), "pids")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	// The timeout fires as soon as both pids are recorded, so the
	// test never depends on how fast the script runs.
	go func() {
		defer cancel()
		for i := 0; i < 1000; i++ {
			if _, err := os.Stat(pidfile); err == nil {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	r := s.Start(ctx, agent.Request{Params: map[string]string{"pidfile": pidfile}, Timeout: time.Second})
	if r.Status != agent.ExecCancelled && r.Status != agent.ExecTimeout {
		t.Fatalf("start: %v, want it cut off", r)
	}
	b, err := os.ReadFile(pidfile)
	if err != nil {
		t.Fatalf("sleeper never recorded its pids: %v", err)
	}
	for _, f := range strings.Fields(string(b)) {
		pid, _ := strconv.Atoi(f)
		if err := waitDead(pid, 5*time.Second); err != nil {
			t.Error(err)
		}
	}

	// And through Run with a real deadline: the status is a timeout.
	pidfile2 := pidfile + "2"
	r = agent.Run(t.Context(), s, "start", agent.Request{Params: map[string]string{"pidfile": pidfile2}, Timeout: 300 * time.Millisecond})
	if r.Status != agent.ExecTimeout || r.Code != agent.ErrGeneric {
		t.Fatalf("start with a 300ms timeout: %v", r)
	}
	if b, err := os.ReadFile(pidfile2); err == nil {
		for _, f := range strings.Fields(string(b)) {
			pid, _ := strconv.Atoi(f)
			if err := waitDead(pid, 5*time.Second); err != nil {
				t.Error(err)
			}
		}
	}
}

// waitDead waits (bounded) until pid no longer runs: gone, or a zombie
// awaiting its new parent's reaping.
func waitDead(pid int, bound time.Duration) error {
	deadline := time.Now().Add(bound)
	for {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		if err == nil {
			if i := bytes.LastIndexByte(b, ')'); i > 0 && i+2 < len(b) && (b[i+2] == 'Z' || b[i+2] == 'X') {
				return nil
			}
		}
		if time.Now().After(deadline) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			return fmt.Errorf("pid %d still alive %v after the timeout kill", pid, bound)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestExitReason(t *testing.T) {
	reason, rest := ExitReason("a\nocf-exit-reason:one\nb\nINFO: ocf-exit-reason:two \n")
	if reason != "two" || rest != "a\nb\n" {
		t.Errorf("got %q %q", reason, rest)
	}
}

func FuzzExitReason(f *testing.F) {
	f.Add("a\nocf-exit-reason:x\n")
	f.Add("ocf-exit-reason:")
	f.Fuzz(func(t *testing.T, s string) {
		reason, rest := ExitReason(s)
		if strings.Contains(rest, ExitReasonPrefix) || strings.Contains(reason, "\n") {
			t.Fatalf("%q -> %q, %q", s, reason, rest)
		}
		if len(rest) > len(s) {
			t.Fatal("rest grew")
		}
	})
}
