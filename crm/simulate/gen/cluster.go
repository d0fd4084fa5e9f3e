package gen

import (
	"strconv"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// policyStream runs fn with the policy features' random stream.
func (g *generator) policyStream(fn func()) {
	saved := g.r
	g.r = g.policy
	fn()
	g.r = saved
}

// clusterProps replaces the default "stonith-enabled=false
// no-quorum-policy=ignore" with cluster-wide policies when their Features
// are on. Every draw here and in fenceDevice and nodeStates is made
// whether its Feature is on or not, so switching one off leaves the
// others' choices for a seed unchanged.
func (g *generator) clusterProps(c *cib.CIB, props []string) []string {
	stonith, noStartupFencing := g.chance(0.4), g.chance(0.15)
	if g.f.Stonith && stonith {
		props[1] = "true"
		g.stonith = true
		g.used.Stonith = true
		if noStartupFencing {
			props = append(props, "startup-fencing", "false")
		}
	}
	noQuorum := g.chance(0.35)
	policy := g.pick("stop", "freeze", "ignore", "demote", "suicide")
	if g.f.NoQuorum && noQuorum {
		c.HaveQuorum = "0"
		g.used.NoQuorum = true
		props[3] = policy
	}
	maintenance, stopAll := g.chance(0.08), g.chance(0.08)
	if g.f.Maintenance && maintenance {
		props = append(props, "maintenance-mode", "true")
		g.used.Maintenance = true
	}
	if g.f.Maintenance && stopAll {
		props = append(props, "stop-all-resources", "true")
		g.used.Maintenance = true
	}
	return props
}

// fenceDevice adds a stonith primitive to most clusters with fencing
// enabled (without one, Pacemaker disables resource start-up).
func (g *generator) fenceDevice(cf *cib.Configuration) {
	none, first := g.chance(0.2), g.chance(0.5)
	p := cib.Primitive{ID: g.pick("fence1", "st-ipmi", "fencing"), Class: "stonith", Type: g.pick("fence_dummy", "fence_ipmilan")}
	if !g.stonith || none {
		return
	}
	item := cib.Resource{Primitive: &p}
	if first {
		cf.Resources.Items = append([]cib.Resource{item}, cf.Resources.Items...)
	} else {
		cf.Resources.Items = append(cf.Resources.Items, item)
	}
}

// nodeStates turns some online nodes (with their resource history) into
// lost or half-dead ones, and gives others a shutdown request or
// maintenance, through their node_state entries.
func (g *generator) nodeStates(c *cib.CIB) {
	for i := range c.Status.NodeStates {
		ns := &c.Status.NodeStates[i]
		if ns.Crmd != "online" {
			continue
		}
		unclean, lost := g.chance(0.12), g.chance(0.5)
		shutdown, maintenance := g.chance(0.1), g.chance(0.08)
		if g.f.Unclean && unclean {
			ns.Crmd, ns.Join = "offline", "down"
			g.used.Unclean = true
			if lost {
				ns.InCCM = "false" // lost: no longer part of the cluster
			}
			continue
		}
		var attrs []string
		if g.f.Shutdown && shutdown {
			attrs = append(attrs, "shutdown", "1700000000")
			g.used.Shutdown = true
		}
		// With a failed operation in a maintenance node's history,
		// crm_simulate 2.1.5 often fails its own transition ("Transition
		// failed: terminated": a group's or clone's pseudo-action waits
		// for a recovery that never runs), so such nodes get no
		// maintenance. (Cancelling recurring monitors there works.)
		if g.f.Maintenance && maintenance && !hasFailure(ns) {
			attrs = append(attrs, "maintenance", "true")
			g.used.Maintenance = true
		}
		for k := 0; k+1 < len(attrs); k += 2 {
			if ns.TransientAttributes == nil {
				ns.TransientAttributes = &cib.TransientAttributes{ID: ns.ID, InstanceAttributes: cib.Sets{{ID: "status-" + ns.ID}}}
			}
			set := &ns.TransientAttributes.InstanceAttributes[0]
			set.Pairs = append(set.Pairs, cib.NVPair{ID: "status-" + ns.ID + "-" + attrs[k] + "-" + strconv.Itoa(k), Name: attrs[k], Value: attrs[k+1]})
		}
	}
}

// hasFailure reports whether a node's history has an operation whose
// result is not the one its transition key expected.
func hasFailure(ns *cib.NodeState) bool {
	if ns.LRM == nil {
		return false
	}
	for _, r := range ns.LRM.Resources.Resources {
		for _, op := range r.Ops {
			if parts := strings.Split(op.TransitionKey, ":"); len(parts) == 4 && parts[2] != op.RCCode {
				return true
			}
		}
	}
	return false
}
