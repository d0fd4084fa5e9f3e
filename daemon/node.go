package daemon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/netip"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/cmap/cmapipc"
	"github.com/gorosync/gorosync/coroconf"
	"github.com/gorosync/gorosync/engine"
	"github.com/gorosync/gorosync/ipcsvc/cfgipc"
	"github.com/gorosync/gorosync/ipcsvc/quorumipc"
	"github.com/gorosync/gorosync/ipcsvc/votequorumipc"
	"github.com/gorosync/gorosync/qbipc"
	"github.com/gorosync/gorosync/totem"
	"github.com/gorosync/gorosync/totem/transport"
	"github.com/gorosync/gorosync/totem/wire"
	"github.com/gorosync/gorosync/votequorum"
)

// Exit statuses, corosync's where it has one.
const (
	ExitOK         = 0
	ExitConfig     = 8  // COROSYNC_DONE_MAINCONFIGREAD
	ExitFatal      = 15 // COROSYNC_DONE_FATAL_ERR
	ExitDirCreate  = 16 // COROSYNC_DONE_DIR_NOT_PRESENT
	ExitAlreadyRun = 18 // COROSYNC_DONE_ALREADY_RUNNING
	ExitStorage    = 19 // COROSYNC_DONE_STORE_RINGID
	ExitService    = 20 // COROSYNC_DONE_SERVICE_ENGINE_INIT
)

// Options say how to run the daemon.
type Options struct {
	ConfigPath string
	Env        coroconf.Env
	Stderr     io.Writer
	// PidFile is the pid file to lock; "" means DefaultPidFile, "-" none.
	PidFile string
	// SyslogPath is where syslog datagrams go ("" means /dev/log).
	SyslogPath string
	// Notify sends a systemd notification ("READY=1", "STOPPING=1"); nil
	// does nothing.
	Notify  func(state string)
	Version string
	// Clock is wall time for log lines (nil: time.Now).
	Clock func() time.Time
}

// node is one running daemon. Everything protocol happens on the run
// loop's goroutine; IPC handlers reach it through calls.
type node struct {
	o     Options
	log   *Logger
	slog  *slog.Logger
	start time.Time
	res   *coroconf.Result
	m     *cmap.Map
	id    uint32
	tn    *totem.Node
	eng   *engine.Engine
	tr    transport.Transport
	state StateDir

	calls    chan func()
	done     chan struct{}
	stop     chan string // ShutdownRequested from IPC or the engine
	exitCode int
	exiting  bool
	leaving  bool

	reloadSeq  uint64
	reloadWait map[uint64]chan error // cfgtool -R callers, by request number
	rl         reloadState           // reload.go

	servers   []*qbipc.Server
	stats     *cmap.Map
	lastStats int64
	qsvc      *quorumipc.Service
	vsvc      *votequorumipc.Service
	csvc      *cfgipc.Service

	mu        sync.Mutex // guards the snapshots below (read by IPC goroutines)
	synced    bool       // first sync completed: IPC accepts clients
	qstate    quorumipc.State
	vstate    votequorumipc.State
	members   []uint32
	heardPeer bool
	lastWarn  int64
}

// Run runs the daemon until ctx is cancelled (a clean leave) or it must
// stop, and returns its exit status.
func Run(ctx context.Context, o Options) int {
	if o.Stderr == nil {
		o.Stderr = os.Stderr
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	n := &node{o: o, start: time.Now(), calls: make(chan func()), done: make(chan struct{}), stop: make(chan string, 1),
		reloadWait: map[uint64]chan error{}}
	n.log = NewLogger(coroconf.DefaultLogConfig(), o.Stderr, o.Clock)
	if o.SyslogPath != "" {
		n.log.SetSyslogPath(o.SyslogPath)
	}
	defer n.log.Close()
	n.slog = n.log.Slog()
	n.logf(coroconf.LevelNotice, "MAIN", "Corosync Cluster Engine (gorosync %s) starting up", o.Version)

	code := n.setup()
	if code != ExitOK {
		n.exitf(code, "Corosync Cluster Engine exiting with status %d.", code)
		return code
	}
	defer n.teardown()
	return n.loop(ctx)
}

func (n *node) logf(l coroconf.Level, subsys, format string, args ...any) {
	n.log.Log(coroconf.Message{Level: l, Subsys: subsys, Text: fmt.Sprintf(format, args...)})
}

func (n *node) exitf(code int, format string, args ...any) {
	l := coroconf.LevelError
	if code == ExitOK {
		l = coroconf.LevelNotice
	}
	n.logf(l, "MAIN", format, args...)
}

// now is the virtual clock the cores run on: milliseconds since start,
// from the monotonic clock.
func (n *node) now() int64 { return int64(time.Since(n.start) / time.Millisecond) }

// setup loads the configuration and opens everything; on failure it
// returns corosync's exit status for that failure.
func (n *node) setup() int {
	res := coroconf.Load(n.o.ConfigPath, n.o.Env)
	for _, l := range res.Raw {
		io.WriteString(n.o.Stderr, l+"\n")
	}
	if res.Log != nil {
		n.log.Reconfigure(res.Log)
	}
	if res.Fatal != nil {
		for _, m := range res.Messages {
			n.log.Log(m)
		}
		return res.Exit
	}
	for _, m := range res.Messages {
		if m.Func != "_corosync_exit_error" { // the -t farewell line
			n.log.Log(m)
		}
	}
	n.res, n.m, n.id = res, res.Map, res.Totem.Nodeid
	if res.Totem.Transport == coroconf.TransportKnet {
		n.logf(coroconf.LevelError, "MAIN", "knet transport is not supported by gorosync; use transport: udpu (or udp)")
		return ExitConfig
	}
	if pf := n.o.PidFile; pf != "-" {
		if pf == "" {
			pf = DefaultPidFile
		}
		p, err := LockPidFile(pf)
		if err != nil {
			n.logf(coroconf.LevelError, "MAIN", "Can't lock pid file %s: %v", pf, err)
			if errors.Is(err, ErrRunning) {
				return ExitAlreadyRun
			}
			return ExitFatal
		}
		n.onTeardown(func() { p.Release() })
	}
	dir := DefaultStateDir
	if v, ok := n.m.Get("system.state_dir"); ok && v.Type() == cmap.String {
		dir = v.Str()
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		n.logf(coroconf.LevelError, "MAIN", "Cannot create state directory %s: %v", dir, err)
		return ExitDirCreate
	}
	n.state = StateDir{Dir: dir}
	seq, err := n.state.LoadRingSeq(n.id)
	if err != nil {
		n.logf(coroconf.LevelError, "MAIN", "Couldn't read ring id file: %v", err)
		return ExitStorage
	}

	tc, err := TotemConfig(res.Totem)
	if err != nil {
		n.logf(coroconf.LevelError, "MAIN", "%v", err)
		return ExitConfig
	}
	if n.tn, err = totem.NewNode(tc); err != nil {
		n.logf(coroconf.LevelError, "MAIN", "%v", err)
		return ExitConfig
	}
	ec, err := engine.ConfigFromLoad(res)
	if err != nil {
		n.logf(coroconf.LevelError, "MAIN", "%v", err)
		return ExitConfig
	}
	if ev, err := n.state.LoadEVTracking(); err == nil && ev != 0 {
		ec.EVTracking = &ev
	}
	if n.eng, err = engine.New(ec); err != nil {
		n.logf(coroconf.LevelError, "MAIN", "%v", err)
		return ExitService
	}
	cmap.InstallCorosyncReadOnly(n.m)
	cmap.InstallVotequorumReadOnly(n.m)
	n.trackTotem()

	trc, err := transport.FromTotem(res.Totem)
	if err != nil {
		n.logf(coroconf.LevelError, "MAIN", "%v", err)
		return ExitConfig
	}
	trc.Logger = n.slog.With("subsys", "TOTEM")
	if n.tr, err = transport.Open(trc); err != nil {
		n.logf(coroconf.LevelError, "MAIN", "Can't open the %s transport: %v", trc.Kind, err)
		return ExitFatal
	}
	n.onTeardown(func() { n.tr.Close() })
	n.logf(coroconf.LevelNotice, "TOTEM", "Initializing transport (UDP/IP Unicast).")
	if trc.Kind == transport.UDP {
		n.logf(coroconf.LevelNotice, "TOTEM", "Initializing transport (UDP/IP Multicast).")
	}

	if code := n.listenIPC(); code != ExitOK {
		return code
	}
	now := n.now()
	if err := n.eng.Step(engine.Start{Now: now}); err != nil {
		n.logf(coroconf.LevelError, "MAIN", "%v", err)
		return ExitService
	}
	if err := n.tn.Step(totem.Start{RingSeq: seq, Now: now}); err != nil {
		n.logf(coroconf.LevelError, "MAIN", "%v", err)
		return ExitFatal
	}
	return ExitOK
}

var teardowns []func()

func (n *node) onTeardown(f func()) { teardowns = append(teardowns, f) }

func (n *node) teardown() {
	for _, s := range n.servers {
		s.Close()
	}
	for i := len(teardowns) - 1; i >= 0; i-- {
		teardowns[i]()
	}
	teardowns = nil
}

// listenIPC opens corosync's client sockets: cmap, quorum, votequorum, cfg.
func (n *node) listenIPC() int {
	access := cmapipc.AccessCheck(n.m)
	opts := qbipc.Options{
		Accept: func(c qbipc.Creds) error {
			n.mu.Lock()
			synced := n.synced
			n.mu.Unlock()
			if !synced {
				return syscall.EAGAIN // "Denied connection, corosync is not ready"
			}
			return access(c)
		},
		Logger: n.slog.With("subsys", "MAIN"),
	}
	n.stats = cmap.NewStats()
	statsKeys(n.stats, n.tn.Stats(), 0)
	n.qsvc = quorumipc.NewService(quorumProvider{n})
	n.csvc = cfgipc.NewService(cfgBackend{n})
	listeners := []struct {
		name   string
		listen func() (*qbipc.Server, error)
	}{
		{"cmap", func() (*qbipc.Server, error) { return cmapipc.Listen(cmapipc.NewService(n.m, n.stats), opts) }},
		{"quorum", func() (*qbipc.Server, error) { return quorumipc.Listen(n.qsvc, opts) }},
		{"votequorum", func() (*qbipc.Server, error) {
			n.vsvc = votequorumipc.NewService(vqBackend{n})
			return votequorumipc.Listen(n.vsvc, opts)
		}},
		{"cfg", func() (*qbipc.Server, error) { return cfgipc.Listen(n.csvc, opts) }},
	}
	for _, l := range listeners {
		if l.name == "votequorum" && !n.hasVotequorum() {
			continue // corosync only loads votequorum as the quorum provider
		}
		srv, err := l.listen()
		if err != nil {
			n.logf(coroconf.LevelError, "MAIN", "Can't listen on IPC socket %s: %v", l.name, err)
			return ExitService
		}
		n.servers = append(n.servers, srv)
	}
	return ExitOK
}

func (n *node) hasVotequorum() bool {
	v, ok := n.m.Get("quorum.provider")
	return ok && v.Str() == "corosync_votequorum"
}

// call runs f on the loop and waits; false if the daemon is stopping.
func (n *node) call(f func()) bool {
	done := make(chan struct{})
	select {
	case n.calls <- func() { f(); close(done) }:
	case <-n.done:
		return false
	}
	select {
	case <-done:
		return true
	case <-n.done:
		return false
	}
}

func (n *node) loop(ctx context.Context) int {
	defer close(n.done)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		n.flush()
		if n.exiting {
			return n.exitCode
		}
		n.arm(timer)
		select {
		case <-ctx.Done():
			n.leave("Received SIGTERM")
		case reason := <-n.stop:
			n.leave(reason)
		case p, ok := <-n.tr.Recv():
			if !ok {
				n.logf(coroconf.LevelError, "TOTEM", "transport closed")
				n.exiting, n.exitCode = true, ExitFatal
				continue
			}
			n.tick()
			n.step(p.Received())
		case ev, ok := <-n.tr.Events():
			if ok {
				n.logf(coroconf.LevelNotice, "TOTEM", "%s", ev.Text())
			}
		case <-timer.C:
			n.tick()
		case f := <-n.calls:
			n.tick()
			f()
			n.engStep(engine.Poll{})
		}
	}
}

// tick brings both cores to the current time, firing due timers.
func (n *node) tick() {
	now := n.now()
	n.step(totem.Tick{Now: now})
	n.engStep(engine.Tick{Now: now})
	n.firewallHint(now)
	if now-n.lastStats >= 1000 {
		n.lastStats = now
		statsKeys(n.stats, n.tn.Stats(), 0)
	}
}

func (n *node) step(ev totem.Event) {
	if err := n.tn.Step(ev); err != nil {
		n.logf(coroconf.LevelDebug, "TOTEM", "%v", err)
	}
}

func (n *node) engStep(ev engine.Event) {
	if err := n.eng.Step(ev); err != nil {
		n.logf(coroconf.LevelError, "MAIN", "%v", err)
	}
}

// arm sets timer to the earlier of the two cores' next deadlines.
func (n *node) arm(t *time.Timer) {
	next := int64(-1)
	if d, ok := n.tn.NextDeadline(); ok {
		next = d
	}
	if d, ok := n.eng.NextDeadline(); ok && (next < 0 || d < next) {
		next = d
	}
	wait := time.Hour
	if next >= 0 {
		wait = time.Duration(next-n.now()) * time.Millisecond
		if wait < 0 {
			wait = 0
		}
	}
	// The firewall hint and idle re-checks need a heartbeat now and then.
	if wait > time.Second {
		wait = time.Second
	}
	if !t.Stop() {
		select {
		case <-t.C:
		default:
		}
	}
	t.Reset(wait)
}

// flush carries out the cores' effects until both are quiet: persist the
// ring seq, send datagrams, hand deliveries to the engine, and the
// engine's packets back to totem.
func (n *node) flush() {
	for i := 0; i < 1000 && (n.tn.HasReady() || n.eng.HasReady()); i++ {
		if n.tn.HasReady() {
			rd := n.tn.Ready()
			if rd.PersistRingSeq {
				if err := n.state.SaveRingSeq(n.id, rd.RingSeq); err != nil {
					n.logf(coroconf.LevelCrit, "MAIN", "Couldn't store new ring id %x to stable storage: %v", rd.RingSeq, err)
					n.exiting, n.exitCode = true, ExitStorage
					return
				}
			}
			for _, d := range rd.Datagrams {
				n.send(d)
			}
			for _, l := range rd.Logs {
				n.log.Log(coroconf.Message{Level: totemLevel(l.Level), Subsys: "TOTEM", Text: l.Text})
			}
			if len(rd.Upcalls) > 0 {
				n.engStep(engine.Upcalls{List: rd.Upcalls})
			}
		}
		if n.eng.HasReady() {
			erd := n.eng.Ready()
			for _, p := range erd.Packets {
				n.step(totem.AppSend{Payload: p})
			}
			for _, l := range erd.Logs {
				n.log.Log(coroconf.Message{Level: coroconf.Level(l.Level), Subsys: l.Subsys, Text: l.Text})
			}
			for _, x := range erd.Notices {
				n.notice(x)
			}
		}
	}
}

// send puts a datagram on the wire; with totem.send_join set, JOINs wait
// a random 0..send_join ms first, as corosync spreads join storms. A
// LEAVE (a JOIN too) goes at once, as corosync's does: the daemon exits
// right after it, before a delayed send would fire.
func (n *node) send(d totem.Datagram) {
	if sj := n.res.Totem.Volatile["send_join"]; sj > 0 && d.Type == wire.TypeMembJoin && !isLeave(d.Data) {
		time.AfterFunc(time.Duration(rand.Int64N(int64(sj)+1))*time.Millisecond, func() { n.tr.Send(d) })
		return
	}
	n.tr.Send(d)
}

func isLeave(b []byte) bool {
	m, err := wire.Decode(b)
	j, ok := m.(*wire.MembJoin)
	return err == nil && ok && j.IsLeave()
}

func totemLevel(l totem.LogLevel) coroconf.Level {
	switch l {
	case totem.LogError:
		return coroconf.LevelError
	case totem.LogWarning:
		return coroconf.LevelWarning
	case totem.LogNotice:
		return coroconf.LevelNotice
	}
	return coroconf.LevelDebug
}

func (n *node) notice(x engine.Notice) {
	switch x := x.(type) {
	case engine.SyncCompleted:
		n.step(totem.SyncDone{})
		n.mu.Lock()
		first := !n.synced
		n.synced = true
		n.members = n.eng.Members()
		if len(n.members) > 1 {
			n.heardPeer = true
		}
		n.mu.Unlock()
		n.snapshot()
		if first && n.o.Notify != nil {
			n.o.Notify("READY=1")
		}
	case engine.QuorumNotify:
		n.snapshot()
		n.qsvc.Changed()
	case engine.NodelistNotify:
		n.snapshot()
		n.qsvc.NodelistChanged(x.Joined, x.Left)
	case engine.VotequorumNotify:
		n.snapshot()
		if n.vsvc == nil {
			return
		}
		switch e := x.Effect.(type) {
		case votequorum.NotifyQuorum:
			n.vsvc.Changed(false)
		case votequorum.NotifyNodelist:
			n.vsvc.Changed(true)
		case votequorum.NotifyExpectedVotes:
			n.vsvc.ExpectedChanged(e.Expected)
		}
	case engine.PersistEVTracking:
		if err := n.state.SaveEVTracking(x.Value); err != nil {
			n.logf(coroconf.LevelWarning, "VOTEQ", "Unable to store ev_tracking: %v", err)
		}
	case engine.ReloadRequested:
		n.reload(x)
	case engine.ShutdownRequested:
		n.leave(x.Reason)
	case engine.FatalError:
		n.logf(coroconf.LevelError, "MAIN", "%s", x.Reason)
		n.exiting, n.exitCode = true, ExitFatal
	}
}

// snapshot copies what the IPC services read concurrently.
func (n *node) snapshot() {
	ring := n.eng.Ring()
	vq := n.eng.Votequorum()
	n.mu.Lock()
	defer n.mu.Unlock()
	n.qstate = quorumipc.State{Quorate: n.eng.Quorate(), Ring: quorumipc.RingID{NodeID: ring.Rep, Seq: ring.Seq}, Members: n.eng.Members()}
	vs := votequorumipc.State{Quorate: n.eng.Quorate(), Ring: votequorumipc.RingID{NodeID: ring.Rep, Seq: ring.Seq}, Members: n.eng.Members()}
	if vq != nil {
		for _, s := range vq.NodeStates() {
			vs.Nodes = append(vs.Nodes, votequorumipc.NodeState{NodeID: s.ID, State: uint32(s.State)})
		}
	}
	n.vstate = vs
}

// leave is the clean shutdown: LEAVE so peers reform at once, then exit.
func (n *node) leave(reason string) {
	if n.leaving {
		return
	}
	n.leaving = true
	if n.o.Notify != nil {
		n.o.Notify("STOPPING=1")
	}
	n.logf(coroconf.LevelNotice, "MAIN", "Node was shut down by a signal or request (%s)", reason)
	n.eng.Leave()
	n.flush()
	n.step(totem.Leave{})
	n.flush()
	n.logf(coroconf.LevelNotice, "MAIN", "Corosync Cluster Engine exiting normally")
	n.exiting, n.exitCode = true, ExitOK
}

// firewallHint says once per minute when a multi-node cluster has never
// heard a peer: the usual cause is a firewall dropping UDP.
func (n *node) firewallHint(now int64) {
	n.mu.Lock()
	heard := n.heardPeer
	n.mu.Unlock()
	peers := len(n.res.Totem.Links[0].Members) > 1
	if heard || !peers || now < 10_000 || now-n.lastWarn < 60_000 {
		return
	}
	n.lastWarn = now
	port := n.res.Totem.Links[0].Port
	n.logf(coroconf.LevelWarning, "TOTEM", "No other node has been heard for %d s: is a firewall blocking UDP port %d (and %d)?", now/1000, port, port-1)
}

// --- IPC backends ---

type quorumProvider struct{ n *node }

func (p quorumProvider) QuorumType() uint32 {
	if p.n.hasVotequorum() {
		return quorumipc.TypeSet
	}
	return quorumipc.TypeFree
}

func (p quorumProvider) QuorumState() quorumipc.State {
	p.n.mu.Lock()
	defer p.n.mu.Unlock()
	return p.n.qstate
}

type vqBackend struct{ n *node }

var errStopping = errors.New("daemon is stopping")

func (b vqBackend) GetInfo(nodeid uint32) (votequorumipc.Info, error) {
	var info votequorum.Info
	var err error = errStopping
	b.n.call(func() {
		if vq := b.n.eng.Votequorum(); vq != nil {
			info, err = vq.GetInfo(nodeid)
		} else {
			err = cmapipc.ErrNotExist
		}
	})
	return votequorumipc.InfoFrom(info), err
}

func (b vqBackend) SetExpected(expected uint32) error {
	err := errStopping
	b.n.call(func() { err = b.n.eng.SetExpected(expected) })
	return err
}

func (b vqBackend) SetVotes(nodeid, votes uint32) error {
	err := errStopping
	b.n.call(func() { err = b.n.eng.SetVotes(nodeid, votes) })
	return err
}

func (b vqBackend) VoteState() votequorumipc.State {
	b.n.mu.Lock()
	defer b.n.mu.Unlock()
	return b.n.vstate
}

type cfgBackend struct{ n *node }

func (b cfgBackend) LocalNodeID() uint32 { return b.n.id }

func (b cfgBackend) NodeAddrs(nodeid uint32) ([]netip.Addr, error) {
	var out []netip.Addr
	for _, l := range b.n.liveTotem().Links {
		for _, m := range l.Members {
			if m.Nodeid != nodeid {
				continue
			}
			if a, err := netip.ParseAddr(m.Addr); err == nil && !containsAddr(out, a) {
				out = append(out, a)
			}
		}
	}
	if len(out) == 0 {
		return nil, cmapipc.ErrNotExist
	}
	return out, nil
}

func containsAddr(as []netip.Addr, a netip.Addr) bool {
	for _, x := range as {
		if x == a {
			return true
		}
	}
	return false
}

func (b cfgBackend) NodeStatus(nodeid uint32) cfgipc.NodeStatus {
	st := cfgipc.NodeStatus{NodeID: nodeid}
	addrs, err := b.NodeAddrs(nodeid)
	if err != nil {
		return st
	}
	b.n.mu.Lock()
	members := b.n.members
	b.n.mu.Unlock()
	in := nodeid == b.n.id
	for _, m := range members {
		if m == nodeid {
			in = true
		}
	}
	st.Reachable = in
	// As corosync's udp/udpu report it: the node's own address as the
	// link's source, "connected" for members other than ourselves.
	conn := in && nodeid != b.n.id
	st.Links[0] = cfgipc.LinkStatus{Enabled: true, Connected: conn, DynConnected: conn, MTU: uint32(b.n.tr.MTU()),
		Src: addrs[0].String()}
	return st
}

func (b cfgBackend) RingStatus() []cfgipc.Ring {
	return []cfgipc.Ring{{Name: "0 " + b.n.tr.LocalAddr().String(), Status: "OK"}}
}

// Reload is cfgtool -R. As in corosync, the answer comes once this node
// has re-read its file (the RELOAD message went round the ring and came
// back), with CS_ERR_INVALID_PARAM when this node could not load it.
func (b cfgBackend) Reload() error {
	n := b.n
	done := make(chan error, 1)
	if !n.call(func() {
		n.reloadSeq++
		n.reloadWait[n.reloadSeq] = done
		n.eng.CfgReload(n.reloadSeq)
	}) {
		return errStopping
	}
	select {
	case err := <-done:
		return err
	case <-time.After(reloadTimeout):
		return cmapipc.ErrTimeout
	case <-n.done:
		return errStopping
	}
}

// reloadTimeout bounds a reload's round trip through the ring.
const reloadTimeout = 30 * time.Second

func (b cfgBackend) ReopenLogs() error {
	b.n.log.ReopenLogs()
	return nil
}

func (b cfgBackend) KillNode(nodeid uint32, reason string) error {
	if !b.n.call(func() { b.n.eng.CfgKillNode(nodeid, reason) }) {
		return errStopping
	}
	return nil
}

func (b cfgBackend) Shutdown() {
	select {
	case b.n.stop <- "cfg shutdown request":
	default:
	}
}

// compile-time checks of the backends
var (
	_ quorumipc.Provider    = quorumProvider{}
	_ votequorumipc.Backend = vqBackend{}
	_ cfgipc.Backend        = cfgBackend{}
)
