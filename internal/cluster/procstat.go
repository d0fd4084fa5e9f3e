package cluster

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Usage is a process's resource use over a measuring window.
type Usage struct {
	CPUPercent float64 // user+system time / wall time, in % of one CPU
	RSSKiB     int64   // VmRSS at the end of the window
}

// userHZ is the unit of /proc/PID/stat's times: USER_HZ, 100 on Linux
// whatever the kernel's HZ.
const userHZ = 100

// MeasureUsage samples each pid's CPU time at the start and end of a window
// of length d and its RSS at the end.
func MeasureUsage(ctx context.Context, pids []int, d time.Duration) ([]Usage, error) {
	start := make([]int64, len(pids))
	for i, p := range pids {
		t, err := cpuNanos(p)
		if err != nil {
			return nil, err
		}
		start[i] = t
	}
	t0 := time.Now()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-timer.C:
	}
	wall := time.Since(t0).Seconds()
	us := make([]Usage, len(pids))
	for i, p := range pids {
		t, err := cpuNanos(p)
		if err != nil {
			return nil, err
		}
		rss, err := rssKiB(p)
		if err != nil {
			return nil, err
		}
		us[i] = Usage{CPUPercent: float64(t-start[i]) / 1e9 / wall * 100, RSSKiB: rss}
	}
	return us, nil
}

// cpuNanos is the CPU time pid has used, in ns: the sum of its threads'
// /proc/PID/task/TID/schedstat run times (nanosecond resolution; an idle
// daemon uses well under one USER_HZ tick per second). Without schedstat it
// falls back to /proc/PID/stat's utime+stime.
func cpuNanos(pid int) (int64, error) {
	dir := "/proc/" + strconv.Itoa(pid) + "/task"
	ents, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	var sum int64
	for _, e := range ents {
		b, err := os.ReadFile(dir + "/" + e.Name() + "/schedstat")
		if err != nil {
			if os.IsNotExist(err) && e.Name() != strconv.Itoa(pid) {
				continue // the thread just ended
			}
			t, terr := cpuTicks(pid)
			return t * (1e9 / userHZ), terr
		}
		f := strings.Fields(string(b))
		if len(f) == 0 {
			return 0, fmt.Errorf("proc %d: empty schedstat", pid)
		}
		ns, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("proc %d: schedstat %q: %v", pid, b, err)
		}
		sum += ns
	}
	return sum, nil
}

// cpuTicks is utime+stime of pid, from /proc/PID/stat.
func cpuTicks(pid int) (int64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	return parseStatTicks(string(b))
}

// parseStatTicks reads fields 14 and 15 (utime, stime) of a /proc/PID/stat
// line; the command name (field 2) may hold blanks and parentheses, so
// counting starts after its last ')'.
func parseStatTicks(stat string) (int64, error) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, fmt.Errorf("proc stat: no command field in %q", stat)
	}
	f := strings.Fields(stat[i+1:])
	// f[0] is field 3 (state), so field k is f[k-3].
	if len(f) < 13 {
		return 0, fmt.Errorf("proc stat: %d fields after the command", len(f))
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	s, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("proc stat: bad utime/stime %q %q", f[11], f[12])
	}
	return u + s, nil
}

// rssKiB is VmRSS of pid, from /proc/PID/status.
func rssKiB(pid int) (int64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(v)
			if len(f) == 0 {
				break
			}
			return strconv.ParseInt(f[0], 10, 64)
		}
	}
	return 0, fmt.Errorf("proc %d: no VmRSS", pid)
}
