package classes

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gorosync/gorosync/crm/agent"
	"github.com/gorosync/gorosync/crm/agent/ipaddr2"
	"github.com/gorosync/gorosync/crm/agent/lsb"
	"github.com/gorosync/gorosync/crm/agent/ocf"
	"github.com/gorosync/gorosync/crm/agent/systemd"
	"github.com/gorosync/gorosync/crm/agent/vipcheck"
)

func TestOpen(t *testing.T) {
	initDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(initDir, "legacy"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	o := Options{InitDir: initDir}
	cases := map[string]func(agent.Agent) bool{
		"ocf:heartbeat:IPaddr2":  func(a agent.Agent) bool { _, ok := a.(*ipaddr2.Agent); return ok },
		"ocf:heartbeat:VIPcheck": func(a agent.Agent) bool { _, ok := a.(*vipcheck.Agent); return ok },
		"ocf:heartbeat:Dummy":    func(a agent.Agent) bool { _, ok := a.(*ocf.Script); return ok },
		"lsb:legacy":             func(a agent.Agent) bool { _, ok := a.(*lsb.Script); return ok },
		"service:legacy":         func(a agent.Agent) bool { _, ok := a.(*lsb.Script); return ok },
		"service:haproxy":        func(a agent.Agent) bool { u, ok := a.(*systemd.Unit); return ok && u.Name == "haproxy.service" },
		"systemd:memcached":      func(a agent.Agent) bool { u, ok := a.(*systemd.Unit); return ok && u.Name == "memcached.service" },
	}
	for s, check := range cases {
		sp, err := agent.ParseSpec(s)
		if err != nil {
			t.Fatal(err)
		}
		a, err := Open(sp, o)
		if err != nil || !check(a) {
			t.Errorf("Open(%s) = %T, %v", s, a, err)
		}
	}
	sp, _ := agent.ParseSpec("ocf:heartbeat:IPaddr2")
	if a, err := Open(sp, Options{Scripts: true}); err != nil {
		t.Error(err)
	} else if s, ok := a.(*ocf.Script); !ok || s.Path() != "/usr/lib/ocf/resource.d/heartbeat/IPaddr2" {
		t.Errorf("--scripts IPaddr2: %T", a)
	}
	if !Native(sp) {
		t.Error("IPaddr2 not native")
	}
}
