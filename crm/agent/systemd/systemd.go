// Package systemd is the systemd resource class: units started and
// stopped over D-Bus with coreos/go-systemd, as Pacemaker does, but with
// the completion Pacemaker 3 adopted: the start or stop job's JobRemoved
// signal is awaited, then ActiveState confirms the outcome ("job done" is
// not "service up": activating is pending, not failed, and not success).
//
// Before a start the cluster drop-in is written
// (<DropInDir>/<unit>.d/50-gocrm.conf: Restart=no so systemd never
// restarts a unit behind the cluster's back, and Before= the cluster
// daemons so that at shutdown systemd stops the service after them); it
// is removed on stop.
package systemd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	sd "github.com/coreos/go-systemd/v22/dbus"
	godbus "github.com/godbus/dbus/v5"

	"github.com/gorosync/gorosync/crm/agent"
)

// Defaults for Config.
const (
	DefaultSocket    = "/run/systemd/private"
	DefaultDropInDir = "/run/systemd/system"
	DropInName       = "50-gocrm.conf"
)

// DefaultBefore are the units the managed services are ordered before.
var DefaultBefore = []string{"gocrmd.service", "pacemaker.service", "pacemaker_remote.service"}

// pollEvery paces the ActiveState confirmation after a job finished with
// the unit still changing state; rare, so a short poll is enough.
const pollEvery = 100 * time.Millisecond

// Config says how to reach systemd.
type Config struct {
	// Socket is systemd's private D-Bus socket (DefaultSocket when
	// empty); root only, no dbus-daemon needed.
	Socket string
	// DropInDir is the runtime unit directory drop-ins go to.
	DropInDir string
	// Before lists the units managed services are ordered before.
	Before []string
	Log    *slog.Logger
}

// Manager holds one connection to systemd, shared by its units and
// re-established when it breaks.
type Manager struct {
	cfg Config

	mu   sync.Mutex
	conn *sd.Conn
}

// NewManager returns a manager; it connects on first use.
func NewManager(cfg Config) *Manager {
	if cfg.Socket == "" {
		cfg.Socket = DefaultSocket
	}
	if cfg.DropInDir == "" {
		cfg.DropInDir = DefaultDropInDir
	}
	if cfg.Before == nil {
		cfg.Before = DefaultBefore
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Manager{cfg: cfg}
}

// connect returns the live connection, dialling when needed.
func (m *Manager) connect(ctx context.Context) (*sd.Conn, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.conn != nil && m.conn.Connected() {
		return m.conn, nil
	}
	if m.conn != nil {
		m.conn.Close()
		m.conn = nil
	}
	c, err := sd.NewConnection(func() (*godbus.Conn, error) {
		// No WithContext: godbus closes the connection when that
		// context ends, and the connection outlives this operation.
		bus, err := godbus.Dial("unix:path=" + m.cfg.Socket)
		if err != nil {
			return nil, err
		}
		if err := bus.Auth([]godbus.Auth{godbus.AuthExternal(strconv.Itoa(os.Getuid()))}); err != nil {
			bus.Close()
			return nil, err
		}
		return bus, nil // a direct connection: no Hello
	})
	if err != nil {
		return nil, fmt.Errorf("connecting to systemd at %s: %w", m.cfg.Socket, err)
	}
	// JobRemoved signals go to subscribed clients.
	if err := c.Subscribe(); err != nil {
		c.Close()
		return nil, fmt.Errorf("subscribing to systemd signals: %w", err)
	}
	m.conn = c
	return c, nil
}

// Close drops the connection.
func (m *Manager) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.conn != nil {
		m.conn.Close()
		m.conn = nil
	}
	return nil
}

// UnitName maps an agent type to a unit name as Pacemaker does: names
// with a unit suffix are kept, others get ".service".
func UnitName(typ string) string {
	for _, s := range []string{".service", ".socket", ".mount", ".timer", ".path"} {
		if strings.HasSuffix(typ, s) {
			return typ
		}
	}
	return typ + ".service"
}

// Unit is the agent for one unit.
type Unit struct {
	m    *Manager
	Name string
}

// Unit returns the agent for systemd:typ.
func (m *Manager) Unit(typ string) *Unit { return &Unit{m: m, Name: UnitName(typ)} }

// state reads LoadState, ActiveState, SubState and Result in one call.
type state struct {
	load, active, sub, result string
}

func (u *Unit) state(ctx context.Context, c *sd.Conn) (state, error) {
	var s state
	for _, p := range []struct {
		iface, name string
		dst         *string
	}{
		{"", "LoadState", &s.load}, {"", "ActiveState", &s.active}, {"", "SubState", &s.sub},
	} {
		prop, err := c.GetUnitPropertyContext(ctx, u.Name, p.name)
		if err != nil {
			return s, err
		}
		*p.dst, _ = prop.Value.Value().(string)
	}
	if strings.HasSuffix(u.Name, ".service") {
		if prop, err := c.GetUnitTypePropertyContext(ctx, u.Name, "Service", "Result"); err == nil {
			s.result, _ = prop.Value.Value().(string)
		}
	}
	return s, nil
}

func (s state) String() string {
	out := s.active
	if s.sub != "" {
		out += " (" + s.sub + ")"
	}
	if s.result != "" && s.result != "success" {
		out += ", result " + s.result
	}
	return out
}

// installed reports the load problem, if any, as an exit reason.
func (s state) notInstalled() string {
	switch s.load {
	case "loaded", "masked":
		return ""
	case "not-found":
		return "unit not found"
	}
	return "unit load state " + s.load
}

// Start writes the drop-in, starts the unit and waits until it is active.
func (u *Unit) Start(ctx context.Context, req agent.Request) agent.Result {
	c, err := u.m.connect(ctx)
	if err != nil {
		return u.fail(ctx, agent.ActionStart, req, err)
	}
	st, err := u.state(ctx, c)
	if err != nil {
		return u.fail(ctx, agent.ActionStart, req, err)
	}
	if why := st.notInstalled(); why != "" {
		return agent.Done(agent.ErrInstalled, "%s: %s", u.Name, why)
	}
	changed, err := u.writeDropIn()
	if err != nil {
		return agent.Done(agent.ErrGeneric, "%s drop-in: %v", u.Name, err)
	}
	if changed {
		if err := c.ReloadContext(ctx); err != nil {
			return u.fail(ctx, agent.ActionStart, req, fmt.Errorf("daemon-reload: %w", err))
		}
	}
	if r, done := u.job(ctx, c, agent.ActionStart, req); done {
		return r
	}
	// The job is done; confirm the unit really is up.
	for {
		st, err := u.state(ctx, c)
		if err != nil {
			return u.fail(ctx, agent.ActionStart, req, err)
		}
		switch st.active {
		case "active", "reloading":
			return agent.Success()
		case "activating", "deactivating":
		default:
			return agent.Done(agent.ErrGeneric, "%s is %s after its start job", u.Name, st)
		}
		if r, stop := u.pause(ctx, agent.ActionStart, req); stop {
			return r
		}
	}
}

// Stop removes the drop-in, stops the unit and waits until it is down.
func (u *Unit) Stop(ctx context.Context, req agent.Request) agent.Result {
	c, err := u.m.connect(ctx)
	if err != nil {
		return u.fail(ctx, agent.ActionStop, req, err)
	}
	st, err := u.state(ctx, c)
	if err != nil {
		return u.fail(ctx, agent.ActionStop, req, err)
	}
	if st.load == "not-found" {
		return agent.Success() // an unknown unit is not running
	}
	removed, err := u.removeDropIn()
	if err != nil {
		return agent.Done(agent.ErrGeneric, "%s drop-in: %v", u.Name, err)
	}
	if removed {
		if err := c.ReloadContext(ctx); err != nil {
			return u.fail(ctx, agent.ActionStop, req, fmt.Errorf("daemon-reload: %w", err))
		}
	}
	if r, done := u.job(ctx, c, agent.ActionStop, req); done {
		return r
	}
	for {
		st, err := u.state(ctx, c)
		if err != nil {
			return u.fail(ctx, agent.ActionStop, req, err)
		}
		switch st.active {
		case "active", "reloading", "deactivating", "activating":
		default:
			return agent.Success() // inactive or failed: stopped
		}
		if r, stop := u.pause(ctx, agent.ActionStop, req); stop {
			return r
		}
	}
}

// job queues the start or stop job and waits for its JobRemoved signal.
// done is true when r is the final result (the job failed or time ran
// out); false means the job finished and the state needs confirming.
func (u *Unit) job(ctx context.Context, c *sd.Conn, action string, req agent.Request) (r agent.Result, done bool) {
	ch := make(chan string, 1)
	var err error
	if action == agent.ActionStart {
		_, err = c.StartUnitContext(ctx, u.Name, "replace", ch)
	} else {
		_, err = c.StopUnitContext(ctx, u.Name, "replace", ch)
	}
	if err != nil {
		var de godbus.Error
		if errors.As(err, &de) && (strings.HasSuffix(de.Name, ".NoSuchUnit") || strings.HasSuffix(de.Name, ".LoadFailed")) {
			if action == agent.ActionStop {
				return agent.Success(), true
			}
			return agent.Done(agent.ErrInstalled, "%s: %v", u.Name, err), true
		}
		return u.fail(ctx, action, req, err), true
	}
	select {
	case res := <-ch:
		switch res {
		case "done":
			return agent.Result{}, false
		case "timeout":
			return agent.Failed(agent.ExecTimeout, "systemd timed out the %s job of %s", action, u.Name), true
		}
		st, _ := u.state(ctx, c)
		return agent.Done(agent.ErrGeneric, "%s job of %s %s; unit %s", action, u.Name, res, st), true
	case <-ctx.Done():
		st, _ := u.state(context.Background(), c)
		r := agent.FromContext(ctx, action, req.Timeout, agent.Result{})
		r.Reason += "; unit " + st.String()
		return r, true
	}
}

// pause waits pollEvery or until ctx ends (then stop is true).
func (u *Unit) pause(ctx context.Context, action string, req agent.Request) (agent.Result, bool) {
	t := time.NewTimer(pollEvery)
	defer t.Stop()
	select {
	case <-t.C:
		return agent.Result{}, false
	case <-ctx.Done():
		return agent.FromContext(ctx, action, req.Timeout, agent.Result{}), true
	}
}

func (u *Unit) fail(ctx context.Context, action string, req agent.Request, err error) agent.Result {
	if ctx.Err() != nil {
		return agent.FromContext(ctx, action, req.Timeout, agent.Result{})
	}
	return agent.Failed(agent.ExecError, "%s %s: %v", action, u.Name, err)
}

// Monitor maps ActiveState: active or reloading is running; activating
// or deactivating is pending; anything else is stopped, the state given
// as the reason.
func (u *Unit) Monitor(ctx context.Context, req agent.Request) agent.Result {
	c, err := u.m.connect(ctx)
	if err != nil {
		return u.fail(ctx, agent.ActionMonitor, req, err)
	}
	st, err := u.state(ctx, c)
	if err != nil {
		return u.fail(ctx, agent.ActionMonitor, req, err)
	}
	if why := st.notInstalled(); why != "" && st.load != "masked" {
		return agent.Done(agent.NotRunning, "%s", why)
	}
	switch st.active {
	case "active", "reloading":
		return agent.Success()
	case "activating", "deactivating":
		return agent.Pending("%s is %s", u.Name, st)
	}
	return agent.Done(agent.NotRunning, "%s", st)
}

// ValidateAll checks the unit exists.
func (u *Unit) ValidateAll(ctx context.Context, req agent.Request) agent.Result {
	c, err := u.m.connect(ctx)
	if err != nil {
		return u.fail(ctx, agent.ActionValidateAll, req, err)
	}
	st, err := u.state(ctx, c)
	if err != nil {
		return u.fail(ctx, agent.ActionValidateAll, req, err)
	}
	if why := st.notInstalled(); why != "" {
		return agent.Done(agent.ErrInstalled, "%s: %s", u.Name, why)
	}
	return agent.Success()
}

// MetaData synthesises meta-data as Pacemaker does for systemd units.
func (u *Unit) MetaData(ctx context.Context) agent.Result {
	desc := u.Name
	if c, err := u.m.connect(ctx); err == nil {
		if p, err := c.GetUnitPropertyContext(ctx, u.Name, "Description"); err == nil {
			if s, ok := p.Value.Value().(string); ok && s != "" {
				desc = s
			}
		}
	}
	r := agent.Success()
	r.Stdout = fmt.Sprintf(`<?xml version="1.0"?>
<!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
<resource-agent name="%s" version="0.1">
  <version>1.1</version>
  <longdesc lang="en">
%s
  </longdesc>
  <shortdesc lang="en">systemd unit file for %s</shortdesc>
  <parameters/>
  <actions>
    <action name="start"     timeout="100s" />
    <action name="stop"      timeout="100s" />
    <action name="status"    timeout="100s" />
    <action name="monitor"   timeout="100s" interval="60s"/>
    <action name="meta-data" timeout="5s" />
  </actions>
  <special tag="systemd"/>
</resource-agent>
`, xmlEscape(strings.TrimSuffix(u.Name, ".service")), xmlEscape(desc), xmlEscape(strings.TrimSuffix(u.Name, ".service")))
	return r
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

var _ agent.Agent = (*Unit)(nil)
