package wire

import (
	"bytes"
	"os"
	"testing"

	"github.com/gorosync/gorosync/internal/pcapng"
)

const (
	udpuCapture = "testdata/corosync-n3-udpu-forming.pcapng"
	knetCapture = "testdata/corosync-n3-knet-forming.pcapng"
)

func captureDatagrams(t testing.TB, name string) []pcapng.Datagram {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	ds, skipped, err := pcapng.CorosyncDatagrams(b)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d datagrams, skipped %v", name, len(ds), skipped)
	return ds
}

// Every datagram of both captures decodes and re-encodes to the same bytes
// (target_nodeid included). Per-type counts on interface sw1 match the
// summary / decode-V files in shared/reference/samples.
func TestGoldenCaptures(t *testing.T) {
	for _, tc := range []struct {
		file string
		sw1  map[MessageType]int
	}{
		// corosync-n3-udpu-forming.summary.txt "totals on sw1 by type byte".
		{udpuCapture, map[MessageType]int{TypeOrfToken: 214, TypeMcast: 81, TypeMergeDetect: 48, TypeMembJoin: 16, TypeCommitToken: 8}},
		// corosync-n3-knet-forming.decode-V.txt sw1 length histogram: 114×79
		// (token), 31×51 (merge detect), 4×63 + 11×67 (join), 4×147 (commit),
		// 4 each of 117/195/452/637 plus 4 two-fragment messages (mcast).
		{knetCapture, map[MessageType]int{TypeOrfToken: 114, TypeMcast: 20, TypeMergeDetect: 31, TypeMembJoin: 15, TypeCommitToken: 4}},
	} {
		all := map[MessageType]int{}
		sw1 := map[MessageType]int{}
		targets := map[uint32]bool{}
		for _, d := range captureDatagrams(t, tc.file) {
			m, swapped, err := DecodeSwapped(d.Payload)
			if err != nil {
				t.Errorf("%v: %v", d, err)
				continue
			}
			if swapped {
				t.Errorf("%v: decoded as byte-swapped", d)
			}
			if got := Encode(m); !bytes.Equal(got, d.Payload) {
				t.Errorf("%v: %s re-encodes differently\n got % x\nwant % x", d, m.Type(), got, d.Payload)
			}
			if m.EncodedLen() != len(d.Payload) {
				t.Errorf("%v: EncodedLen %d", d, m.EncodedLen())
			}
			all[m.Type()]++
			if d.IfName == "sw1" {
				sw1[m.Type()]++
			}
			targets[m.Hdr().TargetNodeID] = true
		}
		t.Logf("%s: all interfaces %v; sw1 %v; %d distinct target_nodeid values", tc.file, all, sw1, len(targets))
		for typ, want := range tc.sw1 {
			if sw1[typ] != want {
				t.Errorf("%s: sw1 %s count %d, want %d", tc.file, typ, sw1[typ], want)
			}
		}
		if sw1[TypeTokenHoldCancel] != 0 {
			t.Errorf("%s: unexpected token_hold_cancel", tc.file)
		}
	}
}
