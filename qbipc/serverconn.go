package qbipc

import (
	"errors"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// ServerConn is one client of a Server.
type ServerConn struct {
	srv     *Server
	id      uint64
	creds   Creds
	maxMsg  int
	setup   *net.UnixConn // stream socket of the handshake; kept for liveness
	req     *net.UnixConn // bound <base>-request; answers go back on it
	evt     *net.UnixConn // bound <base>-event-tx
	dir     string        // per-connection directory under ShmDir
	ctlPath string        // control file (three {sent, flow_control} pairs)
	base    string        // prefix of the datagram socket names
	opened  bool          // Opened succeeded, so Closed is owed

	events    chan []byte
	pending   atomic.Int64 // events queued or being written
	done      chan struct{}
	closeOnce sync.Once
	evConnect sync.Once
	evErr     error

	mu   sync.Mutex
	data any
}

// Errors of SendEvent.
var (
	ErrClosed     = errors.New("qbipc: connection closed")
	ErrQueueFull  = errors.New("qbipc: event queue full; client dropped")
	ErrMsgTooLong = errors.New("qbipc: message longer than the connection's max_msg_size")
)

// ID is a number unique among the server's connections.
func (c *ServerConn) ID() uint64 { return c.id }

// Creds are the client's credentials at connection time.
func (c *ServerConn) Creds() Creds { return c.creds }

// MaxMsgSize is the negotiated largest message, headers included.
func (c *ServerConn) MaxMsgSize() int { return c.maxMsg }

// Server returns the server the connection belongs to.
func (c *ServerConn) Server() *Server { return c.srv }

// Done is closed when the connection is closing.
func (c *ServerConn) Done() <-chan struct{} { return c.done }

// SetData and Data hold per-connection state of the service.
func (c *ServerConn) SetData(v any) {
	c.mu.Lock()
	c.data = v
	c.mu.Unlock()
}

func (c *ServerConn) Data() any {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.data
}

// SendEvent queues an event message {id, size, errCode} + body for the
// client's event channel and returns at once; it never blocks the caller
// (map trackers call it from inside changes). A client that lets
// Options.EventQueue events pile up is disconnected.
func (c *ServerConn) SendEvent(id, errCode int32, body []byte) error {
	size := ResponseHeaderSize + len(body)
	if size > c.maxMsg {
		return ErrMsgTooLong
	}
	msg := make([]byte, size)
	PutResponseHeader(msg, id, size, errCode)
	copy(msg[ResponseHeaderSize:], body)
	select {
	case <-c.done:
		return ErrClosed
	default:
	}
	c.pending.Add(1)
	select {
	case c.events <- msg:
		return nil
	case <-c.done:
		c.pending.Add(-1)
		return ErrClosed
	default:
		c.pending.Add(-1)
		c.srv.log.Warn("client does not read its events; dropping it", "conn", c.id, "pid", c.creds.PID)
		c.Close()
		return ErrQueueFull
	}
}

// EventsPending counts the events queued by SendEvent that have not yet
// been handed to the client's socket.
func (c *ServerConn) EventsPending() int { return int(c.pending.Load()) }

// Close drops the client. It returns at once; the connection's goroutines
// end and Options.Closed runs shortly after.
func (c *ServerConn) Close() {
	c.closeOnce.Do(func() {
		close(c.done)
		c.setup.Close()
		c.req.Close()
		c.evt.Close()
	})
}

// abort undoes newConn for a client that never got served.
func (c *ServerConn) abort() {
	c.Close()
	c.removeFiles()
}

// serve runs the connection until it is closed, then cleans up.
func (c *ServerConn) serve() {
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); c.watchSetup() }()
	go func() { defer wg.Done(); c.writeEvents() }()
	go func() { defer wg.Done(); c.readRequests() }()
	<-c.done
	wg.Wait()
	c.srv.unregister(c)
	if c.opened && c.srv.opt.Closed != nil {
		c.srv.opt.Closed(c)
	}
	c.removeFiles()
	c.srv.log.Debug("client disconnected", "conn", c.id)
}

// watchSetup ends the connection when the client's end of the setup
// socket closes (libqb's liveness check; data on it is ignored).
func (c *ServerConn) watchSetup() {
	buf := make([]byte, 64)
	for {
		if _, err := c.setup.Read(buf); err != nil {
			c.Close()
			return
		}
	}
}

// readRequests handles request datagrams one by one.
func (c *ServerConn) readRequests() {
	defer c.Close()
	buf := make([]byte, c.maxMsg)
	oob := make([]byte, credSpace)
	connected := false
	for {
		n, oobn, flags, _, err := c.req.ReadMsgUnix(buf, oob)
		if err != nil {
			return
		}
		// Only the client's own process may speak on its channel: the
		// name of the request socket is visible to anyone in the
		// namespace.
		if cr, ok := credsOf(oob[:oobn]); !ok || cr != c.creds {
			c.srv.log.Warn("dropping a request from a foreign process", "conn", c.id, "from", cr)
			continue
		}
		if flags&msgTrunc != 0 {
			c.srv.log.Warn("request longer than max_msg_size; dropping client", "conn", c.id)
			return
		}
		h, body, err := ParseRequest(buf[:n])
		if err != nil {
			c.srv.log.Warn("malformed request; dropping client", "conn", c.id, "err", err)
			return
		}
		if !connected {
			// The client bound its response socket before sending.
			if err := connectTo(c.req, c.base+"-response"); err != nil {
				c.srv.log.Warn("cannot reach client's response socket", "conn", c.id, "err", err)
				return
			}
			connected = true
		}
		if h.ID == MsgDisconnect {
			return
		}
		resp := c.srv.handler.HandleRequest(c, h.ID, body)
		if resp.None {
			continue
		}
		size := ResponseHeaderSize + len(resp.Body)
		if size > c.maxMsg {
			c.srv.log.Error("response longer than max_msg_size; dropping client", "conn", c.id, "id", resp.ID, "size", size)
			return
		}
		msg := make([]byte, size)
		PutResponseHeader(msg, resp.ID, size, resp.Error)
		copy(msg[ResponseHeaderSize:], resp.Body)
		if err := c.write(c.req, msg); err != nil {
			return
		}
	}
}

// writeEvents drains the event queue onto the event channel.
func (c *ServerConn) writeEvents() {
	for {
		select {
		case <-c.done:
			return
		case msg := <-c.events:
			c.evConnect.Do(func() { c.evErr = connectTo(c.evt, c.base+"-event") })
			if c.evErr != nil {
				c.srv.log.Warn("cannot reach client's event socket", "conn", c.id, "err", c.evErr)
				c.Close()
				return
			}
			err := c.write(c.evt, msg)
			c.pending.Add(-1)
			if err != nil {
				c.Close()
				return
			}
		}
	}
}

// write sends one datagram within SendTimeout.
func (c *ServerConn) write(s *net.UnixConn, msg []byte) error {
	s.SetWriteDeadline(time.Now().Add(c.srv.opt.SendTimeout))
	_, err := s.Write(msg)
	if err != nil {
		c.srv.log.Debug("write to client failed", "conn", c.id, "err", err)
	}
	return err
}

// makeFiles creates the directory's control file, zeroed (no flow control),
// owned by the client as libqb does.
func (c *ServerConn) makeFiles() error {
	_ = os.Chown(c.dir, int(c.creds.UID), int(c.creds.GID)) // fails when not root; harmless
	if err := os.Chmod(c.dir, 0o770); err != nil {
		return err
	}
	f, err := os.OpenFile(c.ctlPath, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Write(make([]byte, controlFileSize)); err != nil {
		return err
	}
	_ = f.Chown(int(c.creds.UID), int(c.creds.GID))
	return nil
}

// removeFiles deletes what makeFiles made; the client may have done it.
func (c *ServerConn) removeFiles() {
	os.Remove(c.ctlPath)
	os.Remove(c.dir)
}
