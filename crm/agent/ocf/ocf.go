// Package ocf runs OCF resource agent scripts the way Pacemaker's executor
// does: `<OCF_ROOT>/resource.d/<provider>/<type> <action>` with the OCF
// environment, the whole process group killed when the operation's
// timeout expires, the exit reason read from stderr, and the agent's
// meta-data parsed to check parameters.
package ocf

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/gorosync/gorosync/crm/agent"
)

// DefaultRoot is OCF_ROOT on Debian.
const DefaultRoot = "/usr/lib/ocf"

// FeatureSet is the crm_feature_set passed to agents (Pacemaker 2.1.5's).
const FeatureSet = "3.16.1"

// Script is one OCF agent script. It is safe for concurrent use.
type Script struct {
	// Root is OCF_ROOT.
	Root     string
	Provider string
	Type     string
	// Env is the base environment (os.Environ() when nil); OCF_ variables
	// in it are dropped so only the operation's own reach the script.
	Env []string

	mu sync.Mutex
	md *agent.Metadata
}

// New returns the script provider/typ under root ("" for DefaultRoot).
// A missing script is reported by each operation as not installed, as
// Pacemaker does, so New itself only checks the names.
func New(root, provider, typ string) (*Script, error) {
	if root == "" {
		root = DefaultRoot
	}
	sp, err := agent.ParseSpec(agent.ClassOCF + ":" + provider + ":" + typ)
	if err != nil {
		return nil, err
	}
	return &Script{Root: root, Provider: sp.Provider, Type: sp.Type}, nil
}

// Path is the script's file name.
func (s *Script) Path() string {
	return filepath.Join(s.Root, "resource.d", s.Provider, s.Type)
}

// Environ is the environment for action with req, sorted (OCF variables
// after the base ones).
func (s *Script) Environ(action string, req agent.Request) []string {
	base := s.Env
	if base == nil {
		base = os.Environ()
	}
	var env []string
	for _, kv := range base {
		if !strings.HasPrefix(kv, "OCF_") {
			env = append(env, kv)
		}
	}
	ocf := []string{
		"OCF_RA_VERSION_MAJOR=1",
		"OCF_RA_VERSION_MINOR=1",
		"OCF_ROOT=" + s.Root,
		"OCF_EXIT_REASON_PREFIX=" + ExitReasonPrefix,
		"OCF_RESOURCE_TYPE=" + s.Type,
		"OCF_RESOURCE_PROVIDER=" + s.Provider,
	}
	if action != agent.ActionMetaData {
		inst := req.Instance
		if inst == "" {
			inst = s.Type
		}
		ocf = append(ocf, "OCF_RESOURCE_INSTANCE="+inst, "OCF_RESKEY_crm_feature_set="+FeatureSet)
		for k, v := range req.Params {
			if k == "OCF_CHECK_LEVEL" {
				ocf = append(ocf, k+"="+v)
			} else {
				ocf = append(ocf, "OCF_RESKEY_"+k+"="+v)
			}
		}
		for k, v := range req.Meta {
			ocf = append(ocf, "OCF_RESKEY_CRM_meta_"+strings.ReplaceAll(k, "-", "_")+"="+v)
		}
	}
	sort.Strings(ocf)
	return append(env, ocf...)
}

// run performs action and maps the outcome to a Result.
func (s *Script) run(ctx context.Context, action string, req agent.Request) agent.Result {
	path := s.Path()
	if fi, err := os.Stat(path); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		r := agent.Done(agent.ErrInstalled, "%s: no executable agent script", path)
		if action == agent.ActionStop {
			// Nothing can be running from an agent that is not there.
			r = agent.Success()
		}
		return r
	}
	p, err := Exec(ctx, []string{path, action}, s.Environ(action, req))
	if err != nil {
		return agent.Failed(agent.ExecError, "%s %s: %v", path, action, err)
	}
	reason, rest := ExitReason(p.Stderr)
	if p.TimedOut {
		r := agent.FromContext(ctx, action, req.Timeout, agent.Result{Stdout: p.Stdout, Stderr: rest})
		return r
	}
	r := agent.Result{Status: agent.ExecDone, Stdout: p.Stdout, Stderr: rest, Reason: reason}
	if p.Signal != 0 {
		r.Code = agent.ErrGeneric
		if r.Reason == "" {
			r.Reason = fmt.Sprintf("agent killed by signal %d (%v)", int(p.Signal), p.Signal)
		}
	} else {
		r.Code = agent.FromExit(p.Exit)
	}
	return r
}

// Start runs the script's start action.
func (s *Script) Start(ctx context.Context, req agent.Request) agent.Result {
	return s.run(ctx, agent.ActionStart, req)
}

// Stop runs the script's stop action.
func (s *Script) Stop(ctx context.Context, req agent.Request) agent.Result {
	return s.run(ctx, agent.ActionStop, req)
}

// Monitor runs the script's monitor action.
func (s *Script) Monitor(ctx context.Context, req agent.Request) agent.Result {
	return s.run(ctx, agent.ActionMonitor, req)
}

// MetaData runs the script's meta-data action.
func (s *Script) MetaData(ctx context.Context) agent.Result {
	return s.run(ctx, agent.ActionMetaData, agent.Request{})
}

// Action runs any other action (promote, reload, notify, ...).
func (s *Script) Action(ctx context.Context, action string, req agent.Request) agent.Result {
	if err := checkAction(action); err != nil {
		return agent.Done(agent.ErrUnimplemented, "%v", err)
	}
	return s.run(ctx, action, req)
}

// ValidateAll first checks the parameters against the meta-data
// (required ones present, integers and booleans well formed) and answers
// OCF_ERR_CONFIGURED on a problem; otherwise the script's validate-all
// decides.
func (s *Script) ValidateAll(ctx context.Context, req agent.Request) agent.Result {
	if md, err := s.Metadata(ctx); err == nil {
		if problems, _ := md.Check(req.Params); len(problems) > 0 {
			return agent.Done(agent.ErrConfigured, "%s", strings.Join(problems, "; "))
		}
	}
	return s.run(ctx, agent.ActionValidateAll, req)
}

// Metadata returns the parsed meta-data, fetched once and cached.
func (s *Script) Metadata(ctx context.Context) (*agent.Metadata, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.md != nil {
		return s.md, nil
	}
	r := s.MetaData(ctx)
	if !r.OK() {
		return nil, fmt.Errorf("%s meta-data: %v", s.Path(), r)
	}
	md, err := agent.ParseMetadata([]byte(r.Stdout))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.Path(), err)
	}
	s.md = md
	return md, nil
}

// checkAction refuses action names that are not plain words: the action
// is the script's only argument.
func checkAction(a string) error {
	if a == "" {
		return fmt.Errorf("empty action")
	}
	for _, r := range a {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return fmt.Errorf("action %q is not a plain word", a)
		}
	}
	return nil
}

var _ agent.Agent = (*Script)(nil)
var _ agent.Actioner = (*Script)(nil)
