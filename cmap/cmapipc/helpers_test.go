package cmapipc

import (
	"bytes"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/qbipc"
)

// loadDump reads a corosync-cmapctl dump from testdata into a map.
func loadDump(t testing.TB, m *cmap.Map, name string) {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines, err := cmap.ParseDump(f, name)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		if err := m.Set(l.Key, l.Value); err != nil {
			t.Fatalf("%s: %v", l.Key, err)
		}
	}
}

// testMaps are a real node's map (plus values of every type) with
// corosync's read-only rules, and a real stats map.
func testMaps(t testing.TB) (m, stats *cmap.Map) {
	m = cmap.New()
	loadDump(t, m, "n1-cmapctl.txt")
	loadDump(t, m, "values-b.txt")
	cmap.InstallCorosyncReadOnly(m)
	cmap.InstallVotequorumReadOnly(m)
	stats = cmap.NewStats()
	loadDump(t, stats, "stats-dump.txt")
	return m, stats
}

// dump is cmap.Dump into a string.
func dump(t testing.TB, m *cmap.Map, opt cmap.PrintOptions, prefixes ...string) string {
	t.Helper()
	var b bytes.Buffer
	if _, err := cmap.Dump(&b, m, prefixes, opt); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var nameSeq atomic.Uint64

// serve starts the service under a unique name in the current namespace.
// onTrack, if set, is told of every TRACK_ADD handled.
func serve(t testing.TB, name string, s *Service, onTrack chan<- *qbipc.ServerConn) *qbipc.Server {
	t.Helper()
	if name == "" {
		name = fmt.Sprintf("grcm-%d-%d", os.Getpid(), nameSeq.Add(1))
	}
	h := qbipc.HandlerFunc(func(c *qbipc.ServerConn, id int32, body []byte) qbipc.Response {
		r := s.HandleRequest(c, id, body)
		if id == ReqTrackAdd && onTrack != nil {
			onTrack <- c
		}
		return r
	})
	srv, err := qbipc.Listen(name, h, qbipc.Options{Opened: func(c *qbipc.ServerConn) error {
		s.Opened(c)
		return nil
	}, Closed: s.Closed})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// waitNoEvents waits (bounded) until every event queued for c has been
// written to its socket.
func waitNoEvents(t testing.TB, c *qbipc.ServerConn) {
	t.Helper()
	for range 1000 {
		if c.EventsPending() == 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("events still pending after 5 s")
}
