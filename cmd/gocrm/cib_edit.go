package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/configure"
)

// configureAgents is the agent lookup of the configuration commands;
// tests swap in a recorded table.
var configureAgents = configure.DefaultAgents

// editFlags are the options pcs and crmsh take around a command. The
// commands parse their own flags so that scores such as -INFINITY and
// crmsh's "-inf:" stay arguments.
type editFlags struct {
	file     string
	force    bool
	disabled bool
	group    string
	help     bool
}

// parseEditFlags separates the known flags from the arguments; allowed
// lists the long flags a command takes besides -f/--force/--help.
func parseEditFlags(args []string, allowed ...string) (editFlags, []string, error) {
	var f editFlags
	var rest []string
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(a, "=")
		needVal := func() (string, error) {
			if hasVal {
				return val, nil
			}
			if i+1 >= len(args) {
				return "", fmt.Errorf("option %s needs a value", name)
			}
			i++
			return args[i], nil
		}
		var err error
		switch {
		case a == "--":
			rest = append(rest, args[i+1:]...)
			return f, rest, nil
		case name == "-f" || name == "--file":
			f.file, err = needVal()
		case a == "--force" || a == "-F":
			f.force = true
		case a == "-h" || a == "--help":
			f.help = true
		case a == "--disabled" && ok["disabled"]:
			f.disabled = true
		case name == "--group" && ok["group"]:
			f.group, err = needVal()
		case strings.HasPrefix(a, "--"):
			err = fmt.Errorf("unknown option %s", name)
		default:
			rest = append(rest, a)
		}
		if err != nil {
			return f, nil, err
		}
	}
	return f, rest, nil
}

// editCommand builds a subcommand that edits the CIB file: parse flags,
// load, apply fn, write atomically only on success.
func editCommand(use, short string, allowed []string, fn func(cmd *cobra.Command, f editFlags, doc *cib.CIB, args []string) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:                use,
		Short:              short,
		DisableFlagParsing: true,
		SilenceErrors:      true,
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		f, rest, err := parseEditFlags(args, allowed...)
		if err == nil && f.help {
			return cmd.Help()
		}
		if err == nil {
			err = editFile(f.file, func(doc *cib.CIB) error { return fn(cmd, f, doc, rest) })
		}
		if err != nil {
			cmd.PrintErrln("Error:", err)
			return exitError(1)
		}
		return nil
	}
	return cmd
}

// cibPath is -f FILE, else $CIB_file.
func cibPath(file string) (string, error) {
	if file == "" {
		file = os.Getenv("CIB_file")
	}
	if file == "" {
		return "", fmt.Errorf("no CIB given: use -f FILE (or set CIB_file); a running cluster is not supported yet")
	}
	return file, nil
}

// errNoChange lets a read-only command (show, config) skip the write.
var errNoChange = fmt.Errorf("no change")

// editFile applies fn to the CIB in file and writes it back atomically
// with the epoch bumped; on any error the file is left as it was.
func editFile(file string, fn func(*cib.CIB) error) error {
	path, err := cibPath(file)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	doc, err := cib.Parse(path, data)
	if err != nil {
		return err
	}
	validBefore := doc.Validate() == nil
	if err := fn(doc); err != nil {
		if err == errNoChange {
			return nil
		}
		return err
	}
	if validBefore {
		if err := doc.Validate(); err != nil {
			return fmt.Errorf("%s: the change would make the CIB invalid: %w", path, err)
		}
	}
	if n, err := strconv.Atoi(doc.Epoch); err == nil {
		doc.Epoch = strconv.Itoa(n + 1)
	}
	doc.NumUpdates = "0"
	out, err := doc.Marshal()
	if err != nil {
		return err
	}
	if bytes.Equal(out, data) {
		return nil
	}
	perm := os.FileMode(0o600)
	if st, err := os.Stat(path); err == nil {
		perm = st.Mode().Perm()
	}
	return doc.WriteFile(path, perm)
}

// stderrWarner prints warnings with an optional prefix.
func stderrWarner(w io.Writer, prefix string) configure.Warner {
	return func(msg string) { fmt.Fprintln(w, prefix+msg) }
}
