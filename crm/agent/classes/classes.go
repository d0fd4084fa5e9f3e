// Package classes turns an agent name (CLASS:[PROVIDER:]TYPE) into the
// Agent that runs it: gocrm's native agents where it has them, OCF
// scripts, LSB init scripts, systemd units.
package classes

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gorosync/gorosync/crm/agent"
	"github.com/gorosync/gorosync/crm/agent/lsb"
	"github.com/gorosync/gorosync/crm/agent/ocf"
)

// Options tune the lookup.
type Options struct {
	// OCFRoot is OCF_ROOT ("" for /usr/lib/ocf).
	OCFRoot string
	// InitDir holds LSB scripts ("" for /etc/init.d).
	InitDir string
	// Scripts forces OCF scripts even where a native agent exists (to
	// compare with, or to fall back on, resource-agents' own).
	Scripts bool
}

// natives are gocrm's own implementations of OCF agents, by
// provider:type; filled by the files that implement them.
var natives = map[string]func(Options) (agent.Agent, error){}

// Native reports whether spec is served natively unless Options.Scripts.
func Native(sp agent.Spec) bool {
	_, ok := natives[sp.Provider+":"+sp.Type]
	return sp.Class == agent.ClassOCF && ok
}

// Open returns the agent for sp. The caller owns it and closes it if it
// implements agent.Closer.
func Open(sp agent.Spec, o Options) (agent.Agent, error) {
	switch sp.Class {
	case agent.ClassOCF:
		if mk, ok := natives[sp.Provider+":"+sp.Type]; ok && !o.Scripts {
			return mk(o)
		}
		return ocf.New(o.OCFRoot, sp.Provider, sp.Type)
	case agent.ClassLSB:
		return lsb.New(o.InitDir, sp.Type)
	case agent.ClassSystemd:
		return openSystemd(sp.Type, o)
	case agent.ClassService:
		// Pacemaker looks for an init script first, then systemd.
		dir := o.InitDir
		if dir == "" {
			dir = lsb.DefaultDir
		}
		if fi, err := os.Stat(filepath.Join(dir, sp.Type)); err == nil && fi.Mode()&0o111 != 0 {
			return lsb.New(o.InitDir, sp.Type)
		}
		return openSystemd(sp.Type, o)
	}
	return nil, fmt.Errorf("agent %s: unsupported class %q", sp, sp.Class)
}

// openSystemd is replaced once the systemd class exists.
var openSystemd = func(unit string, o Options) (agent.Agent, error) {
	return nil, fmt.Errorf("agent systemd:%s: the systemd class is not available", unit)
}
