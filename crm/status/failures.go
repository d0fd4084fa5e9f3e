package status

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gorosync/gorosync/crm/scheduler"
)

// readableInterval prints milliseconds as crm_mon does. Each unit is
// used only when the rest is strictly larger than one of it, so 60000 is
// "60s" and 1000 is "1000ms"; seconds carry three decimals ("1.500s").
func readableInterval(ms int) string {
	if ms == 0 {
		return "0s"
	}
	var b strings.Builder
	units := []struct {
		ms   int
		name string
	}{{86400000, "d"}, {3600000, "h"}, {60000, "m"}}
	for _, u := range units {
		if ms > u.ms {
			b.WriteString(strconv.Itoa(ms/u.ms) + u.name)
			ms %= u.ms
		}
	}
	switch {
	case ms > 1000:
		b.WriteString(strconv.Itoa(ms / 1000))
		if ms%1000 != 0 {
			b.WriteString(fmt.Sprintf(".%03d", ms%1000))
		}
		b.WriteString("s")
	case ms > 0:
		b.WriteString(strconv.Itoa(ms) + "ms")
	}
	return b.String()
}

// epochText turns a last-rc-change value into ctime form in local time.
func epochText(s string) string {
	sec, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return s
	}
	return time.Unix(sec, 0).Format(ctimeLayout)
}

// listedFailures are the failures crm_mon lists: the scheduler's
// record of failed operations on online nodes (expired and masked ones
// left out while unpacking), once per operation key and node, first seen
// first, as Pacemaker's data_set->failed.
func listedFailures(c *scheduler.Cluster) []scheduler.FailedOp {
	var out []scheduler.FailedOp
	seen := map[string]bool{}
	for _, f := range c.FailedOps {
		key := f.Key() + "\x00" + f.Node.Name
		if !f.Node.Online || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, f)
	}
	return out
}

// parseOpKey splits RSC_TASK_INTERVAL as Pacemaker's parse_op_key: the
// task may hold underscores only as migrate_to/migrate_from or a
// (pre|post)_notify_<task> notification.
func parseOpKey(key string) (rsc, task string, interval int, ok bool) {
	i := strings.LastIndexByte(key, '_')
	if i <= 0 {
		return "", "", 0, false
	}
	iv, err := strconv.Atoi(key[i+1:])
	if err != nil || iv < 0 {
		return "", "", 0, false
	}
	head := key[:i]
	j := strings.LastIndexByte(head, '_')
	if j <= 0 || j == len(head)-1 {
		return "", "", 0, false
	}
	rsc, task = head[:j], head[j+1:]
	for _, long := range []string{"_migrate_to", "_migrate_from"} {
		if strings.HasSuffix(head, long) && len(head) > len(long) {
			return head[:len(head)-len(long)], long[1:], iv, true
		}
	}
	for _, when := range []string{"_pre_notify_", "_post_notify_"} {
		if k := strings.LastIndex(head, when); k > 0 && !strings.Contains(head[k+len(when):], "_") {
			return head[:k], head[k+1:], iv, true
		}
	}
	return rsc, task, iv, true
}

// actionName is crm_action_str: a non-recurring monitor is a probe.
func actionName(task string, interval int) string {
	if task == "monitor" && interval == 0 {
		return "probe"
	}
	return task
}

// friendly is the 2.1.5 "Failed Resource Actions" line
// (failed_action_friendly): resource, interval and task from the
// operation key, the exit code or, for an operation that did not
// complete, its execution status.
func friendly(f scheduler.FailedOp) string {
	rsc, task, iv, ok := parseOpKey(f.Key())
	if !ok {
		rsc, task, iv = "unknown resource", "unknown action", 0
	}
	var b strings.Builder
	b.WriteString(rsc + " ")
	if iv > 0 {
		b.WriteString(readableInterval(iv) + "-interval ")
	}
	b.WriteString(actionName(task, iv) + " on " + f.Node.Name)
	reason := f.Op.Reason()
	if st := atoi(f.Op.OpStatus, 0); st != 0 {
		b.WriteString(" could not be executed (" + scheduler.ExecStatusText(st))
		if reason != "" {
			b.WriteString(": " + reason)
		}
		b.WriteString(")")
	} else {
		b.WriteString(" returned '" + scheduler.OCFExitText(atoi(f.Op.RCCode, 0)) + "'")
		if reason != "" {
			b.WriteString(" (" + reason + ")")
		}
	}
	if _, err := strconv.ParseInt(f.Op.LastRCChange, 10, 64); err == nil {
		b.WriteString(" at " + epochText(f.Op.LastRCChange))
	}
	if ms := atoi(f.Op.ExecTime, 0); ms > 0 {
		b.WriteString(" after " + readableInterval(ms))
	}
	return b.String()
}
