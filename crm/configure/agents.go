package configure

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/gorosync/gorosync/crm/agent"
)

// AgentName is a resource agent as the CIB names it.
type AgentName struct {
	Class, Provider, Type string
}

func (a AgentName) String() string {
	if a.Provider != "" {
		return a.Class + ":" + a.Provider + ":" + a.Type
	}
	return a.Class + ":" + a.Type
}

// Agents answers what pcs and crmsh ask Pacemaker about agents.
type Agents interface {
	// Metadata returns the agent's meta-data, or an error when the agent
	// is not installed (pcs and crmsh then need --force / -F).
	Metadata(a AgentName) (*agent.Metadata, error)
	// OCFProviders lists the providers that ship OCF agent typ.
	OCFProviders(typ string) []string
}

// CRMResource asks Pacemaker's crm_resource, as pcs and crmsh do, so gocrm
// finds exactly the agents they find on the same host.
type CRMResource struct {
	Path string // default "crm_resource"
}

func (c CRMResource) run(args ...string) ([]byte, error) {
	path := c.Path
	if path == "" {
		path = "crm_resource"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(strings.ReplaceAll(stderr.String(), "\n", ", "))
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("crm_resource: %s", strings.TrimPrefix(msg, "crm_resource: "))
	}
	return out, nil
}

// Metadata implements Agents.
func (c CRMResource) Metadata(a AgentName) (*agent.Metadata, error) {
	out, err := c.run("--show-metadata", a.String())
	if err != nil {
		return nil, err
	}
	return agent.ParseMetadata(out)
}

// OCFProviders implements Agents.
func (c CRMResource) OCFProviders(typ string) []string {
	out, err := c.run("--list-ocf-alternatives", typ)
	if err != nil {
		return nil
	}
	return strings.Fields(string(out))
}

// StaticAgents is a fixed table of meta-data documents keyed by agent name
// ("ocf:heartbeat:IPaddr2"): what tests use to decide like a recorded host.
type StaticAgents map[string][]byte

// Metadata implements Agents.
func (s StaticAgents) Metadata(a AgentName) (*agent.Metadata, error) {
	b, ok := s[a.String()]
	if !ok {
		return nil, fmt.Errorf("crm_resource: Metadata query for %s failed: No such device or address, Error performing operation: No such object", a)
	}
	return agent.ParseMetadata(b)
}

// OCFProviders implements Agents.
func (s StaticAgents) OCFProviders(typ string) []string {
	var out []string
	for name := range s {
		p := strings.Split(name, ":")
		if len(p) == 3 && p[0] == "ocf" && p[2] == typ {
			out = append(out, p[1])
		}
	}
	sortStrings(out)
	return out
}

// parseAgentName reads class:provider:type or class:type; ok is false for
// a bare type (which each tool expands its own way).
func parseAgentName(s string) (AgentName, bool, error) {
	parts := strings.Split(s, ":")
	bad := func() (AgentName, bool, error) {
		return AgentName{}, false, errorf("Invalid resource agent name '%s'. Use standard:provider:type when standard is 'ocf' or standard:type otherwise.", s)
	}
	for _, p := range parts {
		if p == "" {
			return bad()
		}
	}
	switch len(parts) {
	case 1:
		return AgentName{Type: s}, false, nil
	case 2:
		if parts[0] == "ocf" || !knownClass(parts[0]) {
			return bad()
		}
		return AgentName{Class: parts[0], Type: parts[1]}, true, nil
	case 3:
		if parts[0] != "ocf" {
			return bad()
		}
		return AgentName{Class: "ocf", Provider: parts[1], Type: parts[2]}, true, nil
	}
	return bad()
}

func knownClass(c string) bool {
	switch c {
	case "ocf", "lsb", "systemd", "service", "stonith", "nagios", "upstart":
		return true
	}
	return false
}
