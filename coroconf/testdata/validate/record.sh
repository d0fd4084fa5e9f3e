#!/bin/sh
# record.sh [FILE.conf...]: write FILE.expected from the real corosync -t.
cd "$(dirname "$0")" || exit 1
[ $# -gt 0 ] || set -- *.conf
for f in "$@"; do
	err=$(corosync -t -c "$f" 2>&1 >/dev/null)
	rc=$?
	printf 'exit: %d\n%s\n' "$rc" "$err" > "${f%.conf}.expected"
done
