package cmapipc

import (
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/gorosync/gorosync/qbipc"
)

func TestCodeOf(t *testing.T) {
	for _, c := range []struct {
		err  error
		want CSError
	}{
		{nil, OK},
		{ErrBusy, ErrBusy},
		{fmt.Errorf("wrapped: %w", ErrNotExist), ErrNotExist},
		{errors.New("other"), ErrInvalidParam},
	} {
		if got := CodeOf(c.err); got != c.want {
			t.Errorf("CodeOf(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

// Call and CallOK against a server that answers request 1 with id 11 and
// CS_OK, 2 with id 12 and CS_ERR_BUSY, 3 with id 0 and
// CS_ERR_INVALID_PARAM (corosync's unknown request) and 4 with a wrong id.
func TestCallChecks(t *testing.T) {
	h := qbipc.HandlerFunc(func(c *qbipc.ServerConn, id int32, body []byte) qbipc.Response {
		switch id {
		case 1:
			return Reply(11, OK, []byte("ok"))
		case 2:
			return Reply(12, ErrBusy, nil)
		case 3:
			return Reply(0, ErrInvalidParam, nil)
		}
		return Reply(99, OK, nil)
	})
	srv, err := qbipc.Listen(fmt.Sprintf("grcm-call-%d-%d", os.Getpid(), nameSeq.Add(1)), h, qbipc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c, err := qbipc.Dial(srv.Name(), qbipc.DefaultMaxMsgSize)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if r, err := CallOK(c, "t", 1, 11, nil); err != nil || string(r.Body) != "ok" {
		t.Errorf("ok call: %+v %v", r, err)
	}
	if r, err := Call(c, "t", 2, 12, nil); err != nil || CSError(r.Error) != ErrBusy {
		t.Errorf("Call leaves the code to the caller: %+v %v", r, err)
	}
	if _, err := CallOK(c, "t", 2, 12, nil); err != ErrBusy {
		t.Errorf("CallOK busy: %v", err)
	}
	for _, call := range []func(*qbipc.Conn, string, int32, int32, []byte) (qbipc.Reply, error){Call, CallOK} {
		if _, err := call(c, "t", 3, 13, nil); err != ErrInvalidParam {
			t.Errorf("unknown request: %v", err)
		}
		if _, err := call(c, "t", 4, 14, nil); err == nil || err.Error() != "t: response id 99 to request 4" {
			t.Errorf("wrong id: %v", err)
		}
	}
}
