package scheduler

import (
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// Policies are the cluster-wide options that decide what may run at all:
// quorum, fencing, maintenance (crm_config properties, Pacemaker's
// unpack_config).
type Policies struct {
	StonithEnabled bool
	HaveQuorum     bool
	// NoQuorumPolicy is the effective policy: stop, freeze, ignore,
	// demote or suicide (suicide only with fencing and no-quorum-panic
	// or quorum; otherwise it falls back to stop, as Pacemaker does).
	NoQuorumPolicy  string
	MaintenanceMode bool
	StopAll         bool
	StartupFencing  bool
	// ConcurrentFencing: fence several nodes at once (2.1.5's default is
	// one after the other).
	ConcurrentFencing bool
	// HaveStonithResource: some primitive has class="stonith".
	HaveStonithResource bool
}

// unpackPolicies reads the options from the crm_config properties and
// the cib element's have-quorum / no-quorum-panic attributes.
func (p *Policies) unpackPolicies(props map[string]string, haveQuorum, panic string) {
	p.StonithEnabled = boolOpt(props, "stonith-enabled", true)
	p.HaveQuorum = isTrue(haveQuorum)
	p.MaintenanceMode = boolOpt(props, "maintenance-mode", false)
	p.StopAll = boolOpt(props, "stop-all-resources", false)
	p.StartupFencing = p.StonithEnabled && boolOpt(props, "startup-fencing", true)
	p.ConcurrentFencing = boolOpt(props, "concurrent-fencing", false)
	switch v := strings.ToLower(props["no-quorum-policy"]); v {
	case "ignore", "freeze", "demote":
		p.NoQuorumPolicy = v
	case "suicide":
		p.NoQuorumPolicy = "stop"
		if p.StonithEnabled && (p.HaveQuorum || atoiDefault(panic, 0) != 0) {
			p.NoQuorumPolicy = "suicide"
		}
	default:
		p.NoQuorumPolicy = "stop"
	}
}

// quorumBlocks reports whether the start of r may not run for lack of
// quorum, and the summary reason ("no quorum" or "quorum freeze"), like
// Pacemaker's update_resource_action_runnable. Resources with
// requires=nothing are exempt.
func (c *Cluster) quorumBlocks(r *Resource) (bool, string) {
	if c.HaveQuorum || r.requiresNothing() {
		return false, ""
	}
	switch c.NoQuorumPolicy {
	case "ignore":
		return false, ""
	case "freeze":
		if len(r.RunningOn) == 0 || r.NextRole > r.Role {
			return true, "quorum freeze"
		}
		return false, ""
	}
	// stop, suicide, and demote for resources that are not promotable.
	return true, "no quorum"
}

// requiresNothing: the resource's "requires" meta attribute is "nothing".
func (r *Resource) requiresNothing() bool {
	return strings.EqualFold(r.Meta["requires"], "nothing")
}

// extraAttr is an attribute of the cib element that cib.CIB keeps only
// among its extra attributes.
func extraAttr(doc *cib.CIB, name string) string {
	for _, a := range doc.Extra {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
