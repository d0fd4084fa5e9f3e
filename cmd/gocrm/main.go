// Command gocrm is the Pacemaker-style resource manager and its CLI
// (gocrm status, gocrm configure ..., gocrm resource ...). Only the skeleton
// exists so far; the commands arrive with their issues.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stdout, "usage: gocrm <command> [args]\n\nNo commands are available yet: the resource manager is being built.")
		return 0
	}
	fmt.Fprintf(stderr, "gocrm: unknown command %q (the resource manager is not built yet)\n", args[0])
	return 2
}
