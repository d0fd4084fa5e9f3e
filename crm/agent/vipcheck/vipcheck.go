// Package vipcheck is gocrm's native ocf:heartbeat:VIPcheck: before a
// group takes a floating address it asks the link whether anybody already
// answers for it, and refuses to start if somebody does.
//
// The shell agent pings; this one probes the link directly: an ARP probe
// (RFC 5227: sender IP 0.0.0.0) for IPv4 or a neighbour solicitation for
// IPv6, `count` probes one second apart, listening until one second after
// the last probe but never longer than `wait` seconds. Any answer for the
// target means another host holds it: start fails with OCF_ERR_GENERIC
// (which Pacemaker treats as fatal on the node). The running state is a
// state file, as in the shell agent, so monitor and stop work from any
// process.
package vipcheck

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/vishvananda/netlink"

	"github.com/gorosync/gorosync/crm/agent"
)

// StateDir is where state files go by default ($HA_RSCTMP).
const StateDir = "/run/resource-agents"

// probeGap is the time between probes and the listening time after the
// last one.
const probeGap = time.Second

// Agent is the native VIPcheck.
type Agent struct{}

// New returns the agent.
func New() *Agent { return &Agent{} }

// target is one address to probe and the interface to probe it on ("":
// from the routing table).
type target struct {
	ip    netip.Addr
	iface string
}

type config struct {
	targets []target
	count   int
	wait    time.Duration
	state   string
}

func parse(req agent.Request) (config, error) {
	var c config
	list := strings.TrimSpace(req.Param("target_ip", ""))
	if list == "" {
		return c, errors.New("target_ip is mandatory")
	}
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		addr, iface, _ := strings.Cut(f, "%")
		ip, err := netip.ParseAddr(addr)
		if err != nil {
			return c, fmt.Errorf("target_ip entry %q is not an IP address", f)
		}
		c.targets = append(c.targets, target{ip: ip.Unmap(), iface: iface})
	}
	var err error
	if c.count, err = positive(req.Param("count", "1"), "count"); err != nil {
		return c, err
	}
	w, err := positive(req.Param("wait", "10"), "wait")
	if err != nil {
		return c, err
	}
	c.wait = time.Duration(w) * time.Second
	c.state = req.Param("state", "")
	if c.state == "" {
		inst := req.Instance
		if inst == "" {
			inst = "VIPcheck"
		}
		c.state = filepath.Join(StateDir, "VIPcheck-"+inst+".state")
	}
	return c, nil
}

func positive(s, name string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%s=%q must be a positive integer", name, s)
	}
	return n, nil
}

// Start probes every target and creates the state file when none answers.
func (a *Agent) Start(ctx context.Context, req agent.Request) agent.Result {
	c, err := parse(req)
	if err != nil {
		return agent.Done(agent.ErrConfigured, "%v", err)
	}
	if _, err := os.Stat(c.state); err == nil {
		return agent.Success()
	}
	for _, t := range c.targets {
		ifi, err := outInterface(t)
		if err != nil {
			return agent.Done(agent.ErrGeneric, "%v", err)
		}
		owner, err := probe(ctx, ifi, t.ip, c.count, c.wait)
		if err != nil {
			if ctx.Err() != nil {
				return agent.FromContext(ctx, agent.ActionStart, req.Timeout, agent.Result{})
			}
			return agent.Done(agent.ErrGeneric, "probing %s on %s: %v", t.ip, ifi.Name, err)
		}
		if owner != nil {
			return agent.Done(agent.ErrGeneric, "%s is already in use on %s by %s: refusing to start", t.ip, ifi.Name, owner)
		}
	}
	if err := os.MkdirAll(filepath.Dir(c.state), 0o755); err != nil {
		return agent.Done(agent.ErrGeneric, "state file: %v", err)
	}
	if err := os.WriteFile(c.state, nil, 0o644); err != nil {
		return agent.Done(agent.ErrGeneric, "state file: %v", err)
	}
	return agent.Success()
}

// Stop removes the state file.
func (a *Agent) Stop(ctx context.Context, req agent.Request) agent.Result {
	c, err := parse(req)
	if err != nil && req.Param("state", "") == "" && req.Param("target_ip", "") == "" {
		c.state = filepath.Join(StateDir, "VIPcheck-"+req.Instance+".state")
	} else if err != nil {
		return agent.Done(agent.ErrConfigured, "%v", err)
	}
	if err := os.Remove(c.state); err != nil && !errors.Is(err, os.ErrNotExist) {
		return agent.Done(agent.ErrGeneric, "state file: %v", err)
	}
	return agent.Success()
}

// Monitor reports whether the state file exists.
func (a *Agent) Monitor(ctx context.Context, req agent.Request) agent.Result {
	c, err := parse(req)
	if err != nil {
		return agent.Done(agent.ErrConfigured, "%v", err)
	}
	if _, err := os.Stat(c.state); err == nil {
		return agent.Success()
	}
	return agent.Done(agent.NotRunning, "")
}

// ValidateAll checks the parameters and that each target can be probed.
func (a *Agent) ValidateAll(ctx context.Context, req agent.Request) agent.Result {
	c, err := parse(req)
	if err != nil {
		return agent.Done(agent.ErrConfigured, "%v", err)
	}
	for _, t := range c.targets {
		if _, err := outInterface(t); err != nil {
			return agent.Done(agent.ErrConfigured, "%v", err)
		}
	}
	return agent.Success()
}

// MetaData returns the agent's meta-data.
func (a *Agent) MetaData(ctx context.Context) agent.Result {
	r := agent.Success()
	r.Stdout = metadataXML
	return r
}

// outInterface is the interface t is probed on: the one named, or the one
// the kernel routes t through, which must reach it directly.
func outInterface(t target) (*net.Interface, error) {
	if t.iface != "" {
		ifi, err := net.InterfaceByName(t.iface)
		if err != nil {
			return nil, fmt.Errorf("interface %s: %w", t.iface, err)
		}
		return ifi, nil
	}
	routes, err := netlink.RouteGet(t.ip.AsSlice())
	if err != nil || len(routes) == 0 {
		return nil, fmt.Errorf("no route to %s: %v", t.ip, err)
	}
	r := routes[0]
	if r.Gw != nil {
		return nil, fmt.Errorf("%s is reached through gateway %s, not on a local link: name the interface (%s%%IFACE)", t.ip, r.Gw, t.ip)
	}
	ifi, err := net.InterfaceByIndex(r.LinkIndex)
	if err != nil {
		return nil, fmt.Errorf("interface %d: %w", r.LinkIndex, err)
	}
	if ifi.Flags&net.FlagLoopback != 0 {
		return nil, fmt.Errorf("%s is a local address of this host", t.ip)
	}
	return ifi, nil
}

var _ agent.Agent = (*Agent)(nil)

const metadataXML = `<?xml version="1.0"?>
<!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
<resource-agent name="VIPcheck" version="gocrm">
<version>1.0</version>
<longdesc lang="en">
gocrm's native VIPcheck: refuses to start while another host answers ARP
(IPv4) or neighbour solicitations (IPv6) for target_ip. Probes are sent
one second apart, count times; the agent listens until one second after
the last probe, never longer than wait seconds.
</longdesc>
<shortdesc lang="en">Checks that a virtual IP is not in use elsewhere (native)</shortdesc>
<parameters>
<parameter name="target_ip" unique="1" required="1">
<longdesc lang="en">Comma-separated addresses to check; ADDR%IFACE names the interface.</longdesc>
<shortdesc lang="en">Target IP addresses</shortdesc>
<content type="string"/>
</parameter>
<parameter name="count">
<longdesc lang="en">Number of probes per address.</longdesc>
<shortdesc lang="en">Probe count</shortdesc>
<content type="integer" default="1"/>
</parameter>
<parameter name="wait">
<longdesc lang="en">Longest time, in seconds, spent on one address.</longdesc>
<shortdesc lang="en">Wait time</shortdesc>
<content type="integer" default="10"/>
</parameter>
<parameter name="state">
<longdesc lang="en">State file (default /run/resource-agents/VIPcheck-INSTANCE.state).</longdesc>
<shortdesc lang="en">State file</shortdesc>
<content type="string"/>
</parameter>
</parameters>
<actions>
<action name="start" timeout="60s"/>
<action name="stop" timeout="60s"/>
<action name="monitor" interval="10s" timeout="60s"/>
<action name="meta-data" timeout="5s"/>
<action name="validate-all" timeout="5s"/>
</actions>
</resource-agent>
`
