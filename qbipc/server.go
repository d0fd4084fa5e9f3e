package qbipc

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gorosync/gorosync/internal/nsthread"
)

// Creds are the client's process credentials from SCM_CREDENTIALS.
type Creds struct {
	PID      int32
	UID, GID uint32
}

// Response is a handler's answer. The server sends a response header
// {ID, 24+len(Body), Error} followed by Body, unless None is set (for
// requests that get no reply).
type Response struct {
	ID    int32
	Error int32
	Body  []byte
	None  bool
}

// Handler serves the requests of one service. HandleRequest runs on the
// connection's own goroutine, one request at a time per connection (but
// concurrently across connections); body is only valid during the call.
type Handler interface {
	HandleRequest(c *ServerConn, id int32, body []byte) Response
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(c *ServerConn, id int32, body []byte) Response

func (f HandlerFunc) HandleRequest(c *ServerConn, id int32, body []byte) Response {
	return f(c, id, body)
}

// Defaults and limits.
const (
	// DefaultMaxMsgSize is corosync's IPC buffer size (8192*128), used
	// when Options.MaxMsgSize is 0.
	DefaultMaxMsgSize = 1 << 20
	// MaxMsgSizeLimit bounds what a client can make the server allocate
	// per connection; libqb takes the larger of the two sizes unbounded.
	MaxMsgSizeLimit = 16 << 20
	defaultMaxConns = 256
	defaultEvQueue  = 4096
	defaultSendTO   = 5 * time.Second
	handshakeTO     = 5 * time.Second
)

// Options tune a Server; the zero value is usable.
type Options struct {
	// MaxMsgSize is the server's buffer size; the size used for a
	// connection is the larger of it and the client's (capped at
	// MaxMsgSizeLimit), as libqb negotiates.
	MaxMsgSize int
	// Accept decides whether a client may connect, before anything is
	// created for it. nil admits everyone. A syscall.Errno result is sent
	// to the client as its negative (corosync: EACCES, EAGAIN when not
	// ready); any other error as -EACCES.
	Accept func(Creds) error
	// Opened runs once the client has the handshake response, before its
	// first request (corosync's lib_init_fn); an error drops the client.
	Opened func(*ServerConn) error
	// Closed runs once per opened connection after its last request has
	// been handled (corosync's lib_exit_fn).
	Closed func(*ServerConn)
	// MaxConns bounds simultaneous connections (default 256); more are
	// refused with EMFILE.
	MaxConns int
	// EventQueue bounds the events waiting to be written to one client
	// (default 4096); a client that lets it fill up is disconnected.
	EventQueue int
	// SendTimeout bounds one write to a client (default 5 s).
	SendTimeout time.Duration
	// ShmDir is where the per-connection directory with the control file
	// is made (default /dev/shm, as libqb on Linux).
	ShmDir string
	// Logger receives connection-level events (default: discarded).
	Logger *slog.Logger
}

// Server is one libqb IPC service ("cmap", "quorum", ...) listening on its
// abstract socket. Create it with Listen; Close stops it.
type Server struct {
	name    string
	handler Handler
	opt     Options
	ln      *net.UnixListener
	ns      *nsthread.Pin // namespace of Listen's caller, for per-connection sockets
	log     *slog.Logger

	mu     sync.Mutex
	conns  map[*ServerConn]struct{}
	closed bool
	wg     sync.WaitGroup
	nextID atomic.Uint64
}

// ErrServerClosed is returned by operations on a closed server.
var ErrServerClosed = errors.New("qbipc: server closed")

// Listen creates the service name's rendezvous socket and serves it with
// handler until Close. All sockets of the server, including those made
// later for each client, live in the network namespace of the thread that
// calls Listen.
func Listen(name string, handler Handler, opt Options) (*Server, error) {
	if handler == nil {
		return nil, errors.New("qbipc: nil handler")
	}
	if opt.MaxMsgSize <= 0 {
		opt.MaxMsgSize = DefaultMaxMsgSize
	}
	if opt.MaxMsgSize > MaxMsgSizeLimit {
		opt.MaxMsgSize = MaxMsgSizeLimit
	}
	if opt.MaxConns <= 0 {
		opt.MaxConns = defaultMaxConns
	}
	if opt.EventQueue <= 0 {
		opt.EventQueue = defaultEvQueue
	}
	if opt.SendTimeout <= 0 {
		opt.SendTimeout = defaultSendTO
	}
	if opt.ShmDir == "" {
		opt.ShmDir = "/dev/shm"
	}
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	ns, err := nsthread.Capture("qbipc")
	if err != nil {
		return nil, err
	}
	ln, err := listenStream(name)
	if err != nil {
		ns.Close()
		return nil, err
	}
	s := &Server{name: name, handler: handler, opt: opt, ln: ln, ns: ns,
		log: log.With("service", name), conns: map[*ServerConn]struct{}{}}
	s.wg.Add(1)
	go s.acceptLoop()
	return s, nil
}

// Name is the service name the server listens on.
func (s *Server) Name() string { return s.name }

// Conns returns the connections currently open.
func (s *Server) Conns() []*ServerConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*ServerConn, 0, len(s.conns))
	for c := range s.conns {
		out = append(out, c)
	}
	return out
}

// Close stops listening, drops every client and waits until all of the
// server's goroutines have ended and its files are removed.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	conns := make([]*ServerConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	err := s.ln.Close()
	for _, c := range conns {
		c.Close()
	}
	s.wg.Wait()
	s.ns.Close()
	return err
}

func (s *Server) acceptLoop() {
	defer s.wg.Done()
	for {
		c, err := s.ln.AcceptUnix()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			s.log.Warn("accept failed", "err", err)
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			// e.g. EMFILE: back off briefly instead of spinning.
			time.Sleep(50 * time.Millisecond)
			continue
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.handshake(c)
		}()
	}
}

// handshake authenticates one new client and, if it is admitted, sets up
// its channels and starts serving it.
func (s *Server) handshake(setup *net.UnixConn) {
	creds, req, err := readConnRequest(setup)
	if err != nil {
		s.log.Debug("dropping client before handshake", "err", err)
		setup.Close()
		return
	}
	refuse := func(errno syscall.Errno, why string) {
		s.log.Info("refusing client", "pid", creds.PID, "uid", creds.UID, "gid", creds.GID, "reason", why)
		b, _ := connResponse{Error: -int32(errno)}.encode()
		setup.SetWriteDeadline(time.Now().Add(s.opt.SendTimeout))
		setup.Write(b)
		setup.Close()
	}
	if s.opt.Accept != nil {
		if err := s.opt.Accept(creds); err != nil {
			var errno syscall.Errno
			if !errors.As(err, &errno) || errno == 0 {
				errno = syscall.EACCES
			}
			refuse(errno, err.Error())
			return
		}
	}
	s.mu.Lock()
	full := len(s.conns) >= s.opt.MaxConns
	closed := s.closed
	s.mu.Unlock()
	if closed {
		setup.Close()
		return
	}
	if full {
		refuse(syscall.EMFILE, "too many connections")
		return
	}
	maxMsg := max(int(req.MaxMsgSize), s.opt.MaxMsgSize)
	maxMsg = min(maxMsg, MaxMsgSizeLimit)
	c, err := s.newConn(setup, creds, maxMsg)
	if err != nil {
		s.log.Warn("cannot set up client channels", "err", err)
		refuse(syscall.EIO, err.Error())
		return
	}
	resp := connResponse{
		Type:       TypeSocket,
		MaxMsgSize: uint32(maxMsg),
		Connection: c.id,
		Request:    c.ctlPath,
		Response:   c.base,
	}
	// Registered before the client hears back, so that a client that has
	// connected is always among Conns.
	if !s.register(c) {
		c.abort()
		return
	}
	b, err := resp.encode()
	if err == nil {
		setup.SetWriteDeadline(time.Now().Add(s.opt.SendTimeout))
		_, err = setup.Write(b)
		setup.SetWriteDeadline(time.Time{})
	}
	if err != nil {
		s.log.Debug("client gone during handshake", "err", err)
		s.unregister(c)
		c.abort()
		return
	}
	if s.opt.Opened != nil {
		if err := s.opt.Opened(c); err != nil {
			s.log.Warn("connection init failed", "err", err)
			s.unregister(c)
			c.abort()
			return
		}
	}
	c.opened = true
	s.log.Debug("client connected", "pid", creds.PID, "uid", creds.UID, "gid", creds.GID, "conn", c.id)
	c.serve() // returns when the connection is gone and cleaned up
}

func (s *Server) register(c *ServerConn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.conns[c] = struct{}{}
	return true
}

func (s *Server) unregister(c *ServerConn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
}

// readConnRequest reads the 24-byte connection request and the client's
// credentials that came with it, within handshakeTO.
func readConnRequest(setup *net.UnixConn) (Creds, connRequest, error) {
	if err := setup.SetReadDeadline(time.Now().Add(handshakeTO)); err != nil {
		return Creds{}, connRequest{}, err
	}
	defer setup.SetReadDeadline(time.Time{})
	buf := make([]byte, connRequestSize)
	oob := make([]byte, credSpace)
	var creds Creds
	got, haveCreds := 0, false
	for got < len(buf) {
		n, oobn, _, _, err := setup.ReadMsgUnix(buf[got:], oob)
		if err != nil {
			return Creds{}, connRequest{}, err
		}
		if n == 0 {
			return Creds{}, connRequest{}, io.ErrUnexpectedEOF
		}
		if !haveCreds {
			creds, haveCreds = credsOf(oob[:oobn])
		}
		got += n
	}
	if !haveCreds {
		return Creds{}, connRequest{}, errors.New("no SCM_CREDENTIALS with the connection request")
	}
	req, err := decodeConnRequest(buf)
	return creds, req, err
}

// newConn creates the client's directory, control file and datagram
// sockets, the way libqb's socket transport names them.
func (s *Server) newConn(setup *net.UnixConn, creds Creds, maxMsg int) (*ServerConn, error) {
	id := s.nextID.Add(1)
	dir, err := os.MkdirTemp(s.opt.ShmDir, fmt.Sprintf("qb-%d-%d-%d-", os.Getpid(), creds.PID, id))
	if err != nil {
		return nil, err
	}
	c := &ServerConn{
		srv: s, id: id, creds: creds, maxMsg: maxMsg, setup: setup, dir: dir,
		ctlPath: dir + "/qb-control-" + s.name,
		base:    dir + "/qb-" + s.name,
		events:  make(chan []byte, s.opt.EventQueue),
		done:    make(chan struct{}),
	}
	if err := c.makeFiles(); err != nil {
		c.removeFiles()
		return nil, err
	}
	err = s.ns.Do(func() error {
		var err error
		if c.req, err = bindDgram(c.base+"-request", "", maxMsg, true); err != nil {
			return err
		}
		c.evt, err = bindDgram(c.base+"-event-tx", "", maxMsg, false)
		return err
	})
	if err != nil {
		if c.req != nil {
			c.req.Close()
		}
		c.removeFiles()
		return nil, err
	}
	return c, nil
}
