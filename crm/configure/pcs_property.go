package configure

import (
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// pcsClusterProperties are the names pcs 0.11.5 accepts without --force
// (Pacemaker 2.1.5's scheduler, controller and fencer options).
var pcsClusterProperties = []string{
	"batch-limit", "cluster-delay", "cluster-ipc-limit", "cluster-recheck-interval",
	"concurrent-fencing", "dc-deadtime", "election-timeout", "enable-acl",
	"enable-startup-probes", "fence-reaction", "join-finalization-timeout",
	"join-integration-timeout", "load-threshold", "maintenance-mode", "migration-limit",
	"no-quorum-policy", "node-action-limit", "node-health-base", "node-health-green",
	"node-health-red", "node-health-strategy", "node-health-yellow", "pe-error-series-max",
	"pe-input-series-max", "pe-warn-series-max", "placement-strategy",
	"priority-fencing-delay", "remove-after-stop", "shutdown-escalation", "shutdown-lock",
	"shutdown-lock-limit", "start-failure-is-fatal", "startup-fencing", "stonith-action",
	"stonith-enabled", "stonith-max-attempts", "stonith-timeout", "stonith-watchdog-timeout",
	"stop-all-resources", "stop-orphan-actions", "stop-orphan-resources",
	"symmetric-cluster", "transition-delay",
}

var boolProperties = map[string]bool{
	"concurrent-fencing": true, "enable-acl": true, "enable-startup-probes": true,
	"maintenance-mode": true, "remove-after-stop": true, "shutdown-lock": true,
	"start-failure-is-fatal": true, "startup-fencing": true, "stonith-enabled": true,
	"stop-all-resources": true, "stop-orphan-actions": true, "stop-orphan-resources": true,
	"symmetric-cluster": true,
}

var enumProperties = map[string][]string{
	"no-quorum-policy": {"stop", "freeze", "ignore", "demote", "suicide"},
	"stonith-action":   {"reboot", "off", "poweroff"},
	"fence-reaction":   {"stop", "panic"},
}

// PropertySet is `pcs property set k=v...` into cib-bootstrap-options.
func (p *PCS) PropertySet(c *cib.CIB, args []string) error {
	pairs, err := parsePairs(args, "property")
	if err != nil {
		return err
	}
	if len(pairs) == 0 {
		return errorf("usage: property set <property>=[<value>] ...")
	}
	var unknown []string
	for _, kv := range pairs {
		if !contains(pcsClusterProperties, kv.Name) {
			unknown = append(unknown, kv.Name)
			continue
		}
		if kv.Value == "" {
			continue
		}
		if boolProperties[kv.Name] {
			if _, ok := cib.ParseBool(kv.Value); !ok {
				return forceable("'%s' is not a valid %s value, use a pacemaker boolean value: '0', '1', 'false', 'n', 'no', 'off', 'on', 'true', 'y', 'yes'", kv.Value, kv.Name)
			}
		}
		if vals, ok := enumProperties[kv.Name]; ok && !contains(vals, strings.ToLower(kv.Value)) {
			return forceable("'%s' is not a valid %s value, use %s", kv.Value, kv.Name, quoteList(vals))
		}
	}
	if len(unknown) > 0 && !p.Force {
		sortStrings(unknown)
		what := "option"
		if len(unknown) > 1 {
			what = "options:"
		}
		return forceable("invalid cluster property %s %s, allowed options are: %s", what, quoteList(unknown), quoteList(pcsClusterProperties))
	}
	setProperties(c, pairs, collectIDs(c).pcsUnique)
	return nil
}

// setProperties writes pairs into the cib-bootstrap-options set (created
// first in crm_config when missing).
func setProperties(c *cib.CIB, pairs []pair, unique func(string) string) {
	sets := &c.Configuration.CRMConfig.PropertySets
	var set *cib.NVSet
	for i := range *sets {
		if (*sets)[i].ID == "cib-bootstrap-options" {
			set = &(*sets)[i]
		}
	}
	if set == nil {
		*sets = append(cib.Sets{{ID: unique("cib-bootstrap-options")}}, *sets...)
		set = &(*sets)[0]
	}
	setPairs(set, pairs, unique)
}

// Defaults is `pcs resource [op] defaults [update] k=v...`; op selects
// op_defaults. legacy is the form without "update" (deprecated in 0.11).
func (p *PCS) Defaults(c *cib.CIB, op, legacy bool, args []string) error {
	pairs, err := parsePairs(args, "default")
	if err != nil {
		return err
	}
	if len(pairs) == 0 {
		return errorf("no defaults given")
	}
	if legacy {
		cmd := "pcs resource defaults update"
		if op {
			cmd = "pcs resource op defaults update"
		}
		p.Warn.warn("Deprecation Warning: This command is deprecated and will be removed. Please use '%s' instead.", cmd)
	}
	d := &c.Configuration.RscDefaults
	setID := "rsc_defaults-meta_attributes"
	if op {
		d = &c.Configuration.OpDefaults
		setID = "op_defaults-meta_attributes"
	}
	if *d == nil {
		*d = &cib.Defaults{}
	}
	ids := collectIDs(c)
	set := firstPlainSet(&(*d).MetaAttributes, func() string { return ids.pcsUnique(setID) })
	setPairs(set, pairs, ids.pcsUnique)
	p.Warn.warn("Warning: Defaults do not apply to resources which override them with their own defined values")
	return nil
}
