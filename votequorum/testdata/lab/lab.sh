#!/bin/bash
# Lab run against the REAL corosync 3.1.7 (Debian) in private namespaces.
# shared/tools/realcluster.sh creates/deletes the network (own prefix,
# state dir and subnet, so it cannot collide with other users); each node's
# corosync runs in its own mount namespace (tmpfs /run and /dev/shm, bind
# mounts for /etc/corosync, /var/lib/corosync, /var/log/corosync) started
# here and signalled only by its recorded PID. Records tool outputs per
# scenario under $OUT; the Go tests quote what was seen. Not run by go test.
set -u
T=/work/shared/tools/realcluster.sh
export RC_PREFIX=vq RC_STATE=/var/tmp/vq-realcluster RC_NET=10.214.0 RC_TOKEN=1000 RC_TRANSPORT=udpu
OUT=${OUT:-/tmp/vqlab}
mkdir -p "$OUT"
D=$RC_STATE

x() { # k cmd... -- run inside node k's net+mount namespaces
	local k=$1; shift
	local p; p=$(cat "$D/n$k/cs.pid" 2>/dev/null)
	[ -n "$p" ] && kill -0 "$p" 2>/dev/null || { echo "n$k: not running"; return 125; }
	nsenter -t "$p" -n -m -- "$@"
}
start() {
	local k
	for k in "$@"; do
		local d=$D/n$k; mkdir -p "$d/etc" "$d/lib" "$d/log"
		setsid ip netns exec "vq-n$k" unshare --mount --propagation private -- bash -c "
			mount -t tmpfs vq-run /run && mount -t tmpfs -o mode=1777 vq-shm /dev/shm &&
			mount --bind $d/etc /etc/corosync && mount --bind $d/lib /var/lib/corosync &&
			mount --bind $d/log /var/log/corosync && exec corosync -f -c /etc/corosync/corosync.conf" \
			</dev/null >"$d/cs.out" 2>&1 &
		echo $! >"$d/cs.pid"
	done
}
kill_() { # k [SIG]
	local p; p=$(cat "$D/n$1/cs.pid" 2>/dev/null); [ -n "$p" ] || return 0
	kill -"${2:-KILL}" "$p" 2>/dev/null
	local i; for i in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
	kill -0 "$p" 2>/dev/null && kill -KILL "$p"
	rm -f "$D/n$1/cs.pid"
}
st() { x "$1" corosync-quorumtool -s 2>&1; }
nodes_of() { st "$1" | awk '/^Nodes:/{print $2}'; }
waitn() { # k want_nodes timeout_s
	local i; for i in $(seq 1 $(($3 * 10))); do [ "$(nodes_of "$1")" = "$2" ] && return 0; sleep 0.1; done
	echo "TIMEOUT waiting n$1 nodes=$2" >>"$OUT/$S/log"; return 1
}
cap() { # tag k
	local f="$OUT/$S/$1.n$2"
	x "$2" corosync-quorumtool -s >"$f.quorumtool-s.txt" 2>&1; echo "# exit code: $?" >>"$f.quorumtool-s.txt"
	x "$2" corosync-cmapctl runtime.votequorum >"$f.cmap-votequorum.txt" 2>&1
	x "$2" corosync-cfgtool -s >"$f.cfgtool-s.txt" 2>&1; echo "# exit code: $?" >>"$f.cfgtool-s.txt"
}
conf() { # n quorum-lines...
	local n=$1; shift
	RC_N=$n "$T" conf 2>/dev/null
	local k extra; extra=$(printf '\t%s\\n' "$@")
	for k in $(seq 1 "$n"); do
		mkdir -p "$D/n$k/etc" "$D/n$k/lib" "$D/n$k/log"
		sed "s/^\tprovider: corosync_votequorum$/\tprovider: corosync_votequorum\n${extra}/" \
			"$D/n$k/etc-corosync/corosync.conf" >"$D/n$k/etc/corosync.conf"
		: >"$D/n$k/log/corosync.log"; rm -f "$D/n$k/lib/"*
	done
	mkdir -p "$OUT/$S"; cp "$D/n1/etc/corosync.conf" "$OUT/$S/corosync.conf"
}
finish() { # n
	local k; for k in $(seq 1 "$1"); do
		kill_ "$k" TERM; cp "$D/n$k/log/corosync.log" "$OUT/$S/n$k.corosync.log" 2>/dev/null
		cp "$D/n$k/cs.out" "$OUT/$S/n$k.cs.out" 2>/dev/null
	done
}

"$T" up 4 2>"$OUT/up.log"

S=lms3; conf 3 "last_man_standing: 1" "last_man_standing_window: 3000"
start 1 2 3; waitn 1 3 20; sleep 1; for k in 1 2 3; do cap all $k; done
R=$OUT/$S; x 1 corosync-quorumtool -l >$R/l.n1.txt 2>&1
for o in -p -H -i -a "-o n" "-o i" "-l -p" "-l -H"; do x 2 corosync-quorumtool -s $o >"$R/opt$(printf %s "$o" | tr -d ' -').n2.txt" 2>&1; echo "# exit code: $?" >>"$R/opt$(printf %s "$o" | tr -d ' -').n2.txt"; done
for o in -b " -n" "-a 3" "-a 9" "-s -b" -R; do x 2 corosync-cfgtool $o >"$R/cfg$(printf %s "$o" | tr -d ' -').n2.txt" 2>&1; echo "# exit code: $?" >>"$R/cfg$(printf %s "$o" | tr -d ' -').n2.txt"; done
kill_ 3; waitn 1 2 15; cap left3-early 1; sleep 4; cap left3-late 1
x 1 corosync-cfgtool -s -b >"$R/cfgsb-after.n1.txt" 2>&1; echo "# exit code: $?" >>"$R/cfgsb-after.n1.txt"
x 1 corosync-cfgtool -n >"$R/cfgn-after.n1.txt" 2>&1; echo "# exit code: $?" >>"$R/cfgn-after.n1.txt"
kill_ 2; waitn 1 1 15; cap left2-early 1; sleep 4; cap left2-late 1
finish 3

S=lmsatb4; conf 4 "last_man_standing: 1" "last_man_standing_window: 3000" "auto_tie_breaker: 1"
start 1 2 3 4; waitn 1 4 20; sleep 1; cap all 1
kill_ 4; waitn 1 3 15; sleep 4; cap left4 1
kill_ 3; waitn 1 2 15; sleep 4; cap left3 1
kill_ 2; waitn 1 1 15; cap left2-early 1; sleep 4; cap left2-late 1
finish 4

S=atblms3odd; conf 3 "last_man_standing: 1" "auto_tie_breaker: 1"
start 1; sleep 3; cap alone 1; finish 1

S=wfa2; conf 2 "two_node: 1"
start 1; sleep 3; cap alone 1
start 2; waitn 1 2 15; sleep 1; cap both 1; cap both 2
kill_ 2; waitn 1 1 15; cap left2 1
finish 2

S=twonode3; conf 3 "two_node: 1"
start 1 2 3; waitn 1 3 20; sleep 1; cap all 1
kill_ 3; waitn 1 2 15; cap left3 1
kill_ 2; waitn 1 1 15; cap left2 1
finish 3

S=atb4; conf 4 "auto_tie_breaker: 1"
start 1 2 3 4; waitn 1 4 20; sleep 1; cap all 1
kill_ 3; kill_ 4; waitn 1 2 15; cap left34 1; cap left34 2
finish 4

S=atb4high; conf 4 "auto_tie_breaker: 1" "auto_tie_breaker_node: highest"
start 1 2 3 4; waitn 1 4 20; sleep 1; cap all 1
kill_ 3; kill_ 4; waitn 1 2 15; cap left34 1
finish 4

S=ev3; conf 3 "expected_votes: 2"
start 1; sleep 3; cap alone 1
start 2 3; waitn 1 3 20; sleep 1; cap all 1
finish 3

S=votes3; conf 3
sed -i '0,/nodeid: 1$/s//nodeid: 1\n\t\tquorum_votes: 2/' "$D"/n*/etc/corosync.conf; cp "$D/n1/etc/corosync.conf" "$OUT/$S/corosync.conf"
start 1 2 3; waitn 1 3 20; sleep 1; cap all 1; cap all 2
kill_ 1; waitn 2 2 15; cap left1 2
finish 3

S=downscale3; conf 3 "allow_downscale: 1"
start 1 2 3; waitn 1 3 20; sleep 1; cap all 1
kill_ 3 TERM; waitn 1 2 15; sleep 1; cap left3 1
finish 3

S=qdev2n; conf 2 "two_node: 1" "device {" "model: net" "}"
start 1; sleep 3; cap alone 1; finish 1

"$T" down 2>>"$OUT/down.log"
echo DONE >"$OUT/DONE"
