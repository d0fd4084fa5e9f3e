package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gorosync/gorosync/crm/cib"
)

func init() {
	constraintSubcommands = append(constraintSubcommands, newConstraintOrder, newConstraintColocation, newConstraintLocation)
}

func newConstraintOrder() *cobra.Command {
	return editCommand("order [ACTION] A then [ACTION] B [kind=Mandatory|Optional|Serialize] [symmetrical=true|false] [id=ID] [-f FILE]",
		"Order two resources (pcs constraint order)", nil,
		func(cmd *cobra.Command, f editFlags, doc *cib.CIB, args []string) error {
			return pcsFor(cmd, f).Order(doc, args)
		})
}

func newConstraintColocation() *cobra.Command {
	col := &cobra.Command{Use: "colocation", Short: "Colocation constraints (pcs constraint colocation)", Args: cobra.NoArgs}
	col.AddCommand(editCommand("add A with B [SCORE] [id=ID] [-f FILE]",
		"Place A where B runs (pcs constraint colocation add)", nil,
		func(cmd *cobra.Command, f editFlags, doc *cib.CIB, args []string) error {
			return pcsFor(cmd, f).Colocation(doc, args)
		}))
	return col
}

func newConstraintLocation() *cobra.Command {
	return editCommand("location RESOURCE prefers|avoids NODE[=SCORE]... [-f FILE]",
		"Prefer or avoid nodes for a resource (pcs constraint location)", nil,
		func(cmd *cobra.Command, f editFlags, doc *cib.CIB, args []string) error {
			if len(args) < 3 {
				return fmt.Errorf("usage: constraint location <resource id> prefers|avoids <node>[=<score>]...")
			}
			return pcsFor(cmd, f).Location(doc, args)
		})
}
