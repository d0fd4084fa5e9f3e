package oracle

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"sync"
	"syscall"
	"time"
)

// catcher listens on the box's /dev/log and remembers each datagram with
// the sender's pid (from SO_PASSCRED), so messages can be given to the step
// that sent them.
type catcher struct {
	conn *net.UnixConn
	self *net.UnixConn // our own client, for sync markers

	mu      sync.Mutex
	cond    *sync.Cond
	msgs    []syslogMsg
	markers int // markers seen
	sent    int // markers sent
}

type syslogMsg struct {
	pid  int32
	text string
}

const syncMarker = "\x00box-sync"

func listenSyslog(path string) (*catcher, error) {
	_ = os.Remove(path)
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		return nil, fmt.Errorf("syslog catcher: %w", err)
	}
	raw, err := conn.SyscallConn()
	if err != nil {
		conn.Close()
		return nil, err
	}
	var serr error
	if err := raw.Control(func(fd uintptr) {
		serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_PASSCRED, 1)
	}); err != nil || serr != nil {
		conn.Close()
		return nil, fmt.Errorf("syslog catcher: SO_PASSCRED: %v %v", err, serr)
	}
	os.Chmod(path, 0o666)
	self, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("syslog catcher: %w", err)
	}
	c := &catcher{conn: conn, self: self}
	c.cond = sync.NewCond(&c.mu)
	go c.loop()
	return c, nil
}

func (c *catcher) loop() {
	buf := make([]byte, 64<<10)
	oob := make([]byte, syscall.CmsgSpace(syscall.SizeofUcred))
	for {
		n, oobn, _, _, err := c.conn.ReadMsgUnix(buf, oob)
		if err != nil {
			c.mu.Lock()
			c.markers = 1 << 30 // wake any waiter for good
			c.cond.Broadcast()
			c.mu.Unlock()
			return
		}
		text := string(bytes.TrimRight(buf[:n], "\n"))
		pid := int32(-1)
		if cmsgs, err := syscall.ParseSocketControlMessage(oob[:oobn]); err == nil {
			for _, m := range cmsgs {
				if cred, err := syscall.ParseUnixCredentials(&m); err == nil {
					pid = cred.Pid
				}
			}
		}
		c.mu.Lock()
		if text == syncMarker && pid == int32(os.Getpid()) {
			c.markers++
			c.cond.Broadcast()
		} else {
			c.msgs = append(c.msgs, syslogMsg{pid: pid, text: text})
		}
		c.mu.Unlock()
	}
}

// take returns the datagrams received so far and forgets them. Every
// datagram sent before the call is included: a marker is queued behind them
// and waited for (a unix datagram queue is in order), at most 2 s.
func (c *catcher) take() []syslogMsg {
	c.mu.Lock()
	c.sent++
	want := c.sent
	c.mu.Unlock()
	if _, err := c.self.Write([]byte(syncMarker)); err == nil {
		deadline := time.AfterFunc(2*time.Second, func() {
			c.mu.Lock()
			c.markers = max(c.markers, want)
			c.cond.Broadcast()
			c.mu.Unlock()
		})
		c.mu.Lock()
		for c.markers < want {
			c.cond.Wait()
		}
		c.mu.Unlock()
		deadline.Stop()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.msgs
	c.msgs = nil
	return m
}

func (c *catcher) close() {
	c.self.Close()
	c.conn.Close()
}
