package qbipc

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// DefaultCallTimeout bounds Call unless Conn.Timeout says otherwise.
const DefaultCallTimeout = 30 * time.Second

// Client errors.
var (
	ErrDisconnected = errors.New("qbipc: server closed the connection")
	ErrTimeout      = errors.New("qbipc: timed out")
	ErrTryAgain     = errors.New("qbipc: server applies flow control; try again")
	ErrNotSocket    = errors.New("qbipc: server offers shared memory IPC; only the socket type is supported (corosync: system { qb_ipc_type: socket })")
)

// Reply is a response or event: its header's id and error, and the body.
type Reply struct {
	ID    int32
	Error int32
	Body  []byte
}

// Conn is a client connection to one libqb service, over the socket
// transport. Calls are serialised; RecvEvent may run concurrently with
// them.
type Conn struct {
	// Timeout bounds each Call; 0 means DefaultCallTimeout.
	Timeout time.Duration

	name    string
	maxMsg  int
	setup   *net.UnixConn
	req     *net.UnixConn
	evt     *net.UnixConn
	ctl     *os.File // control file: flow control of the request channel
	ctlPath string

	callMu sync.Mutex
	buf    []byte
	evMu   sync.Mutex
	evBuf  []byte

	dead      chan struct{} // closed when the server side went away
	closeOnce sync.Once
	watchDone chan struct{}
}

// Dial connects to service name (e.g. "cmap") offering maxMsg as the
// buffer size (0: DefaultMaxMsgSize), the way qb_ipcc_connect does. A
// refusal by the server comes back as a syscall.Errno (EACCES, EAGAIN...).
func Dial(name string, maxMsg int) (*Conn, error) {
	if maxMsg <= 0 {
		maxMsg = DefaultMaxMsgSize
	}
	setup, err := dialStream(name)
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			setup.Close()
		}
	}()
	setup.SetDeadline(time.Now().Add(handshakeTO))
	if _, err := setup.Write(connRequest{MaxMsgSize: uint32(max(maxMsg, connResponseSize))}.encode()); err != nil {
		return nil, fmt.Errorf("qbipc: %s: sending connection request: %w", name, err)
	}
	raw := make([]byte, connResponseSize)
	if _, err := readFull(setup, raw); err != nil {
		return nil, fmt.Errorf("qbipc: %s: reading connection response: %w", name, err)
	}
	setup.SetDeadline(time.Time{})
	resp, err := decodeConnResponse(raw)
	if err != nil {
		return nil, fmt.Errorf("qbipc: %s: %w", name, err)
	}
	if resp.Error != 0 {
		return nil, fmt.Errorf("qbipc: %s: connection refused: %w", name, syscall.Errno(-resp.Error))
	}
	if resp.Type != TypeSocket {
		return nil, fmt.Errorf("%w (connection type %d)", ErrNotSocket, resp.Type)
	}
	if resp.MaxMsgSize < ResponseHeaderSize || resp.MaxMsgSize > MaxMsgSizeLimit {
		return nil, fmt.Errorf("qbipc: %s: unusable max_msg_size %d", name, resp.MaxMsgSize)
	}
	c := &Conn{name: name, maxMsg: int(resp.MaxMsgSize), setup: setup,
		dead: make(chan struct{}), watchDone: make(chan struct{})}
	c.ctlPath = resp.Request
	if !strings.Contains(c.ctlPath, "/") {
		c.ctlPath = "/dev/shm/" + c.ctlPath
	}
	if c.ctl, err = os.OpenFile(c.ctlPath, os.O_RDWR, 0); err != nil {
		return nil, fmt.Errorf("qbipc: %s: control file: %w", name, err)
	}
	if c.req, err = bindDgram(resp.Response+"-response", resp.Response+"-request", c.maxMsg, false); err != nil {
		c.ctl.Close()
		return nil, err
	}
	if c.evt, err = bindDgram(resp.Response+"-event", resp.Response+"-event-tx", c.maxMsg, false); err != nil {
		c.ctl.Close()
		c.req.Close()
		return nil, err
	}
	c.buf = make([]byte, c.maxMsg)
	c.evBuf = make([]byte, c.maxMsg)
	ok = true
	go c.watch()
	return c, nil
}

// readFull reads exactly len(b) bytes from a stream.
func readFull(c *net.UnixConn, b []byte) (int, error) {
	got := 0
	for got < len(b) {
		n, err := c.Read(b[got:])
		got += n
		if err != nil {
			return got, err
		}
	}
	return got, nil
}

// watch notices the server closing the setup socket, as libqb clients do
// by polling it, and unblocks pending reads.
func (c *Conn) watch() {
	defer close(c.watchDone)
	buf := make([]byte, 64)
	for {
		if _, err := c.setup.Read(buf); err != nil {
			close(c.dead)
			c.req.Close()
			c.evt.Close()
			return
		}
	}
}

// Name is the service name.
func (c *Conn) Name() string { return c.name }

// MaxMsgSize is the negotiated largest message, headers included.
func (c *Conn) MaxMsgSize() int { return c.maxMsg }

// Connected reports whether the server still holds the connection.
func (c *Conn) Connected() bool {
	select {
	case <-c.dead:
		return false
	default:
		return true
	}
}

// Call sends request id with body and waits for the response.
func (c *Conn) Call(id int32, body []byte) (Reply, error) {
	size := RequestHeaderSize + len(body)
	if size > c.maxMsg {
		return Reply{}, ErrMsgTooLong
	}
	c.callMu.Lock()
	defer c.callMu.Unlock()
	if !c.Connected() {
		return Reply{}, ErrDisconnected
	}
	if c.flowControlled() {
		return Reply{}, ErrTryAgain
	}
	c.drainStale()
	msg := make([]byte, size)
	PutRequestHeader(msg, id, size)
	copy(msg[RequestHeaderSize:], body)
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultCallTimeout
	}
	deadline := time.Now().Add(timeout)
	c.req.SetDeadline(deadline)
	if _, err := c.req.Write(msg); err != nil {
		return Reply{}, c.ioErr(err)
	}
	return c.recv(c.req, c.buf)
}

// RecvEvent waits up to timeout for the next event message.
func (c *Conn) RecvEvent(timeout time.Duration) (Reply, error) {
	c.evMu.Lock()
	defer c.evMu.Unlock()
	c.evt.SetReadDeadline(time.Now().Add(timeout))
	return c.recv(c.evt, c.evBuf)
}

func (c *Conn) recv(s *net.UnixConn, buf []byte) (Reply, error) {
	n, _, flags, _, err := s.ReadMsgUnix(buf, nil)
	if err != nil {
		return Reply{}, c.ioErr(err)
	}
	if flags&msgTrunc != 0 {
		return Reply{}, ErrMsgTooLong
	}
	h, body, err := ParseResponse(buf[:n])
	if err != nil {
		return Reply{}, err
	}
	return Reply{ID: h.ID, Error: h.Error, Body: append([]byte(nil), body...)}, nil
}

// drainStale discards responses that arrived after an earlier Call timed
// out, so they are not taken for this call's answer.
func (c *Conn) drainStale() {
	c.req.SetReadDeadline(time.Now())
	for range 64 {
		if _, err := c.req.Read(c.buf); err != nil {
			break
		}
	}
}

// flowControlled reads the request channel's flow_control word (offset 4
// of the control file); libqb clients refuse to send while it is 1.
func (c *Conn) flowControlled() bool {
	var b [4]byte
	if _, err := c.ctl.ReadAt(b[:], 4); err != nil {
		return false
	}
	fc := int32(binary.LittleEndian.Uint32(b[:]))
	return fc > 0 && fc <= 1
}

func (c *Conn) ioErr(err error) error {
	if !c.Connected() || errors.Is(err, net.ErrClosed) {
		return ErrDisconnected
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return ErrTimeout
	}
	return err
}

// Close disconnects and removes the control file and its directory, as
// libqb clients do.
func (c *Conn) Close() error {
	c.closeOnce.Do(func() {
		c.setup.Close()
		<-c.watchDone
		c.req.Close()
		c.evt.Close()
		c.ctl.Close()
		os.Remove(c.ctlPath)
		os.Remove(filepath.Dir(c.ctlPath))
	})
	return nil
}
