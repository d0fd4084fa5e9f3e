#!/bin/bash
# make demo: a 3-node gorosync cluster on this machine, in network
# namespaces (root only). internal/cluster/cmd/clusterdemo builds it, prints
# `gorosync quorumtool -s` from every node, SIGKILLs n3, waits until n1 and
# n2 have formed a new quorate ring, prints again, and removes every
# namespace and process it made (also on Ctrl-C).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ]; then
	echo "make demo needs root (it creates network namespaces): sudo make demo" >&2
	exit 1
fi
GO=${GO:-go}
BIN=${BIN:-bin/gorosync}
[ -x "$BIN" ] || $GO build -o "$BIN" ./cmd/gorosync
exec $GO run ./internal/cluster/cmd/clusterdemo -bin "$BIN"
