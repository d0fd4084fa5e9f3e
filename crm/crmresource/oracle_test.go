package crmresource

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/internal/netns"
)

var flagAllCases = flag.Bool("crm-resource-all", false, "compare every recorded crm_resource case, not only the default set")

func crmResource(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("crm_resource"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/crm_resource"); err == nil {
		return "/usr/sbin/crm_resource"
	}
	netns.SkipOrFail(t, "crm_resource (Debian package pacemaker-cli-utils) is not installed")
	return ""
}

type oracleRun struct {
	stdout, stderr string
	code           int
	file           []byte
	start, end     time.Time // whole seconds around the run, for lifetimes
}

// runCrmResource runs crm_resource on a copy of the fixture.
func runCrmResource(t *testing.T, bin, fixture, tz string, args []string) oracleRun {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", fixture))
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "cib.xml")
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "CIB_file="+f, "LC_ALL=C", "TZ="+tz)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	r := oracleRun{start: time.Now().Truncate(time.Second)}
	err = cmd.Run()
	r.end = time.Now().Truncate(time.Second)
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	r.stdout, r.stderr = stdout.String(), stderr.String()
	if r.file, err = os.ReadFile(f); err != nil {
		t.Fatal(err)
	}
	return r
}

// ours parses crm_resource arguments and runs the matching function.
func ours(doc *cib.CIB, args []string, now time.Time) (Result, error) {
	var cmd, rsc, node, lifetime string
	force := false
	for i := 0; i < len(args); i++ {
		switch a := args[i]; a {
		case "--move", "--ban", "--clear":
			cmd = a
		case "-r":
			i++
			rsc = args[i]
		case "-N":
			i++
			node = args[i]
		case "--lifetime":
			i++
			lifetime = args[i]
		case "--force":
			force = true
		}
	}
	switch cmd {
	case "--move":
		return Move(doc, MoveOptions{Resource: rsc, Node: node, Lifetime: lifetime, Force: force, Now: now})
	case "--ban":
		return Ban(doc, BanOptions{Resource: rsc, Node: node, Lifetime: lifetime, Now: now})
	}
	return Clear(doc, ClearOptions{Resource: rsc, Node: node, Force: force})
}

// TestOracleMoveBanClear runs crm_resource 2.1.5 and Move/Ban/Clear on the
// same CIBs: same exit code, stdout, stderr and resulting XML (epoch,
// num_updates and cib-last-written aside). Lifetimes depend on the clock:
// ours is tried with each whole second crm_resource may have read.
func TestOracleMoveBanClear(t *testing.T) {
	bin := crmResource(t)
	type oracleCase struct {
		fixture, tz string
		args        string
		stderrTail  bool // compare only the last stderr line (crm_resource dumps the CIB first)
	}
	// Each case runs crm_resource once (a fraction of a second): the
	// default set covers every code path, -crm-resource-all adds variants.
	cases := []oracleCase{
		{fixture: "base.xml", args: "--move -r g_ha -N n1"},
		{fixture: "base.xml", args: "--move -r g_ha"},
		{fixture: "base.xml", args: "--move -r g_ha -N n2 --force"},
		{fixture: "base.xml", args: "--ban -r g_ha -N N2"},
		{fixture: "base.xml", args: "--move -r nosuch -N n9"},
		{fixture: "base.xml", args: "--clear -r g_ha -N n9"},
		{fixture: "base.xml", args: "--clear"},
		{fixture: "base.xml", args: "--move -r g_ha -N n2 --lifetime bogus"},
		{fixture: "base.xml", args: "--move -r g_ha -N n2 --force --lifetime PT5M"},
		{fixture: "base.xml", tz: "Europe/Berlin", args: "--move -r g_ha -N n2 --lifetime P1M"},
		{fixture: "withcons.xml", args: "--clear -r g_ha"},
		{fixture: "withcons.xml", args: "--clear -r g_ha -N n1"},
		{fixture: "withcons.xml", args: "--move -r g_ha -N n2"},
		{fixture: "multi.xml", args: "--move -r vip -N n2"},
		{fixture: "multi.xml", args: "--move -r vip"},
		{fixture: "ruleban.xml", args: "--ban -r g_ha -N n2 --lifetime PT2H"},
		{fixture: "ruleban.xml", args: "--ban -r g_ha -N n2", stderrTail: true},
		{fixture: "clones.xml", args: "--ban -r W-clone"},
		{fixture: "clones.xml", args: "--move -r R-clone -N node1"},
		{fixture: "clones.xml", args: "--ban -r W"},
	}
	if *flagAllCases {
		cases = append(cases, []oracleCase{
			{fixture: "base.xml", args: "--move -r g_ha -N n2"},
			{fixture: "base.xml", args: "--move -r g_ha -N n1 --force"},
			{fixture: "base.xml", args: "--ban -r g_ha"},
			{fixture: "base.xml", args: "--move -r vip -N n2"},
			{fixture: "base.xml", args: "--ban -r haproxy"},
			{fixture: "base.xml", args: "--move -r g_ha -N n9"},
			{fixture: "base.xml", args: "--clear -r g_ha"},
			{fixture: "base.xml", args: "--move -r g_ha -N n2 --lifetime PT1H"},
			{fixture: "base.xml", args: "--ban -r g_ha -N n2 --lifetime P1D"},
			{fixture: "withcons.xml", args: "--clear -r g_ha -N n2"},
			{fixture: "withcons.xml", args: "--clear -r g_ha -N n2 --force"},
			{fixture: "withcons.xml", args: "--clear -r vip"},
			{fixture: "withcons.xml", args: "--move -r g_ha -N n2 --force"},
			{fixture: "withcons.xml", args: "--ban -r g_ha -N n2"},
			{fixture: "multi.xml", args: "--ban -r g_ha"},
			{fixture: "ruleban.xml", args: "--clear -r g_ha -N n2"},
		}...)
	}
	for _, c := range cases {
		tz := c.tz
		if tz == "" {
			tz = "UTC"
		}
		t.Run(c.fixture+" "+c.args, func(t *testing.T) {
			t.Parallel()
			args := strings.Fields(c.args)
			want := runCrmResource(t, bin, c.fixture, tz, args)
			loc, err := time.LoadLocation(tz)
			if err != nil {
				t.Fatal(err)
			}
			var diffs []string
			for now := want.start; !now.After(want.end); now = now.Add(time.Second) {
				diffs = compareRun(t, c.fixture, args, now.In(loc), want, c.stderrTail)
				if len(diffs) == 0 {
					return
				}
			}
			t.Error(strings.Join(diffs, "\n"))
		})
	}
}

func compareRun(t *testing.T, fixture string, args []string, now time.Time, want oracleRun, stderrTail bool) []string {
	doc, err := cib.ReadFile(filepath.Join("testdata", fixture))
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := doc.Marshal()
	res, err := ours(doc, args, now)
	var diffs []string
	code, stdout, stderr := 0, "", ""
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("not an *Error: %v", err)
		}
		code, stderr = e.Code, e.Error()+"\n"
		if len(e.Out) > 0 {
			stdout = strings.Join(e.Out, "\n") + "\n"
		}
		if after, _ := doc.Marshal(); !bytes.Equal(after, orig) {
			diffs = append(diffs, "the failed command changed the CIB")
		}
	} else if len(res.Out) > 0 {
		stdout = strings.Join(res.Out, "\n") + "\n"
	}
	wantStderr := want.stderr
	if stderrTail {
		lines := strings.Split(strings.TrimSpace(wantStderr), "\n")
		wantStderr = lines[len(lines)-1] + "\n"
	}
	if code != want.code {
		diffs = append(diffs, "exit code: crm_resource "+itoa(want.code)+", gocrm "+itoa(code))
	}
	if stdout != want.stdout {
		diffs = append(diffs, "stdout:\n--- crm_resource\n"+want.stdout+"--- gocrm\n"+stdout)
	}
	if stderr != wantStderr {
		diffs = append(diffs, "stderr:\n--- crm_resource\n"+wantStderr+"--- gocrm\n"+stderr)
	}
	if err == nil || want.code == 0 {
		got, _ := doc.Marshal()
		if cw, cg := canonical(t, want.file), canonical(t, got); cw != cg {
			diffs = append(diffs, "CIB:\n--- crm_resource\n"+cw+"--- gocrm\n"+cg)
		}
	}
	return diffs
}

func itoa(n int) string { return strconv.Itoa(n) }
