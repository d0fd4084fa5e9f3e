package simulate

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// OraclePath is where Debian installs crm_simulate.
const OraclePath = "/usr/sbin/crm_simulate"

// FindOracle returns the crm_simulate binary, or "" if none is installed.
func FindOracle() string {
	if p, err := exec.LookPath("crm_simulate"); err == nil {
		return p
	}
	if _, err := os.Stat(OraclePath); err == nil {
		return OraclePath
	}
	return ""
}

// RunOracle runs `crm_simulate -S -x FILE [args]` on cibXML in dir (a scratch
// directory the caller owns; crm_simulate writes its shadow copy there via
// CIB_shadow_dir, not into /var/lib/pacemaker) and returns stdout. A
// transition crm_simulate itself calls invalid gives its whole stdout and
// an error that wraps ErrInvalidTransition.
func RunOracle(ctx context.Context, bin, dir string, cibXML []byte, args ...string) (string, error) {
	f := filepath.Join(dir, "cib.xml")
	if err := os.WriteFile(f, cibXML, 0o644); err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, bin, append([]string{"-S", "-x", f}, args...)...)
	cmd.Env = append(os.Environ(), "CIB_shadow_dir="+dir, "LC_ALL=C")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if strings.Contains(stderr.String(), invalidTransitionText) {
			return stdout.String(), fmt.Errorf("crm_simulate: %v: %w", err, ErrInvalidTransition)
		}
		return stdout.String(), fmt.Errorf("crm_simulate: %v: %s", err, stderr.String())
	}
	return stdout.String(), nil
}
