// Package corotool renders the text of Corosync 3.1.7's
// corosync-quorumtool and corosync-cfgtool, byte for byte, from plain
// data the caller gathered (over IPC from gorosync or a real corosync),
// and parses their command lines the way their getopt loops do.
// Nothing here does I/O: the clock and name resolution are injected.
package corotool
