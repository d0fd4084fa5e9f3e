// Package lsb runs LSB init scripts (/etc/init.d/<name> start|stop|status)
// as a small resource class, mapping their exit codes the way Pacemaker
// does.
package lsb

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gorosync/gorosync/crm/agent"
	"github.com/gorosync/gorosync/crm/agent/ocf"
)

// DefaultDir is where init scripts live.
const DefaultDir = "/etc/init.d"

// Script is one init script.
type Script struct {
	// Dir holds the scripts (DefaultDir when empty).
	Dir  string
	Name string
	// Env is the environment (os.Environ() when nil).
	Env []string
}

// New returns the init script name in dir ("" for DefaultDir).
func New(dir, name string) (*Script, error) {
	if _, err := agent.ParseSpec(agent.ClassLSB + ":" + name); err != nil {
		return nil, err
	}
	return &Script{Dir: dir, Name: name}, nil
}

// Path is the script's file name.
func (s *Script) Path() string {
	dir := s.Dir
	if dir == "" {
		dir = DefaultDir
	}
	return filepath.Join(dir, s.Name)
}

// StatusCode maps an LSB status exit code to OCF: 0 running; 1, 2 and 3
// (dead with pid file, dead with lock file, not running) stopped; 150 not
// installed; 151 insufficient privileges; anything else an error.
func StatusCode(exit int) agent.Code {
	switch exit {
	case 0:
		return agent.OK
	case 1, 2, 3:
		return agent.NotRunning
	case 150:
		return agent.ErrInstalled
	case 151:
		return agent.ErrPerm
	}
	return agent.ErrGeneric
}

// ActionCode maps a non-status exit code: 0-7 mean what they mean for OCF,
// anything else is a generic error.
func ActionCode(exit int) agent.Code {
	if exit >= 0 && exit <= 7 {
		return agent.Code(exit)
	}
	return agent.ErrGeneric
}

func (s *Script) run(ctx context.Context, action string, req agent.Request) agent.Result {
	path := s.Path()
	if fi, err := os.Stat(path); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		if action == agent.ActionStop {
			return agent.Success()
		}
		return agent.Done(agent.ErrInstalled, "%s: no executable init script", path)
	}
	env := s.Env
	if env == nil {
		env = os.Environ()
	}
	p, err := ocf.Exec(ctx, []string{path, action}, env)
	if err != nil {
		return agent.Failed(agent.ExecError, "%s %s: %v", path, action, err)
	}
	if p.TimedOut {
		return agent.FromContext(ctx, action, req.Timeout, agent.Result{Stdout: p.Stdout, Stderr: p.Stderr})
	}
	r := agent.Result{Status: agent.ExecDone, Stdout: p.Stdout, Stderr: p.Stderr}
	switch {
	case p.Signal != 0:
		r.Code, r.Reason = agent.ErrGeneric, fmt.Sprintf("init script killed by signal %d", int(p.Signal))
	case action == "status":
		r.Code = StatusCode(p.Exit)
	default:
		r.Code = ActionCode(p.Exit)
	}
	return r
}

// Start runs `<script> start`.
func (s *Script) Start(ctx context.Context, req agent.Request) agent.Result {
	return s.run(ctx, "start", req)
}

// Stop runs `<script> stop`.
func (s *Script) Stop(ctx context.Context, req agent.Request) agent.Result {
	return s.run(ctx, "stop", req)
}

// Monitor runs `<script> status`.
func (s *Script) Monitor(ctx context.Context, req agent.Request) agent.Result {
	return s.run(ctx, "status", req)
}

// ValidateAll only checks the script exists: LSB has no such action.
func (s *Script) ValidateAll(ctx context.Context, req agent.Request) agent.Result {
	if fi, err := os.Stat(s.Path()); err != nil || fi.Mode()&0o111 == 0 {
		return agent.Done(agent.ErrInstalled, "%s: no executable init script", s.Path())
	}
	return agent.Success()
}

// MetaData synthesises meta-data (LSB scripts have none to give).
func (s *Script) MetaData(ctx context.Context) agent.Result {
	r := agent.Success()
	r.Stdout = fmt.Sprintf(`<?xml version="1.0"?>
<resource-agent name="%s" version="0.1">
  <version>1.1</version>
  <longdesc lang="en">LSB init script %s</longdesc>
  <shortdesc lang="en">%s</shortdesc>
  <parameters/>
  <actions>
    <action name="meta-data" timeout="5s"/>
    <action name="start" timeout="15s"/>
    <action name="stop" timeout="15s"/>
    <action name="status" timeout="15s"/>
    <action name="monitor" timeout="15s" interval="15s"/>
  </actions>
  <special tag="LSB"/>
</resource-agent>
`, s.Name, s.Path(), s.Name)
	return r
}

var _ agent.Agent = (*Script)(nil)
