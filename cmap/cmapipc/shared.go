package cmapipc

import (
	"errors"
	"fmt"

	"github.com/gorosync/gorosync/qbipc"
)

// The helpers below serve every corosync IPC service package (cmapipc,
// quorumipc, votequorumipc, cfgipc): they all answer and check cs_error_t
// codes, which live here with CSError.

// Reply is a response with request id's answer id, a cs_error_t and a body.
func Reply(id int32, code CSError, body []byte) qbipc.Response {
	return qbipc.Response{ID: id, Error: int32(code), Body: body}
}

// CodeOf maps a backend error onto a cs_error_t: nil is CS_OK, a CSError
// (possibly wrapped) stays itself, anything else is CS_ERR_INVALID_PARAM.
func CodeOf(err error) CSError {
	var cs CSError
	switch {
	case err == nil:
		return OK
	case errors.As(err, &cs):
		return cs
	}
	return ErrInvalidParam
}

// Call sends request req on c and checks that the answer has id wantRes.
// Corosync answers a request it does not know with id 0 and an error code;
// that code is returned as a CSError. who prefixes other errors.
func Call(c *qbipc.Conn, who string, req, wantRes int32, body []byte) (qbipc.Reply, error) {
	r, err := c.Call(req, body)
	if err != nil {
		return r, err
	}
	if r.ID != wantRes {
		if r.ID == 0 && CSError(r.Error) != OK {
			return r, CSError(r.Error)
		}
		return r, fmt.Errorf("%s: response id %d to request %d", who, r.ID, req)
	}
	return r, nil
}

// CallOK is Call that also returns an answer's code other than CS_OK as
// its CSError.
func CallOK(c *qbipc.Conn, who string, req, wantRes int32, body []byte) (qbipc.Reply, error) {
	r, err := Call(c, who, req, wantRes, body)
	if err == nil && CSError(r.Error) != OK {
		err = CSError(r.Error)
	}
	return r, err
}
