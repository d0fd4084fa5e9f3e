package daemon

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/coroconf"
	"github.com/gorosync/gorosync/totem"
)

var fixed = func() time.Time { return time.Date(2026, 11, 22, 8, 58, 25, 212e6, time.UTC) }

func TestLoggerTargets(t *testing.T) {
	dir := t.TempDir()
	sock := filepath.Join(dir, "log")
	ln, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sock, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	lc := coroconf.DefaultLogConfig()
	lc.Default.ToLogfile = true
	lc.Default.Logfile = filepath.Join(dir, "corosync.log")
	var stderr bytes.Buffer
	l := NewLogger(lc, &stderr, fixed)
	l.SetSyslogPath(sock)
	l.host, l.pid = "h1", 42
	l.Log(coroconf.Message{Level: coroconf.LevelNotice, Subsys: "TOTEM", Text: "A new membership (1.9) was formed. Members joined: 2"})
	l.Log(coroconf.Message{Level: coroconf.LevelDebug, Subsys: "TOTEM", Text: "hidden at the default level"})
	l.Close()

	if want := "Nov 22 08:58:25.212 notice  [TOTEM ] A new membership (1.9) was formed. Members joined: 2\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	b, err := os.ReadFile(lc.Default.Logfile)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Nov 22 08:58:25.212 [42] h1 corosync notice  [TOTEM ] A new membership (1.9) was formed. Members joined: 2\n"; string(b) != want {
		t.Errorf("log file %q, want %q", b, want)
	}
	ln.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 512)
	nr, err := ln.Read(buf)
	if err != nil {
		t.Fatal(err)
	}
	if want := "<29>Nov 22 08:58:25 corosync[42]:   [TOTEM ] A new membership (1.9) was formed. Members joined: 2"; string(buf[:nr]) != want {
		t.Errorf("syslog %q, want %q", buf[:nr], want)
	}
}

func TestSlogLevelsAndSubsys(t *testing.T) {
	lc := coroconf.DefaultLogConfig()
	lc.Timestamp = coroconf.TimestampOff
	lc.Default.LogfilePriority = coroconf.LevelDebug
	var stderr bytes.Buffer
	l := NewLogger(lc, &stderr, fixed)
	l.SetSyslogPath("")
	s := l.Slog()
	s.Error("e")
	s.Warn("w", "subsys", "QUORUM")
	s.Info("n", "k", 1)
	s.Log(context.Background(), Info, "i")
	s.Debug("d")
	s.Log(context.Background(), slog.Level(-8), "trace is below debug: hidden")
	want := "error   [MAIN  ] e\nwarning [QUORUM] w\nnotice  [MAIN  ] n k=1\ninfo    [MAIN  ] i\ndebug   [MAIN  ] d\n"
	if stderr.String() != want {
		t.Errorf("got\n%s\nwant\n%s", stderr.String(), want)
	}
}

func TestStateDir(t *testing.T) {
	s := StateDir{Dir: t.TempDir()}
	seq, err := s.LoadRingSeq(7)
	if err != nil || seq != 0 {
		t.Fatalf("fresh: %d %v", seq, err)
	}
	if b, err := os.ReadFile(filepath.Join(s.Dir, "ringid_7")); err != nil || len(b) != 8 {
		t.Fatalf("created file: %v %d bytes", err, len(b))
	}
	if err := s.SaveRingSeq(7, 0x16); err != nil {
		t.Fatal(err)
	}
	if seq, err = s.LoadRingSeq(7); err != nil || seq != 0x16 {
		t.Fatalf("reload: %d %v", seq, err)
	}
	os.WriteFile(filepath.Join(s.Dir, "ringid_8"), []byte{1, 2, 3}, 0o600)
	if _, err := s.LoadRingSeq(8); err == nil || !strings.Contains(err.Error(), "ringid_8") {
		t.Fatalf("short file: %v", err)
	}
	if ev, err := s.LoadEVTracking(); err != nil || ev != 0 {
		t.Fatalf("absent ev_tracking: %d %v", ev, err)
	}
	if err := s.SaveEVTracking(5); err != nil {
		t.Fatal(err)
	}
	if ev, err := s.LoadEVTracking(); err != nil || ev != 5 {
		t.Fatalf("ev_tracking: %d %v", ev, err)
	}
}

func TestPidFileLock(t *testing.T) {
	p := filepath.Join(t.TempDir(), "corosync.pid")
	a, err := LockPidFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LockPidFile(p); !errors.Is(err, ErrRunning) {
		t.Fatalf("second lock: %v, want ErrRunning", err)
	}
	if err := a.Release(); err != nil {
		t.Fatal(err)
	}
	b, err := LockPidFile(p)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	b.Release()
}

func TestTotemConfigFromLoad(t *testing.T) {
	src := "totem {\nversion: 2\ntransport: udpu\ntoken: 1000\n}\nnodelist {\n" +
		"node {\nring0_addr: 10.0.0.1\nnodeid: 1\n}\nnode {\nring0_addr: 10.0.0.2\nnodeid: 2\n}\nnode {\nring0_addr: 10.0.0.3\nnodeid: 3\n}\n}\n"
	env := coroconf.FixedEnv("h", "", coroconf.BoxAddrs([]netip.Prefix{netip.MustParsePrefix("10.0.0.2/24")}), nil)
	res := coroconf.LoadBytes("t.conf", []byte(src), env)
	if res.Fatal != nil {
		t.Fatal(res.Fatal)
	}
	c, err := TotemConfig(res.Totem)
	if err != nil {
		t.Fatal(err)
	}
	// token 1000 + 650 for the third node; the rest derived as corosync does.
	want := totem.Config{NodeID: 2, Members: []uint32{1, 2, 3}, Token: 1650, TokenRetransmit: 392, Hold: 303,
		Join: 50, Consensus: 1980, Merge: 200, Downcheck: 1000, TokenWarning: 75,
		TokenRetransmitsBeforeLossConst: 4, FailRecvConst: 2500, SeqnoUnchangedConst: 30, MissCountConst: 5,
		WindowSize: 50, MaxMessages: 17}
	if c.NodeID != want.NodeID || len(c.Members) != 3 || c.Token != want.Token || c.TokenRetransmit != want.TokenRetransmit ||
		c.Hold != want.Hold || c.Consensus != want.Consensus || c.Join != want.Join || c.WindowSize != want.WindowSize {
		t.Fatalf("got %+v\nwant %+v", c, want)
	}
	if v, _ := res.Map.Get("runtime.config.totem.token"); v.Uint() != uint64(c.Token) {
		t.Fatalf("runtime.config.totem.token %d, core token %d", v.Uint(), c.Token)
	}
}

func TestStatsKeysTypes(t *testing.T) {
	m := cmap.NewStats()
	statsKeys(m, totem.Stats{OrfTokenRx: 42}, 0)
	if v, ok := m.Get("stats.srp.orf_token_rx"); !ok || v.Type() != cmap.Uint64 || v.Uint() != 42 {
		t.Fatalf("orf_token_rx %v %v", v, ok)
	}
	if v, ok := m.Get("stats.srp.firewall_enabled_or_nic_failure"); !ok || v.Type() != cmap.Uint8 {
		t.Fatalf("firewall key %v %v", v, ok)
	}
	if got := len(m.Keys("stats.srp.")); got != 30 {
		t.Fatalf("%d stats.srp keys, corosync 3.1.7 has 30", got)
	}
}
