# Formats `go test -bench Ring3Delivery` output (BenchmarkRing3Delivery in
# bench_test.go) as a table: one row per payload size with messages/s,
# MB/s and allocations per delivered message. Other lines pass through
# only when they report a failure.
#
#   go test -run '^$' -bench Ring3Delivery ./totem/sim | awk -f totem/sim/benchtable.awk

/^BenchmarkRing3Delivery\// {
	name = $1
	sub(/^BenchmarkRing3Delivery\//, "", name)
	sub(/-[0-9]+$/, "", name)
	delete v
	for (i = 3; i < NF; i += 2) v[$(i + 1)] = $i
	if (!header++) {
		print "simulated 3-node ring, ordered delivery at all nodes (totempg packing/fragmentation included)"
		printf "%-8s %14s %10s %12s\n", "payload", "messages/s", "MB/s", "allocs/msg"
	}
	printf "%-8s %14.0f %10.2f %12.2f\n", name, v["msgs/s"], v["MB/s"], v["allocs/msg"]
	rows++
	next
}
/^(FAIL|--- FAIL|panic:)/ { print; failed = 1 }
END {
	if (failed || rows == 0) {
		if (rows == 0) print "benchtable: no BenchmarkRing3Delivery results" > "/dev/stderr"
		exit 1
	}
}
