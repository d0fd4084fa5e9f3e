// Command gocrm is the Pacemaker-style resource manager and its CLI. So far
// it offers `gocrm simulate`, the crm_simulate equivalent; status,
// configure, resource and the daemon arrive with their issues.
package main

import (
	"io"
	"os"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run executes one command line and returns the exit status; tests call it
// directly.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		if e, ok := err.(exitError); ok {
			return int(e)
		}
		return 2
	}
	return 0
}
