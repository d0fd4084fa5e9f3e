package cluster

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// A real `corosync-quorumtool -s` output (samples/corosync-n2-udpu-two_node).
const twoNodeQuorum = `Quorum information
------------------
Date:             Sun Nov 22 09:09:40 2026
Quorum provider:  corosync_votequorum
Nodes:            2
Node ID:          1
Ring ID:          1.1e
Quorate:          Yes

Votequorum information
----------------------
Expected votes:   2
Highest expected: 2
Total votes:      2
Quorum:           1  
Flags:            2Node Quorate WaitForAll 

Membership information
----------------------
    Nodeid      Votes Name
         1          1 n1 (local)
         2          1 n2
`

func TestParseQuorum(t *testing.T) {
	q, err := ParseQuorum(twoNodeQuorum)
	if err != nil {
		t.Fatal(err)
	}
	if q.Nodes != 2 || q.NodeID != 1 || q.RingID != "1.1e" || !q.Quorate || q.Expected != 2 ||
		q.Highest != 2 || q.Total != 2 || q.Quorum != 1 {
		t.Errorf("header fields: %+v", q)
	}
	if !q.HasFlag("WaitForAll") || !q.HasFlag("2Node") || q.HasFlag("AutoTieBreaker") {
		t.Errorf("flags %q", q.Flags)
	}
	want := []Member{{ID: 1, Votes: 1, Name: "n1", Local: true}, {ID: 2, Votes: 1, Name: "n2"}}
	if !slices.Equal(q.Members, want) {
		t.Errorf("members %+v", q.Members)
	}
	if !Ring(true, 1, 2)(q) || Ring(false, 1, 2)(q) || Ring(true, 1)(q) || Ring(true, 2, 1)(q) {
		t.Error("Ring predicate")
	}
	// Not quorate, "Activity blocked" after the quorum number.
	nq := strings.Replace(strings.Replace(twoNodeQuorum, "Quorate:          Yes", "Quorate:          No", 1),
		"Quorum:           1  ", "Quorum:           2 Activity blocked", 1)
	q, err = ParseQuorum(nq)
	if err != nil || q.Quorate || q.Quorum != 2 {
		t.Errorf("inquorate: %+v %v", q, err)
	}
	if _, err := ParseQuorum("Nodes:            two\n"); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad number: %v", err)
	}
	if _, err := ParseQuorum("    Nodeid      Votes Name\n  x 1 n1\n"); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("bad member row: %v", err)
	}
}

const syncLog = `Nov 22 10:15:18.860 [31423] n1 corosync notice  [TOTEM ] A new membership (1.5) was formed. Members joined: 1
Nov 22 10:15:18.860 [31423] n1 corosync notice  [QUORUM] Sync members[1]: 1
Nov 22 10:15:18.861 [31423] n1 corosync notice  [QUORUM] Members[1]: 1
Nov 22 10:15:18.861 [31423] n1 corosync notice  [MAIN  ] Completed service synchronization, ready to provide service.
Nov 22 10:15:18.988 [31423] n1 corosync notice  [QUORUM] Sync members[3]: 1 2 3
Nov 22 10:15:19.003 [31423] n1 corosync notice  [QUORUM] Members[3]: 1 2 3
Nov 22 10:15:19.003 [31423] n1 corosync notice  [MAIN  ] Completed service synchronization, ready to provide service.
`

func TestParseSyncEvents(t *testing.T) {
	ref := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	evs, err := ParseSyncEvents(syncLog, ref)
	if err != nil {
		t.Fatal(err)
	}
	want := []SyncEvent{
		{At: time.Date(2026, 11, 22, 10, 15, 18, 861e6, time.UTC), Members: 1},
		{At: time.Date(2026, 11, 22, 10, 15, 19, 3e6, time.UTC), Members: 3},
	}
	if !slices.Equal(evs, want) {
		t.Fatalf("got %+v", evs)
	}
	// "Sync members[3]" alone does not count as a membership of 3.
	evs, _ = ParseSyncEvents(strings.Replace(syncLog, "[QUORUM] Members[3]: 1 2 3", "[QUORUM] Sync members[3]: 1 2 3", 1), ref)
	if len(evs) != 2 || evs[1].Members != 1 {
		t.Errorf("sync members counted: %+v", evs)
	}
}

func TestParseStatTicks(t *testing.T) {
	// A command name with blanks and a parenthesis; utime 17, stime 25.
	stat := "4242 (go ros) ync) S 1 4242 4242 0 -1 4194560 500 0 0 0 17 25 0 0 20 0 9 0 100 1000 200\n"
	n, err := parseStatTicks(stat)
	if err != nil || n != 42 {
		t.Fatalf("got %d, %v", n, err)
	}
	if _, err := parseStatTicks("4242 (x) S 1 2"); err == nil {
		t.Error("short stat accepted")
	}
}

func FuzzParseQuorum(f *testing.F) {
	f.Add(twoNodeQuorum)
	f.Add("Quorum:           2 Activity blocked\n    Nodeid      Votes Name\n 0x1 1 n1 (local)\n")
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuorum(s)
		if err == nil && len(q.IDs()) != len(q.Members) {
			t.Fatal("IDs and Members disagree")
		}
	})
}

func FuzzParseSyncEvents(f *testing.F) {
	f.Add(syncLog)
	f.Add("Feb 29 23:59:59.999 [1] n corosync notice  [MAIN  ] Completed service synchronization\n")
	ref := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		evs, err := ParseSyncEvents(s, ref)
		if err != nil {
			return
		}
		if len(evs) > strings.Count(s, syncDone) {
			t.Fatalf("%d events from %d sync lines", len(evs), strings.Count(s, syncDone))
		}
	})
}

func FuzzParseStatTicks(f *testing.F) {
	f.Add("4242 (gorosync) S 1 4242 4242 0 -1 4194560 500 0 0 0 17 25 0 0 20 0 9 0 100 1000 200\n")
	f.Fuzz(func(t *testing.T, s string) { parseStatTicks(s) })
}

func TestCPUNanosSelf(t *testing.T) {
	a, err := cpuNanos(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	// Burn some CPU so the counter must move.
	x := 0
	for i := 0; i < 50_000_000; i++ {
		x += i
	}
	b, err := cpuNanos(os.Getpid())
	if err != nil || b <= a {
		t.Fatalf("cpu time %d then %d (%v) %d", a, b, err, x)
	}
	if _, err := rssKiB(os.Getpid()); err != nil {
		t.Fatal(err)
	}
}
