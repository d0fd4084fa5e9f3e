package cmapipc

import (
	"fmt"
	"os"
	"testing"

	"github.com/gorosync/gorosync/cmap"
)

// helperEnv set to 1 turns the test binary into a small cmap client that
// can run inside an oracle box next to a real corosync:
//
//	GOROSYNC_CMAPIPC_HELPER=1 cmapipc.test cmapipc-helper dump|dump-b|stats|probe
const helperEnv = "GOROSYNC_CMAPIPC_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "1" && len(os.Args) == 3 && os.Args[1] == "cmapipc-helper" {
		os.Exit(helperMain(os.Args[2]))
	}
	os.Exit(m.Run())
}

func helperMain(mode string) int {
	which := MapDefault
	if mode == "stats" {
		which = MapStats
	}
	cl, err := DialMap(ServiceName, which)
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		return 2
	}
	defer cl.Close()
	switch mode {
	case "probe":
		fmt.Print(probe(cl))
		fmt.Print(probeMaps(ServiceName))
		return 0
	case "dump", "dump-b", "stats":
		snap, err := cl.Snapshot("")
		if err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			return 2
		}
		if _, err := cmap.Dump(os.Stdout, snap, nil, cmap.PrintOptions{Binary: mode == "dump-b"}); err != nil {
			return 2
		}
		return 0
	}
	fmt.Fprintln(os.Stderr, "helper: unknown mode", mode)
	return 2
}
