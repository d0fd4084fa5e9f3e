// Package ipctest holds the integration tests of the quorum, votequorum
// and cfg IPC services and of gorosync's quorumtool and cfgtool: against a
// real corosync 3.1.7 in an oracle box, and Debian's tools against our
// services in a private network namespace. It has no API.
package ipctest
