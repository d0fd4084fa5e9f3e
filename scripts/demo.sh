#!/bin/bash
# make demo: what gorosync can show today on a fresh machine (as root).
#
# The daemon is not built yet, so the demo is the configuration half: it
# creates a private network namespace that holds node haproxy-a's address
# from corosync.conf.example, and inside it checks the file as `corosync -t`
# would and prints the keys the daemon will load, as corosync-cmapctl would.
# If Debian's corosync is installed it runs the same check for comparison.
# The namespace is removed on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ]; then
	echo "make demo needs root (it creates a network namespace)" >&2
	exit 1
fi
BIN=${BIN:-bin/gorosync}
CONF=${CONF:-corosync.conf.example}
NS="gorodemo-$$"

cleanup() { ip netns del "$NS" 2>/dev/null || true; }
trap cleanup EXIT

ip netns add "$NS"
ip -n "$NS" link set lo up
ip -n "$NS" link add d0 type veth peer name d0peer
ip -n "$NS" addr add 10.231.0.1/24 dev d0
ip -n "$NS" link set d0 up
ip -n "$NS" link set d0peer up

run() { echo; echo "\$ $*"; ip netns exec "$NS" "$@"; }

run "$BIN" -t -c "$CONF" || true
run "$BIN" cmapctl --from-config "$CONF" totem. nodelist. quorum. runtime.config.totem.token runtime.config.totem.consensus
if command -v corosync >/dev/null; then
	run corosync -t -c "$CONF" || true
fi
echo
echo "(The three-node cluster demo arrives with the daemon.)"
