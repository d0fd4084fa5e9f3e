package main

import (
	"github.com/spf13/cobra"

	"github.com/gorosync/gorosync/crm/cib"
)

func init() {
	propertySubcommands = append(propertySubcommands, newPropertySet)
}

func newPropertySet() *cobra.Command {
	return editCommand("set name=value... [--force] [-f FILE]", "Set cluster properties (pcs property set)", nil,
		func(cmd *cobra.Command, f editFlags, doc *cib.CIB, args []string) error {
			return pcsFor(cmd, f).PropertySet(doc, args)
		})
}
