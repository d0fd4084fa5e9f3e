package status

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
)

// OraclePath is where Debian installs crm_mon.
const OraclePath = "/usr/sbin/crm_mon"

// FindOracle returns the crm_mon binary, or "" if none is installed.
func FindOracle() string {
	if p, err := exec.LookPath("crm_mon"); err == nil {
		return p
	}
	if _, err := os.Stat(OraclePath); err == nil {
		return OraclePath
	}
	return ""
}

// RunOracle runs `CIB_file=file crm_mon -1 args...` and returns stdout.
func RunOracle(ctx context.Context, bin, file string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, bin, append([]string{"-1"}, args...)...)
	cmd.Env = append(os.Environ(), "CIB_file="+file, "LC_ALL=C")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("crm_mon: %v: %s", err, stderr.String())
	}
	return stdout.String(), nil
}

var (
	updatedText = regexp.MustCompile(`(?m)^(  \* Last updated: ).*$`)
	updatedXML  = regexp.MustCompile(`<last_update time="[^"]*"/>`)
	requestPath = regexp.MustCompile(`request="[^" ]*/crm_mon `)
)

// Normalize blanks the "Last updated" time, the one part of crm_mon's
// output that depends on when it ran, and drops the directory from the
// command line crm_mon echoes in its XML request attribute.
func Normalize(out string) string {
	out = updatedText.ReplaceAllString(out, "${1}NOW")
	out = requestPath.ReplaceAllString(out, `request="crm_mon `)
	return updatedXML.ReplaceAllString(out, `<last_update time="NOW"/>`)
}
