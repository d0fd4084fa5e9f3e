package main

import (
	"fmt"
	"io"
)

// quorumtool and cfgtool are IPC clients of a running daemon; the daemon
// (and its IPC) is not built yet, so they fail the way the corosync tools do
// when no daemon answers.
func quorumtool(_ string, _ []string, _ io.Reader, _, stderr io.Writer) int {
	fmt.Fprintln(stderr, "Cannot initialize CMAP service")
	return 1
}

func cfgtool(_ string, _ []string, _ io.Reader, _, stderr io.Writer) int {
	fmt.Fprintln(stderr, "Could not initialize corosync configuration API error 2")
	return 1
}
