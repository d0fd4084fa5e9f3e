// Package clustertest holds the daemon's integration tests: real gorosync
// processes (and Debian's corosync for comparison) talking UDP between
// network namespaces, driven by internal/cluster. It has no non-test code.
//
// The tests need root and network namespaces; without them they skip, or
// fail under GOROSYNC_NO_SKIP=1.
package clustertest
