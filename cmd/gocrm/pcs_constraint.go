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
	return editCommand("order [ACTION] A then [ACTION] B [kind=Mandatory|Optional|Serialize] [symmetrical=true|false] [id=ID] | order set A B [OPTION=V]... [set C ...]... [setoptions kind=..|symmetrical=..|id=..] [-f FILE]",
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
	col.AddCommand(editCommand("set A B [OPTION=V]... [set C ...]... [setoptions score=..|id=..] [-f FILE]",
		"Colocate resource sets (pcs constraint colocation set)", nil,
		func(cmd *cobra.Command, f editFlags, doc *cib.CIB, args []string) error {
			return pcsFor(cmd, f).ColocationSet(doc, append([]string{"set"}, args...))
		}))
	return col
}

func newConstraintLocation() *cobra.Command {
	cmd := editCommand("location RESOURCE prefers|avoids NODE[=SCORE]... | location RESOURCE rule [id=ID] [constraint-id=ID] [score=SCORE] EXPRESSION [-f FILE]",
		"Prefer or avoid nodes for a resource, by name or by rule (pcs constraint location)", nil,
		func(cmd *cobra.Command, f editFlags, doc *cib.CIB, args []string) error {
			if len(args) >= 2 && args[1] == "rule" {
				if len(args) < 3 {
					return fmt.Errorf("usage: constraint location <resource id> rule [id=<rule id>] [constraint-id=<id>] [score=<score>] <expression>")
				}
				return pcsFor(cmd, f).LocationRule(doc, args[0], args[2:])
			}
			if len(args) < 3 {
				return fmt.Errorf("usage: constraint location <resource id> prefers|avoids <node>[=<score>]...")
			}
			return pcsFor(cmd, f).Location(doc, args)
		})
	cmd.Long = `Rule expressions (pcs 0.11 syntax): ATTR eq|ne|lt|gt|lte|gte [string|integer|number|version] VALUE,
defined|not_defined ATTR, date gt|lt DATE, date in_range DATE to DATE|duration years=N months=N weeks=N hours=N,
joined by and/or and grouped with parentheses; #uname is the node name. role=, score-attribute= and
date-spec are refused: gocrm's scheduler does not evaluate them yet.`
	return cmd
}
