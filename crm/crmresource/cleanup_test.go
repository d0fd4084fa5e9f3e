package crmresource

import (
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/crm/cib"
	"github.com/gorosync/gorosync/crm/scheduler"
)

// TestOracleCleanupTargets: on a CIB file crm_resource --cleanup/--refresh
// only names what it would clean ("Dry run: skipping clean-up of R on N");
// Cleanup cleans the same resources on the same nodes.
func TestOracleCleanupTargets(t *testing.T) {
	bin := crmResource(t)
	dry := regexp.MustCompile(`(?m)^Dry run: skipping clean-up of (\S+) on (\S+) due to CIB_file$`)
	done := regexp.MustCompile(`(?m)^Cleaned up (\S+) on (\S+)$`)
	for _, args := range []string{"--cleanup -r haproxy", "--cleanup -r haproxy --force", "--cleanup -r haproxy -N n1",
		"--cleanup -r memcached --force", "--refresh -r vip -N n1 --force", "--cleanup -r g_ha -n monitor -I 2s"} {
		t.Run(args, func(t *testing.T) {
			t.Parallel()
			want := runCrmResource(t, bin, "failed.xml", "UTC", strings.Fields(args))
			var wantPairs []string
			for _, m := range dry.FindAllStringSubmatch(want.stdout+want.stderr, -1) {
				wantPairs = append(wantPairs, m[1]+"@"+m[2])
			}
			doc, err := cib.ReadFile(filepath.Join("testdata", "failed.xml"))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Cleanup(doc, cleanupArgs(strings.Fields(args)))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range done.FindAllStringSubmatch(strings.Join(res.Out, "\n"), -1) {
				got = append(got, m[1]+"@"+m[2])
			}
			sort.Strings(wantPairs)
			sort.Strings(got)
			if len(wantPairs) == 0 || strings.Join(got, " ") != strings.Join(wantPairs, " ") {
				t.Errorf("crm_resource would clean %v, gocrm cleaned %v", wantPairs, got)
			}
		})
	}
}

func cleanupArgs(args []string) CleanupOptions {
	var o CleanupOptions
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case "--refresh":
			o.Refresh = true
		case "-r":
			i++
			o.Resource = args[i]
		case "-N":
			i++
			o.Node = args[i]
		case "-n":
			i++
			o.Operation = args[i]
		case "-I":
			i++
			o.Interval = args[i]
		case "--force":
			o.Force = true
		}
	}
	return o
}

func attrs(doc *cib.CIB, node string) []string {
	var out []string
	for _, ns := range doc.Status.NodeStates {
		if ns.Uname == node && ns.TransientAttributes != nil {
			for _, s := range ns.TransientAttributes.InstanceAttributes {
				for _, p := range s.Pairs {
					out = append(out, p.Name)
				}
			}
		}
	}
	return out
}

func history(doc *cib.CIB, node string) []string {
	var out []string
	for _, ns := range doc.Status.NodeStates {
		if ns.Uname == node && ns.LRM != nil {
			for _, lr := range ns.LRM.Resources.Resources {
				out = append(out, lr.ID)
			}
		}
	}
	return out
}

// TestCleanupEffects: what Cleanup removes from the status section, and
// that the scheduler then no longer sees the failure.
func TestCleanupEffects(t *testing.T) {
	load := func() *cib.CIB {
		doc, err := cib.ReadFile(filepath.Join("testdata", "failed.xml"))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	for _, c := range []struct {
		opts              CleanupOptions
		attrsN1, histN1   string
		out               string
		stillFailedHAProx bool
	}{
		// The group is cleaned: haproxy's failed history goes, all fail counts of members go.
		{CleanupOptions{Resource: "haproxy"}, "#feature-set", "vip memcached",
			"Cleaned up vip on n2|Cleaned up vip on n1|Cleaned up haproxy on n2|Cleaned up haproxy on n1|Cleaned up memcached on n2|Cleaned up memcached on n1", false},
		// Only memcached: haproxy stays failed.
		{CleanupOptions{Resource: "memcached", Force: true},
			"#feature-set fail-count-haproxy#monitor_2000 last-failure-haproxy#monitor_2000", "vip haproxy memcached",
			"Cleaned up memcached on n2|Cleaned up memcached on n1", true},
		// Another operation's failures only.
		{CleanupOptions{Resource: "g_ha", Operation: "start"}, "#feature-set fail-count-haproxy#monitor_2000 last-failure-haproxy#monitor_2000",
			"vip haproxy memcached", "", true},
		{CleanupOptions{}, "#feature-set", "vip memcached", "Cleaned up all resources on all nodes", false},
		{CleanupOptions{Refresh: true, Node: "N1"}, "#feature-set", "", "", false},
	} {
		doc := load()
		res, err := Cleanup(doc, c.opts)
		if err != nil {
			t.Fatalf("%+v: %v", c.opts, err)
		}
		if got := strings.Join(attrs(doc, "n1"), " "); got != c.attrsN1 {
			t.Errorf("%+v: n1 attributes %q, want %q", c.opts, got, c.attrsN1)
		}
		if got := strings.Join(history(doc, "n1"), " "); got != c.histN1 {
			t.Errorf("%+v: n1 history %q, want %q", c.opts, got, c.histN1)
		}
		if c.out != "" {
			if got := strings.Join(res.Out, "|"); got != c.out {
				t.Errorf("%+v: output %q, want %q", c.opts, got, c.out)
			}
		}
		tr, err := scheduler.Schedule(doc)
		if err != nil {
			t.Fatal(err)
		}
		failed := false
		for _, r := range tr.Cluster.Resources {
			for _, m := range r.Children {
				failed = failed || (m.ID == "haproxy" && m.Failed)
			}
		}
		if failed != c.stillFailedHAProx {
			t.Errorf("%+v: haproxy failed=%v after cleanup, want %v", c.opts, failed, c.stillFailedHAProx)
		}
	}
	if _, err := Cleanup(load(), CleanupOptions{Resource: "nosuch"}); err == nil || err.(*Error).Code != ExitNoSuch {
		t.Errorf("unknown resource: %v", err)
	}
	if _, err := Cleanup(load(), CleanupOptions{Node: "n9"}); err == nil || err.(*Error).Code != ExitNoSuch {
		t.Errorf("unknown node: %v", err)
	}
}
