package configure

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/gorosync/gorosync/crm/agent"
)

// LocalOCF finds OCF agents under Root (default /usr/lib/ocf) and runs
// their meta-data action: the lookup used where crm_resource is missing.
// Other classes are reported as not installed.
type LocalOCF struct {
	Root string
}

func (l LocalOCF) root() string {
	if l.Root != "" {
		return l.Root
	}
	return "/usr/lib/ocf"
}

// Metadata implements Agents.
func (l LocalOCF) Metadata(a AgentName) (*agent.Metadata, error) {
	if a.Class != "ocf" {
		return nil, fmt.Errorf("metadata query for %s failed: only OCF agents can be queried without crm_resource", a)
	}
	script := filepath.Join(l.root(), "resource.d", a.Provider, a.Type)
	if _, err := os.Stat(script); err != nil {
		return nil, fmt.Errorf("metadata query for %s failed: %v", a, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, script, "meta-data")
	cmd.Env = append(os.Environ(), "OCF_ROOT="+l.root())
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("metadata query for %s failed: %v", a, err)
	}
	return agent.ParseMetadata(out)
}

// OCFProviders implements Agents.
func (l LocalOCF) OCFProviders(typ string) []string {
	matches, _ := filepath.Glob(filepath.Join(l.root(), "resource.d", "*", typ))
	var out []string
	for _, m := range matches {
		out = append(out, filepath.Base(filepath.Dir(m)))
	}
	sortStrings(out)
	return out
}

// DefaultAgents is crm_resource when it is installed (the lookup pcs and
// crmsh use), else the local OCF tree.
func DefaultAgents() Agents {
	if p, err := exec.LookPath("crm_resource"); err == nil {
		return CRMResource{Path: p}
	}
	return LocalOCF{}
}
