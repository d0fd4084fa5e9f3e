package cluster

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// SyncEvent is one "Completed service synchronization" line of a daemon's
// log, with the size of the membership quorum logged before it.
type SyncEvent struct {
	At      time.Time
	Members int // from the last "[QUORUM] Members[N]:" line; 0 if none yet
}

// logStamp is libqb's hires timestamp ("Nov 22 08:58:25.212"), which both
// corosync and gorosync put first on a log file line.
const logStamp = "Jan 02 15:04:05.000"

var (
	stampRE   = regexp.MustCompile(`^([A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}) `)
	membersRE = regexp.MustCompile(`\[QUORUM\] Members\[([0-9]+)\]:`)
)

const syncDone = "Completed service synchronization"

// ParseSyncEvents finds the sync completions in a log written with
// `timestamp: hires`. The log has no year: ref's year (and location) is
// used. Lines without a timestamp are skipped.
func ParseSyncEvents(log string, ref time.Time) ([]SyncEvent, error) {
	var evs []SyncEvent
	members := 0
	sc := bufio.NewScanner(strings.NewReader(log))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for ln := 1; sc.Scan(); ln++ {
		line := sc.Text()
		if m := membersRE.FindStringSubmatch(line); m != nil {
			k, err := strconv.Atoi(m[1])
			if err != nil {
				return evs, fmt.Errorf("log line %d: %q: %v", ln, line, err)
			}
			members = k
			continue
		}
		if !strings.Contains(line, syncDone) {
			continue
		}
		m := stampRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		t, err := time.ParseInLocation(logStamp, m[1], ref.Location())
		if err != nil {
			return evs, fmt.Errorf("log line %d: %q: %v", ln, line, err)
		}
		t = t.AddDate(ref.Year(), 0, 0)
		evs = append(evs, SyncEvent{At: t, Members: members})
	}
	return evs, sc.Err()
}

// SyncAfter returns the first sync completion in the node's log at or after
// `after` (to the log's millisecond) whose ring had `members` members.
func (n *Node) SyncAfter(after time.Time, members int) (time.Time, bool, error) {
	raw, err := os.ReadFile(n.LogFile())
	if os.IsNotExist(err) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, err
	}
	evs, err := ParseSyncEvents(string(raw), after)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%s: %w", n.LogFile(), err)
	}
	floor := after.Truncate(time.Millisecond)
	for _, e := range evs {
		if !e.At.Before(floor) && e.Members == members {
			return e.At, true, nil
		}
	}
	return time.Time{}, false, nil
}

// SyncedAfter is a Condition: the node's log shows a sync completion of a
// ring of `members` members at or after `after`.
func (n *Node) SyncedAfter(after time.Time, members int) Condition {
	return func(context.Context) (bool, string, error) {
		_, ok, err := n.SyncAfter(after, members)
		return ok, fmt.Sprintf("%s: no sync of %d members since %s", n.Name, members, after.Format(logStamp)), err
	}
}

// LogMark is a position in a node's log: how much had been written when
// Mark was called. Log timestamps cannot order events a few ms apart
// (corosync's lines have been seen stamped a few ms before an event that
// caused them), positions can.
type LogMark int64

// Mark is the current end of the node's log (0 if there is none yet).
func (n *Node) Mark() LogMark {
	st, err := os.Stat(n.LogFile())
	if err != nil {
		return 0
	}
	return LogMark(st.Size())
}

// LogAfter is what the node's log gained after m ("" if no log yet).
func (n *Node) LogAfter(m LogMark) (string, error) {
	raw, err := os.ReadFile(n.LogFile())
	if os.IsNotExist(err) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if int64(m) > int64(len(raw)) {
		return "", fmt.Errorf("%s: log shrank below mark %d (now %d bytes)", n.LogFile(), m, len(raw))
	}
	return string(raw[m:]), nil
}

// SyncedSince is a Condition: the node's log gained, after m, a sync
// completion of a ring of `members` members.
func (n *Node) SyncedSince(m LogMark, members int) Condition {
	return func(context.Context) (bool, string, error) {
		log, err := n.LogAfter(m)
		if err != nil {
			return false, "", err
		}
		evs, err := ParseSyncEvents(log, time.Now())
		if err != nil {
			return false, "", fmt.Errorf("%s: %w", n.LogFile(), err)
		}
		for _, e := range evs {
			if e.Members == members {
				return true, "", nil
			}
		}
		return false, fmt.Sprintf("%s: no sync of %d members in the log since mark %d:\n%s", n.Name, members, m, log), nil
	}
}
