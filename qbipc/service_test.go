package qbipc

import (
	"errors"
	"testing"
	"time"
)

// recorder is a Service that notes its hooks in order.
type recorder struct{ log chan string }

func (r *recorder) HandleRequest(c *ServerConn, id int32, body []byte) Response {
	return Response{ID: id, Error: 1, Body: []byte(c.Data().(string))}
}
func (r *recorder) Opened(c *ServerConn) { c.SetData("svc"); r.log <- "svc opened" }
func (r *recorder) Closed(c *ServerConn) { r.log <- "svc closed" }

func next(t *testing.T, log chan string) string {
	t.Helper()
	select {
	case s := <-log:
		return s
	case <-time.After(10 * time.Second):
		t.Fatal("no hook ran")
		return ""
	}
}

// ListenService runs the service's hooks before opt's, and opt.Opened sees
// the data the service set.
func TestListenServiceHookOrder(t *testing.T) {
	r := &recorder{log: make(chan string, 8)}
	s, err := ListenService(testName(), r, Options{
		ShmDir: shortDir(t),
		Opened: func(c *ServerConn) error { r.log <- "opt opened " + c.Data().(string); return nil },
		Closed: func(*ServerConn) { r.log <- "opt closed" },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := Dial(s.Name(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := c.Call(5, nil); err != nil || rep.ID != 5 || string(rep.Body) != "svc" {
		t.Fatalf("call: %+v %v", rep, err)
	}
	c.Close()
	for _, want := range []string{"svc opened", "opt opened svc", "svc closed", "opt closed"} {
		if got := next(t, r.log); got != want {
			t.Fatalf("hook %q, want %q", got, want)
		}
	}
}

// An error from opt.Opened still drops the client; the service's Opened
// has run before it.
func TestListenServiceOpenedError(t *testing.T) {
	r := &recorder{log: make(chan string, 8)}
	s, err := ListenService(testName(), r, Options{
		ShmDir: shortDir(t),
		Opened: func(*ServerConn) error { return errors.New("no") },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if c, err := Dial(s.Name(), 0); err == nil {
		_, err = c.Call(5, nil)
		c.Close()
		if err == nil {
			t.Fatal("call on a refused connection succeeded")
		}
	}
	if got := next(t, r.log); got != "svc opened" {
		t.Fatalf("hook %q", got)
	}
}
