package quorumipc

import (
	"fmt"
	"time"

	"github.com/gorosync/gorosync/cmap/cmapipc"
	"github.com/gorosync/gorosync/qbipc"
)

// Client talks to a quorum service (ours or corosync's) like libquorum.
type Client struct {
	c    *qbipc.Conn
	Type uint32 // quorum type learnt when connecting
}

// Dial connects to the "quorum" service with model 0, as
// quorum_initialize does (it asks for the quorum type).
func Dial() (*Client, error) { return DialName(ServiceName) }

// DialName is Dial for another socket name.
func DialName(name string) (*Client, error) {
	c, err := qbipc.Dial(name, qbipc.DefaultMaxMsgSize)
	if err != nil {
		return nil, err
	}
	cl := &Client{c: c}
	if cl.Type, err = cl.u32Call(ReqGetType, ResGetType, nil); err != nil {
		c.Close()
		return nil, err
	}
	return cl, nil
}

// Conn exposes the IPC connection.
func (cl *Client) Conn() *qbipc.Conn { return cl.c }

// Close disconnects.
func (cl *Client) Close() error { return cl.c.Close() }

func (cl *Client) call(req, wantRes int32, body []byte) (qbipc.Reply, error) {
	return cmapipc.CallOK(cl.c, "quorumipc", req, wantRes, body)
}

func (cl *Client) u32Call(req, res int32, body []byte) (uint32, error) {
	r, err := cl.call(req, res, body)
	if err != nil {
		return 0, err
	}
	return DecodeU32("response", r.Body)
}

// SetModel selects the notification model (quorum_model_initialize).
func (cl *Client) SetModel(model uint32) error {
	_, err := cl.u32Call(ReqModelGetType, ResModelGetType, EncodeU32(model))
	return err
}

// Quorate is quorum_getquorate.
func (cl *Client) Quorate() (bool, error) {
	q, err := cl.u32Call(ReqGetQuorate, ResGetQuorate, nil)
	return q != 0, err
}

// TrackStart is quorum_trackstart with TrackCurrent/TrackChanges flags.
func (cl *Client) TrackStart(flags uint32) error {
	_, err := cl.call(ReqTrackStart, ResTrackStart, EncodeU32(flags))
	return err
}

// TrackStop is quorum_trackstop.
func (cl *Client) TrackStop() error {
	_, err := cl.call(ReqTrackStop, ResTrackStop, nil)
	return err
}

// Event is one notification: Quorum for ids 3 and 6, Nodelist for 7.
type Event struct {
	ID       int32
	Quorum   Notification
	Nodelist Nodelist
}

// NextEvent waits up to timeout for the next notification.
func (cl *Client) NextEvent(timeout time.Duration) (Event, error) {
	r, err := cl.c.RecvEvent(timeout)
	if err != nil {
		return Event{}, err
	}
	ev := Event{ID: r.ID}
	switch r.ID {
	case ResNotification:
		ev.Quorum, err = DecodeV0(r.Body)
	case ResQuorumNotification:
		ev.Quorum, err = DecodeV1(r.Body)
	case ResNodelistNotify:
		ev.Nodelist, err = DecodeNodelist(r.Body)
	default:
		err = fmt.Errorf("quorumipc: unexpected event id %d", r.ID)
	}
	return ev, err
}
