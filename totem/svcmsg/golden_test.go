package svcmsg_test

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"testing"

	"github.com/gorosync/gorosync/internal/totemcap"
	"github.com/gorosync/gorosync/totem/svcmsg"
	"github.com/gorosync/gorosync/totem/totempg"
)

const (
	udpuCapture = "../wire/testdata/corosync-n3-udpu-forming.pcapng"
	knetCapture = "../wire/testdata/corosync-n3-knet-forming.pcapng"
)

// Every delivered message has a service header whose size is the message
// length; sync, votequorum and cmap messages decode and re-encode to the
// same bytes.
func TestGoldenServiceMessages(t *testing.T) {
	for _, file := range []string{udpuCapture, knetCapture} {
		c, err := totemcap.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := c.Deliver()
		if err != nil {
			t.Fatal(err)
		}
		counts := map[string]int{}
		for _, d := range ds {
			groups, body, err := totempg.ParseGroups(d.Msg, false)
			if err != nil {
				t.Fatal(err)
			}
			g := groups[0]
			h, err := svcmsg.DecodeHeader(body, false)
			if err != nil {
				t.Fatalf("%s ring %v seq %d: %v", file, d.Ring, d.Seq, err)
			}
			if int(h.Size) != len(body) {
				t.Errorf("%s ring %v seq %d: header size %d, message %d bytes", file, d.Ring, d.Seq, h.Size, len(body))
			}
			m, err := svcmsg.Decode(g, body, false)
			if errors.Is(err, svcmsg.ErrUnknown) {
				counts[fmt.Sprintf("%s other service %d fn %d (%d bytes)", g, h.Service(), h.Fn(), len(body))]++
				continue
			}
			if err != nil {
				t.Fatalf("%s ring %v seq %d %v: %v", file, d.Ring, d.Seq, h, err)
			}
			if got := svcmsg.Encode(m); !bytes.Equal(got, body) {
				t.Errorf("%s ring %v seq %d: %T re-encodes differently\n got % x\nwant % x", file, d.Ring, d.Seq, m, got, body)
			}
			key := fmt.Sprintf("%T", m)
			switch m := m.(type) {
			case *svcmsg.SyncBarrier:
				if m.Ring != d.Ring {
					t.Errorf("%s: barrier for ring %v sent in ring %v", file, m.Ring, d.Ring)
				}
			case *svcmsg.SyncServiceBuild:
				key += fmt.Sprint(m.Services)
			case *svcmsg.CmapMcast:
				if len(m.Items) != 1 || m.Items[0].Key != "totem.config_version" {
					t.Errorf("%s: cmap items %+v", file, m.Items)
				}
				key += fmt.Sprintf(" reason %d size %d", m.Reason, len(body))
			case *svcmsg.VQNodeInfo:
				if m.NodeID != d.NodeID && m.NodeID != 0 {
					t.Errorf("%s: node %d sent nodeinfo for %d", file, d.NodeID, m.NodeID)
				}
			}
			counts[key]++
		}
		keys := make([]string, 0, len(counts))
		for k := range counts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t.Logf("%s: %4d %s", file, counts[k], k)
		}
		for _, k := range []string{"*svcmsg.SyncBarrier", "*svcmsg.VQNodeInfo", "*svcmsg.SyncServiceBuild[0 2 3 5]"} {
			if counts[k] == 0 {
				t.Errorf("%s: no %s", file, k)
			}
		}
		// Every sync round has, per member, one SERVICE_BUILD and one
		// barrier for each of the 4 services, and 2 nodeinfos (self + qdevice).
		if counts["*svcmsg.SyncBarrier"] != 4*counts["*svcmsg.SyncServiceBuild[0 2 3 5]"] {
			t.Errorf("%s: %d barriers for %d service builds", file, counts["*svcmsg.SyncBarrier"], counts["*svcmsg.SyncServiceBuild[0 2 3 5]"])
		}
	}
}
