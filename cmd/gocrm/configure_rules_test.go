package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gorosync/gorosync/crm/simulate"
	"github.com/gorosync/gorosync/internal/netns"
)

// pingStatus brings both nodes online; only haproxy1 reaches the ping
// target (pingd=1), haproxy2 has no pingd attribute at all.
const pingStatus = `<status>
    <node_state id="1" uname="haproxy1" in_ccm="true" crmd="online" join="member" expected="member"><transient_attributes id="1"><instance_attributes id="status-1"><nvpair id="status-1-pingd" name="pingd" value="1"/></instance_attributes></transient_attributes></node_state>
    <node_state id="2" uname="haproxy2" in_ccm="true" crmd="online" join="member" expected="member"/>
  </status>`

const noFencing = `<crm_config><cluster_property_set id="test-options"><nvpair id="test-stonith" name="stonith-enabled" value="false"/></cluster_property_set>`

var statusRE = regexp.MustCompile(`(?s)<status/>|<status>.*</status>`)

// withPingStatus turns a recorded configuration into a cluster to schedule.
func withPingStatus(t *testing.T, cibXML []byte) []byte {
	t.Helper()
	s := string(cibXML)
	switch {
	case strings.Contains(s, "<crm_config/>"):
		s = strings.Replace(s, "<crm_config/>", noFencing+"</crm_config>", 1)
	case strings.Contains(s, "<crm_config>"):
		s = strings.Replace(s, "<crm_config>", noFencing, 1)
	default:
		t.Fatal("no <crm_config> in the recorded CIB")
	}
	if !statusRE.MatchString(s) {
		t.Fatal("no <status> in the recorded CIB")
	}
	s = statusRE.ReplaceAllLiteralString(s, pingStatus)
	return []byte(strings.Replace(s, "<cib ", `<cib have-quorum="1" dc-uuid="1" `, 1))
}

// TestConfiguredRulesSchedule runs the scheduler on what the clone and
// rule commands wrote: the memcached clone must stay off haproxy2 (no
// pingd), and gocrm simulate must print what crm_simulate 2.1.5 prints
// for the same file, so the rules are evaluated as Pacemaker does.
func TestConfiguredRulesSchedule(t *testing.T) {
	for _, name := range []string{"pcs-clones", "crmsh-clones"} {
		t.Run(name, func(t *testing.T) {
			cibXML := withPingStatus(t, readAll(t, filepath.Join(configureData, name+".xml")))
			file := filepath.Join(t.TempDir(), "cib.xml")
			writeFile(t, file, cibXML)
			var out, errb bytes.Buffer
			if rc := run([]string{"simulate", "-x", file, "-S"}, &out, &errb); rc != 0 {
				t.Fatalf("gocrm simulate: rc %d: %s", rc, errb.String())
			}
			got := out.String()
			if !regexp.MustCompile(`Start +memcached:0 +\( haproxy1 \)`).MatchString(got) {
				t.Errorf("memcached:0 does not start on haproxy1:\n%s", got)
			}
			if regexp.MustCompile(`(?m)^ +\* Start +memcached:\d.*haproxy2`).MatchString(got) {
				t.Errorf("a memcached instance starts on haproxy2, which has no pingd:\n%s", got)
			}
			bin := simulate.FindOracle()
			if bin == "" {
				netns.SkipOrFail(t, "crm_simulate is not installed (Debian package pacemaker-cli-utils)")
			}
			want, err := simulate.RunOracle(context.Background(), bin, t.TempDir(), cibXML)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("gocrm simulate differs from crm_simulate:\n--- gocrm\n%s--- crm_simulate\n%s", got, want)
			}
		})
	}
}
