package netns

import (
	"context"
	"errors"
	"os"
	"regexp"
	"strconv"
	"syscall"
)

// staleName matches the names newName makes; group 1 is the creator's pid.
var staleName = regexp.MustCompile(`^` + namePrefix + `([0-9]+)-[0-9]+(b|m[0-9]+)?$`)

// sweepStale deletes namespaces left behind by a test binary of this package
// that died before its cleanup ran (e.g. killed by a test timeout). Only
// names made by newName whose creating process is gone and which hold no
// process are removed.
func sweepStale() {
	ents, err := os.ReadDir("/run/netns")
	if err != nil {
		return
	}
	for _, e := range ents {
		m := staleName.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		pid, err := strconv.Atoi(m[1])
		if err != nil || pid == os.Getpid() {
			continue
		}
		if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
			continue // creator alive (or not ours to judge)
		}
		if pids, err := nsPIDs(e.Name()); err != nil || len(pids) > 0 {
			continue
		}
		_ = ipRun(context.Background(), nil, "netns", "delete", e.Name())
	}
}
