package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/configure"
)

func init() {
	resourceSubcommands = append(resourceSubcommands,
		newResourceCreate, newResourceDelete, newResourceUpdate, newResourceMeta,
		newResourceConfig, newResourceGroup, newResourceDefaults, newResourceOp,
		newResourceClone, newResourceUnclone)
}

// pcsFor is the pcs dialect with the command's flags and warning output.
func pcsFor(cmd *cobra.Command, f editFlags) *configure.PCS {
	return &configure.PCS{Agents: configureAgents(), Force: f.force, Warn: stderrWarner(cmd.ErrOrStderr(), "")}
}

func newResourceCreate() *cobra.Command {
	return editCommand("create ID AGENT [name=value...] [op NAME name=value...]... [meta name=value...] [clone [CLONE_ID] [name=value...]] [--group G] [--disabled] [--force] [-f FILE]",
		"Create a primitive resource (pcs resource create)", []string{"group", "disabled"},
		func(cmd *cobra.Command, f editFlags, doc *cib.CIB, args []string) error {
			if len(args) < 2 {
				return fmt.Errorf("usage: resource create <resource id> <standard:provider:type|type> [options]")
			}
			return pcsFor(cmd, f).ResourceCreate(doc, args[0], args[1], args[2:], configure.CreateOptions{Group: f.group, Disabled: f.disabled})
		})
}

func newResourceDelete() *cobra.Command {
	return editCommand("delete ID [-f FILE]", "Delete a resource and the constraints naming it (pcs resource delete)", nil,
		func(cmd *cobra.Command, f editFlags, doc *cib.CIB, args []string) error {
			if len(args) != 1 {
				return fmt.Errorf("usage: resource delete <resource id>")
			}
			return pcsFor(cmd, f).ResourceDelete(doc, args[0])
		})
}

func newResourceUpdate() *cobra.Command {
	return editCommand("update ID [name=value...] [op NAME name=value...]... [meta name=value...] [--force] [-f FILE]",
		"Change a resource's parameters, operations or meta attributes (pcs resource update)", nil,
		func(cmd *cobra.Command, f editFlags, doc *cib.CIB, args []string) error {
			if len(args) < 1 {
				return fmt.Errorf("usage: resource update <resource id> [options]")
			}
			return pcsFor(cmd, f).ResourceUpdate(doc, args[0], args[1:])
		})
}

func newResourceMeta() *cobra.Command {
	return editCommand("meta ID name=value... [-f FILE]", "Set meta attributes of a resource, group or clone (pcs resource meta)", nil,
		func(cmd *cobra.Command, f editFlags, doc *cib.CIB, args []string) error {
			if len(args) < 2 {
				return fmt.Errorf("usage: resource meta <resource id> <meta options>")
			}
			return pcsFor(cmd, f).ResourceMeta(doc, args[0], args[1:])
		})
}

func newResourceConfig() *cobra.Command {
	return editCommand("config [ID...] [-f FILE]", "Show resources' configuration (pcs resource config)", nil,
		func(cmd *cobra.Command, f editFlags, doc *cib.CIB, args []string) error {
			out, err := configure.PCSConfig(doc, args)
			if err != nil {
				return err
			}
			fmt.Fprint(cmd.OutOrStdout(), out)
			return errNoChange
		})
}

func newResourceGroup() *cobra.Command {
	group := &cobra.Command{Use: "group", Short: "Resource groups (pcs resource group)", Args: cobra.NoArgs}
	group.AddCommand(editCommand("add GROUP RESOURCE... [-f FILE]", "Create a group or append resources to it (pcs resource group add)", nil,
		func(cmd *cobra.Command, f editFlags, doc *cib.CIB, args []string) error {
			if len(args) < 2 {
				return fmt.Errorf("usage: resource group add <group id> <resource id>...")
			}
			return pcsFor(cmd, f).GroupAdd(doc, args[0], args[1:])
		}))
	return group
}

// defaultsCommand is `defaults [update] name=value...` for rsc or op defaults.
func defaultsCommand(op bool) *cobra.Command {
	what := "resource"
	if op {
		what = "operation"
	}
	return editCommand("defaults [update] name=value... [-f FILE]", "Set "+what+" defaults (pcs resource [op] defaults)", nil,
		func(cmd *cobra.Command, f editFlags, doc *cib.CIB, args []string) error {
			legacy := true
			if len(args) > 0 && args[0] == "update" {
				legacy, args = false, args[1:]
			}
			return pcsFor(cmd, f).Defaults(doc, op, legacy, args)
		})
}

func newResourceDefaults() *cobra.Command { return defaultsCommand(false) }

func newResourceOp() *cobra.Command {
	op := &cobra.Command{Use: "op", Short: "Operation settings (pcs resource op)", Args: cobra.NoArgs}
	op.AddCommand(defaultsCommand(true))
	return op
}

func newResourceClone() *cobra.Command {
	cmd := editCommand("clone ID [CLONE_ID] [name=value...] [meta name=value...] [--force] [-f FILE]",
		"Clone a primitive or group (pcs resource clone)", nil,
		func(cmd *cobra.Command, f editFlags, doc *cib.CIB, args []string) error {
			if len(args) < 1 {
				return fmt.Errorf("usage: resource clone <resource id | group id> [<clone id>] [meta options]")
			}
			return pcsFor(cmd, f).ResourceClone(doc, args[0], args[1:])
		})
	cmd.Long = `Clone a primitive or group (pcs resource clone): the clone is named
CLONE_ID or ID-clone, holds the name=value options as meta attributes and
replaces ID in constraints. A primitive taken from a group leaves it.

A group can be cloned, as pcs allows, but gocrm's scheduler does not run
clones of groups yet (simulate and status see only clones of primitives).`
	return cmd
}

func newResourceUnclone() *cobra.Command {
	return editCommand("unclone ID [-f FILE]", "Remove a clone, keeping what it holds (pcs resource unclone)", nil,
		func(cmd *cobra.Command, f editFlags, doc *cib.CIB, args []string) error {
			if len(args) != 1 {
				return fmt.Errorf("usage: resource unclone <clone id | resource id>")
			}
			return pcsFor(cmd, f).Unclone(doc, args[0])
		})
}
