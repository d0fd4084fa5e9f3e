package gen

import (
	"strconv"

	"github.com/gorosync/gorosync/crm/cib"
)

// clusterProps replaces the default "stonith-enabled=false
// no-quorum-policy=ignore" with cluster-wide policies when their Features
// are on (and draws nothing from the seed's stream when they are off).
func (g *generator) clusterProps(c *cib.CIB, props []string) []string {
	if g.f.Stonith && g.chance(0.4) {
		props[1] = "true"
		g.stonith = true
		if g.chance(0.15) {
			props = append(props, "startup-fencing", "false")
		}
	}
	if g.f.NoQuorum && g.chance(0.35) {
		c.HaveQuorum = "0"
		props[3] = g.pick("stop", "freeze", "ignore", "demote", "suicide")
	}
	if g.f.Maintenance {
		if g.chance(0.08) {
			props = append(props, "maintenance-mode", "true")
		}
		if g.chance(0.08) {
			props = append(props, "stop-all-resources", "true")
		}
	}
	return props
}

// fenceDevice adds a stonith primitive to most clusters with fencing
// enabled (without one, Pacemaker disables resource start-up).
func (g *generator) fenceDevice(cf *cib.Configuration) {
	if !g.stonith || g.chance(0.2) {
		return
	}
	p := cib.Primitive{ID: g.pick("fence1", "st-ipmi", "fencing"), Class: "stonith", Type: g.pick("fence_dummy", "fence_ipmilan")}
	item := cib.Resource{Primitive: &p}
	if g.chance(0.5) {
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
		if g.f.Unclean && g.chance(0.12) {
			ns.Crmd, ns.Join = "offline", "down"
			if g.chance(0.5) {
				ns.InCCM = "false" // lost: no longer part of the cluster
			}
			continue
		}
		var attrs []string
		if g.f.Shutdown && g.chance(0.1) {
			attrs = append(attrs, "shutdown", "1700000000")
		}
		// crm_simulate 2.1.5 fails its own transition ("Transition failed:
		// terminated") when it cancels recurring monitors on a node in
		// maintenance, so only nodes without them get maintenance.
		if g.f.Maintenance && g.chance(0.08) && !hasRecurring(ns) {
			attrs = append(attrs, "maintenance", "true")
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

// hasRecurring reports whether a node's history has a recurring operation.
func hasRecurring(ns *cib.NodeState) bool {
	if ns.LRM == nil {
		return false
	}
	for _, r := range ns.LRM.Resources.Resources {
		for _, op := range r.Ops {
			if op.Interval != "" && op.Interval != "0" {
				return true
			}
		}
	}
	return false
}
