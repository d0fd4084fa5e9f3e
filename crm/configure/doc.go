// Package configure edits a CIB the way pcs 0.11.5 and crmsh 4.4.1 do:
// the same elements, the same ids, the same order. Every edit is a pure
// function on a *cib.CIB; the caller reads the file, applies one command
// and writes the file back only when the command succeeded, so a refused
// command leaves the CIB untouched.
//
// pcs.go holds the pcs dialect (resource create|delete|update|meta, group
// add, defaults, constraints, properties), crmsh.go parses and applies
// crmsh's `configure` commands, show.go prints crmsh's `configure show`
// text, ids.go the two tools' id rules and agents.go the agent metadata
// lookup both tools use to validate parameters and (pcs) to add default
// operations. pcs_clone.go and crmsh_clone.go make and remove clones;
// rule_pcs.go and rule_crmsh.go parse location rules into rule_tree.go's
// tree, which keeps the words' order because both tools number ids in it.
package configure
