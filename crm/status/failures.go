package status

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// rcTexts are the OCF exit code names crm_mon prints.
var rcTexts = map[int]string{
	0: "ok", 1: "error", 2: "invalid parameter", 3: "unimplemented feature",
	4: "insufficient privileges", 5: "not installed", 6: "not configured",
	7: "not running", 8: "promoted", 9: "promoted (failed)", 190: "OCF_DEGRADED",
	191: "promoted (degraded)",
}

func rcText(rc int) string {
	if s, ok := rcTexts[rc]; ok {
		return s
	}
	return "unknown"
}

// execStatusTexts name the executor's op-status values.
var execStatusTexts = map[int]string{
	-1: "pending", 0: "complete", 1: "Cancelled", 2: "Timed Out", 3: "NOT SUPPORTED",
	4: "Error", 5: "Not installed", 6: "Not connected", 7: "Invalid parameter",
	8: "Hard error", 9: "Fatal error", 10: "Not installed",
}

func execStatusText(st int) string {
	if s, ok := execStatusTexts[st]; ok {
		return s
	}
	return "UNKNOWN!"
}

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

// friendly is the 2.1.5 "Failed Resource Actions" line.
func friendly(f failure) string {
	var b strings.Builder
	b.WriteString(f.rsc + " ")
	if iv := atoi(f.op.Interval, 0); iv > 0 {
		b.WriteString(readableInterval(iv) + "-interval ")
	}
	task := f.op.Operation
	if task == "monitor" && atoi(f.op.Interval, 0) == 0 {
		task = "probe" // crm_mon's name for a non-recurring monitor
	}
	b.WriteString(task + " on " + f.node)
	if st := atoi(f.op.OpStatus, 0); st != 0 {
		b.WriteString(" could not be executed (" + execStatusText(st))
		if f.op.Reason() != "" {
			b.WriteString(": " + f.op.Reason())
		}
		b.WriteString(")")
	} else {
		b.WriteString(" returned '" + rcText(f.rc) + "'")
		if f.op.Reason() != "" {
			b.WriteString(" (" + f.op.Reason() + ")")
		}
	}
	if f.op.LastRCChange != "" {
		b.WriteString(" at " + epochText(f.op.LastRCChange))
	}
	if ms := atoi(f.op.ExecTime, 0); ms > 0 {
		b.WriteString(" after " + readableInterval(ms))
	}
	return b.String()
}
