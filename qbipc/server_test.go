package qbipc

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

var nameSeq atomic.Uint64

// testName is a service name no other test or process uses.
func testName() string {
	return fmt.Sprintf("grq-%d-%d", os.Getpid(), nameSeq.Add(1))
}

// echo answers request id with id+100, error 1 and the body reversed; id 7
// also queues an event carrying the body; id 8 answers nothing.
var echo = HandlerFunc(func(c *ServerConn, id int32, body []byte) Response {
	switch id {
	case 7:
		if err := c.SendEvent(50, 1, body); err != nil {
			return Response{ID: id + 100, Error: 2}
		}
	case 8:
		return Response{None: true}
	}
	out := make([]byte, len(body))
	for i, b := range body {
		out[len(body)-1-i] = b
	}
	return Response{ID: id + 100, Error: 1, Body: out}
})

func listen(t *testing.T, h Handler, opt Options) *Server {
	t.Helper()
	if opt.ShmDir == "" {
		opt.ShmDir = shortDir(t)
	}
	s, err := Listen(testName(), h, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestCallAndEvents(t *testing.T) {
	before := runtime.NumGoroutine()
	shm := shortDir(t)
	s := listen(t, echo, Options{ShmDir: shm})
	c, err := Dial(s.Name(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxMsgSize() != DefaultMaxMsgSize {
		t.Errorf("max msg %d", c.MaxMsgSize())
	}
	r, err := c.Call(3, []byte("abc"))
	if err != nil || r.ID != 103 || r.Error != 1 || string(r.Body) != "cba" {
		t.Fatalf("call: %+v %v", r, err)
	}
	// A big message near the negotiated maximum crosses intact.
	big := bytes.Repeat([]byte("0123456789abcdef"), (DefaultMaxMsgSize-ResponseHeaderSize)/16)
	if r, err := c.Call(4, big); err != nil || len(r.Body) != len(big) {
		t.Fatalf("big call: %d bytes, %v", len(r.Body), err)
	}
	if r, err := c.Call(7, []byte("ev")); err != nil || r.Error != 1 {
		t.Fatalf("event call: %+v %v", r, err)
	}
	ev, err := c.RecvEvent(5 * time.Second)
	if err != nil || ev.ID != 50 || string(ev.Body) != "ev" {
		t.Fatalf("event: %+v %v", ev, err)
	}
	if _, err := c.RecvEvent(10 * time.Millisecond); !errors.Is(err, ErrTimeout) {
		t.Errorf("no event pending: got %v", err)
	}
	c.Timeout = 50 * time.Millisecond
	if _, err := c.Call(8, nil); !errors.Is(err, ErrTimeout) {
		t.Errorf("unanswered call: got %v", err)
	}
	c.Timeout = 0
	if r, err := c.Call(3, []byte("xy")); err != nil || string(r.Body) != "yx" {
		t.Fatalf("call after timeout: %+v %v", r, err)
	}
	entries, _ := os.ReadDir(shm)
	if len(entries) != 1 {
		t.Fatalf("per-connection dirs: %v", entries)
	}
	ctl, err := os.Stat(filepath.Join(shm, entries[0].Name(), "qb-control-"+s.Name()))
	if err != nil || ctl.Size() != controlFileSize || ctl.Mode().Perm() != 0o600 {
		t.Fatalf("control file: %v %v", ctl, err)
	}
	c.Close()
	waitFor(t, func() bool { return len(s.Conns()) == 0 })
	if entries, _ := os.ReadDir(shm); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
	s.Close()
	waitFor(t, func() bool { return runtime.NumGoroutine() <= before })
}

func TestServerDropsClient(t *testing.T) {
	closed := make(chan *ServerConn, 1)
	s := listen(t, echo, Options{Closed: func(c *ServerConn) { closed <- c }})
	c, err := Dial(s.Name(), 4096)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.MaxMsgSize() != DefaultMaxMsgSize {
		t.Errorf("negotiated %d, want the server's larger size", c.MaxMsgSize())
	}
	conns := s.Conns()
	if len(conns) != 1 || conns[0].Creds().PID != int32(os.Getpid()) || conns[0].Creds().UID != uint32(os.Getuid()) {
		t.Fatalf("conns %+v", conns)
	}
	conns[0].Close()
	if got := <-closed; got != conns[0] {
		t.Errorf("Closed hook for %v", got)
	}
	waitFor(t, func() bool { return !c.Connected() })
	if _, err := c.Call(3, nil); !errors.Is(err, ErrDisconnected) {
		t.Errorf("call on dropped connection: %v", err)
	}
	if err := conns[0].SendEvent(1, 1, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("event on closed conn: %v", err)
	}
}

func TestAcceptRefuses(t *testing.T) {
	var seen Creds
	s := listen(t, echo, Options{Accept: func(cr Creds) error {
		seen = cr
		return syscall.EAGAIN
	}})
	_, err := Dial(s.Name(), 0)
	if !errors.Is(err, syscall.EAGAIN) {
		t.Fatalf("got %v, want EAGAIN", err)
	}
	if seen.PID != int32(os.Getpid()) {
		t.Errorf("accept saw %+v", seen)
	}
	s2 := listen(t, echo, Options{Accept: func(Creds) error { return errors.New("no") }})
	if _, err := Dial(s2.Name(), 0); !errors.Is(err, syscall.EACCES) {
		t.Fatalf("got %v, want EACCES", err)
	}
	s3 := listen(t, echo, Options{MaxConns: 1})
	c, err := Dial(s3.Name(), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := Dial(s3.Name(), 0); !errors.Is(err, syscall.EMFILE) {
		t.Fatalf("second connection: %v, want EMFILE", err)
	}
}

func TestEventQueueOverflowDropsClient(t *testing.T) {
	s := listen(t, echo, Options{EventQueue: 2, SendTimeout: 100 * time.Millisecond})
	c, err := Dial(s.Name(), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sc := s.Conns()[0]
	// The client never reads: the socket buffer fills, the writer blocks
	// until its timeout, and the queue overflows. Bounded by the count.
	payload := make([]byte, 64<<10)
	var err2 error
	for i := 0; i < 10000 && err2 == nil; i++ {
		err2 = sc.SendEvent(1, 1, payload)
	}
	if !errors.Is(err2, ErrQueueFull) && !errors.Is(err2, ErrClosed) {
		t.Fatalf("got %v", err2)
	}
	waitFor(t, func() bool { return !c.Connected() })
}

func TestServerCloseWithClients(t *testing.T) {
	before := runtime.NumGoroutine()
	s, err := Listen(testName(), echo, Options{ShmDir: shortDir(t)})
	if err != nil {
		t.Fatal(err)
	}
	var cs []*Conn
	for range 3 {
		c, err := Dial(s.Name(), 0)
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		waitFor(t, func() bool { return !c.Connected() })
		c.Close()
	}
	if _, err := Dial(s.Name(), 0); err == nil {
		t.Fatal("dial after close succeeded")
	}
	waitFor(t, func() bool { return runtime.NumGoroutine() <= before })
}

// A client process that dies without closing is noticed through the setup
// socket.
func TestClientDeathNoticed(t *testing.T) {
	closed := make(chan struct{})
	s := listen(t, echo, Options{Closed: func(*ServerConn) { close(closed) }})
	c, err := Dial(s.Name(), 0)
	if err != nil {
		t.Fatal(err)
	}
	// Simulate death: close the sockets without any goodbye.
	c.setup.Close()
	c.req.Close()
	c.evt.Close()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("server did not notice the dead client")
	}
	c.Close()
}

// waitFor polls cond (bounded: 10 s) for asynchronous teardown.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for i := 0; i < 1000; i++ {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("condition not reached within 10 s")
}

// shortDir is a temporary directory with a short path: socket names are
// derived from it and must fit 107 bytes (t.TempDir's paths are long).
func shortDir(t *testing.T) string {
	d, err := os.MkdirTemp("", "qbt")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	return d
}
