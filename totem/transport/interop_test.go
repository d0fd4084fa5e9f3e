package transport

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/gorosync/gorosync/internal/netns"
	"github.com/gorosync/gorosync/totem/wire"
)

const interopConf = `totem {
	version: 2
	cluster_name: interop
	transport: udpu
	crypto_cipher: none
	crypto_hash: none
}
nodelist {
	node {
		ring0_addr: 10.86.0.1
		nodeid: 1
	}
	node {
		ring0_addr: 10.86.0.2
		nodeid: 2
	}
}
quorum {
	provider: corosync_votequorum
}
logging {
	to_stderr: yes
	to_syslog: no
}
`

// A real corosync 3.1.7 (node 1) and our transport (node 2) on one bridge:
// we receive corosync's first JOIN from its nodelist address, and
// corosync accepts the JOIN we send (its next JOIN lists us).
func TestInteropRealCorosync(t *testing.T) {
	netns.SkipUnlessAvailable(t)
	for _, bin := range []string{"corosync", "unshare", "timeout"} {
		if _, err := exec.LookPath(bin); err != nil {
			netns.SkipOrFail(t, bin+" not installed")
		}
	}
	conf := filepath.Join(t.TempDir(), "corosync.conf")
	if err := os.WriteFile(conf, []byte(interopConf), 0o644); err != nil {
		t.Fatal(err)
	}
	lan := netns.NewLAN(t, pfx("10.86.0.1/24"), pfx("10.86.0.2/24"))
	ours := openIn(t, lan.Members[1], udpuConfig(2, "10.86.0.1", "10.86.0.2"), RecvFrameMax)
	event(t, ours)

	// Private /run, state dir and /dev/shm, so nothing of the host is used.
	script := "mount -t tmpfs none /run && mount -t tmpfs none /var/lib/corosync && " +
		"mount -t tmpfs none /dev/shm && exec corosync -f -c " + conf
	cs, err := lan.Members[0].Start(netns.Cmd{Argv: []string{
		"timeout", "-k", "5", "60", "unshare", "--mount", "--propagation", "private", "--", "sh", "-c", script}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Stop(5 * time.Second) })
	logs := func() string { _, e := cs.Output(); return e }

	first := joinFrom(t, ours, 1, nil, logs, nil, nil)
	if first.Header.NodeID != 1 || first.SystemFrom != 1 || !slices.Equal(first.ProcList, []uint32{1}) {
		t.Errorf("corosync's first JOIN: %+v", first)
	}

	// Like a Totem node in GATHER, re-send our JOIN every join period
	// (50 ms) until corosync's JOIN lists us.
	j := &wire.MembJoin{Header: wire.Header{NodeID: 2}, SystemFrom: 2, RingSeq: first.RingSeq, ProcList: []uint32{2}}
	ours.Send(mcast(string(wire.Encode(j))))
	resend := time.NewTicker(50 * time.Millisecond)
	defer resend.Stop()
	second := joinFrom(t, ours, 1, func(m *wire.MembJoin) bool { return slices.Contains(m.ProcList, 2) }, logs, func() {
		ours.Send(mcast(string(wire.Encode(j))))
	}, resend.C)
	t.Logf("corosync JOINs: first proc=%v seq=%d, after ours proc=%v failed=%v", first.ProcList, first.RingSeq, second.ProcList, second.FailedList)
	if !slices.Contains(second.ProcList, 1) {
		t.Errorf("corosync's JOIN after ours: %+v", second)
	}
	if n := ours.Stats().Rejected; n != 0 {
		t.Errorf("Rejected = %d", n)
	}
}

// joinFrom reads until a JOIN whose sender is nodeid (as resolved by the
// transport) satisfies ok (nil: any), calling tick whenever tc fires.
func joinFrom(t *testing.T, tp *tr, nodeid uint32, ok func(*wire.MembJoin) bool, logs func() string,
	tick func(), tc <-chan time.Time) *wire.MembJoin {
	t.Helper()
	seen := map[string]int{}
	deadline := time.After(2 * guard)
	for range 5000 {
		var p Packet
		select {
		case p = <-tp.Recv():
		case <-tc:
			tick()
			continue
		case <-deadline:
			t.Fatalf("no JOIN from %d; seen %v; corosync said:\n%s", nodeid, seen, logs())
		}
		m, err := wire.Decode(p.Data)
		if err != nil {
			seen["undecodable"]++
			continue
		}
		seen[fmt.Sprintf("%s from %d", m.Type(), p.From)]++
		if j, isJoin := m.(*wire.MembJoin); isJoin && p.From == nodeid && (ok == nil || ok(j)) {
			return j
		}
	}
	t.Fatalf("no matching JOIN in 5000 datagrams: %v", seen)
	return nil
}
