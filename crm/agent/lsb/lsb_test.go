package lsb

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gorosync/gorosync/crm/agent"
)

func TestCodeMaps(t *testing.T) {
	status := map[int]agent.Code{0: agent.OK, 1: agent.NotRunning, 2: agent.NotRunning, 3: agent.NotRunning,
		4: agent.ErrGeneric, 150: agent.ErrInstalled, 151: agent.ErrPerm, 200: agent.ErrGeneric}
	for in, want := range status {
		if got := StatusCode(in); got != want {
			t.Errorf("StatusCode(%d) = %d, want %d", in, got, want)
		}
	}
	for in, want := range map[int]agent.Code{0: agent.OK, 5: agent.ErrInstalled, 7: agent.NotRunning, 8: agent.ErrGeneric, 150: agent.ErrGeneric} {
		if got := ActionCode(in); got != want {
			t.Errorf("ActionCode(%d) = %d, want %d", in, got, want)
		}
	}
}

func TestLifecycle(t *testing.T) {
	dir, _ := filepath.Abs("testdata")
	s, err := New(dir, "fakesvc")
	if err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(t.TempDir(), "state")
	s.Env = []string{"PATH=/usr/bin:/bin", "FAKESVC_STATE=" + state}
	ctx := t.Context()
	steps := []struct {
		action string
		want   agent.Code
	}{{"monitor", agent.NotRunning}, {"start", agent.OK}, {"monitor", agent.OK}, {"stop", agent.OK}, {"monitor", agent.NotRunning}}
	for _, st := range steps {
		if r := agent.Run(ctx, s, st.action, agent.Request{}); r.Status != agent.ExecDone || r.Code != st.want {
			t.Errorf("%s: %v, want %d", st.action, r, st.want)
		}
	}
	s.Env = append(s.Env, "FAKESVC_STATUS=150")
	if r := agent.Run(ctx, s, "monitor", agent.Request{}); r.Code != agent.ErrInstalled {
		t.Errorf("status 150: %v", r)
	}
	if _, err := os.Stat(state); err == nil {
		t.Error("stop left the state file")
	}

	missing, _ := New(t.TempDir(), "nothing")
	if r := agent.Run(ctx, missing, "start", agent.Request{}); r.Code != agent.ErrInstalled {
		t.Errorf("missing start: %v", r)
	}
	if r := agent.Run(ctx, missing, "stop", agent.Request{}); !r.OK() {
		t.Errorf("missing stop: %v", r)
	}
	if md, err := agent.ParseMetadata([]byte(s.MetaData(ctx).Stdout)); err != nil || md.Special == nil || md.Special.Tag != "LSB" {
		t.Errorf("meta-data: %+v %v", md, err)
	}
}
