package svcmsg_test

import (
	"reflect"
	"testing"

	"github.com/gorosync/gorosync/internal/totemcap"
	"github.com/gorosync/gorosync/totem/svcmsg"
	"github.com/gorosync/gorosync/totem/totempg"
)

// FuzzDecode: Decode never panics, and what it accepts round-trips.
func FuzzDecode(f *testing.F) {
	for _, file := range []string{udpuCapture, knetCapture} {
		c, err := totemcap.Load(file)
		if err != nil {
			f.Fatal(err)
		}
		ds, err := c.Deliver()
		if err != nil {
			f.Fatal(err)
		}
		for _, d := range ds {
			g, body, err := totempg.ParseGroups(d.Msg, false)
			if err == nil && len(body) < 1000 {
				f.Add(g[0] == totempg.GroupSync, body, false)
			}
		}
	}
	f.Add(false, svcmsg.Encode(&svcmsg.VQQdeviceReconfigure{OldName: "x", NewName: "y"}), true)
	f.Fuzz(func(t *testing.T, sync bool, b []byte, swapped bool) {
		group := totempg.GroupA
		if sync {
			group = totempg.GroupSync
		}
		m, err := svcmsg.Decode(group, b, swapped)
		if err != nil {
			return
		}
		enc := svcmsg.Encode(m)
		if len(enc) != m.EncodedLen() {
			t.Fatal("EncodedLen")
		}
		m2, err := svcmsg.Decode(group, enc, false)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if !reflect.DeepEqual(m, m2) {
			t.Fatalf("round trip\n%+v\n%+v", m, m2)
		}
	})
}
