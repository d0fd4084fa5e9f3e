// Package cluster runs whole corosync clusters on this one machine for
// integration tests, the demo and the benchmark: N nodes on a LAN, each a
// network namespace (from internal/netns, joined by a bridge in a namespace
// of its own) holding a private mount and UTS namespace, the node's "box",
// in which /run, /dev/shm, /etc/corosync, /var/lib/corosync and /var/log are
// the node's own. The daemon is gorosync or Debian's corosync (the
// flavour); both read /etc/corosync/corosync.conf and keep their pid file,
// ring id files and libqb shared memory apart from every other node's.
//
// Every process is started through the member namespace (so it is tracked
// by PID and killed by process group on Close), daemons and tools enter the
// box with nsenter, and Close deletes every namespace. Partitions take the
// node's port down inside the bridge namespace; the root namespace is never
// touched.
//
// Waiting is always polling of an observable state (a tool's output, a log
// line) with a bounded deadline; nothing sleeps to synchronise.
package cluster
