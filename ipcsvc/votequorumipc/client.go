package votequorumipc

import (
	"fmt"
	"time"

	"github.com/gorosync/gorosync/cmap/cmapipc"
	"github.com/gorosync/gorosync/qbipc"
)

// Client talks to a votequorum service (ours or corosync's) like
// libvotequorum.
type Client struct{ c *qbipc.Conn }

// Dial connects to the "votequorum" service.
func Dial() (*Client, error) { return DialName(ServiceName) }

// DialName is Dial for another socket name.
func DialName(name string) (*Client, error) {
	c, err := qbipc.Dial(name, qbipc.DefaultMaxMsgSize)
	if err != nil {
		return nil, err
	}
	return &Client{c: c}, nil
}

// Conn exposes the IPC connection.
func (cl *Client) Conn() *qbipc.Conn { return cl.c }

// Close disconnects.
func (cl *Client) Close() error { return cl.c.Close() }

func (cl *Client) call(req, wantRes int32, body []byte) (qbipc.Reply, error) {
	return cmapipc.CallOK(cl.c, "votequorumipc", req, wantRes, body)
}

// GetInfo is votequorum_getinfo (nodeid 0: the local node).
func (cl *Client) GetInfo(nodeid uint32) (Info, error) {
	r, err := cl.call(ReqGetInfo, ResGetInfo, EncodeNodeID(nodeid))
	if err != nil {
		return Info{}, err
	}
	return DecodeInfo(r.Body)
}

// SetExpected is votequorum_setexpected.
func (cl *Client) SetExpected(expected uint32) error {
	_, err := cl.call(ReqSetExpected, ResStatus, EncodeNodeID(expected))
	return err
}

// SetVotes is votequorum_setvotes.
func (cl *Client) SetVotes(nodeid, votes uint32) error {
	_, err := cl.call(ReqSetVotes, ResStatus, SetVotes{Votes: votes, NodeID: nodeid}.Encode())
	return err
}

// TrackStart is votequorum_trackstart.
func (cl *Client) TrackStart(context uint64, flags uint32) error {
	_, err := cl.call(ReqTrackStart, ResStatus, TrackStart{Context: context, Flags: flags}.Encode())
	return err
}

// TrackStop is votequorum_trackstop.
func (cl *Client) TrackStop() error {
	_, err := cl.call(ReqTrackStop, ResStatus, nil)
	return err
}

// Qdevice sends one of the qdevice requests.
func (cl *Client) Qdevice(id int32, r QdeviceRequest) error {
	_, err := cl.call(id, ResStatus, EncodeQdevice(id, r))
	return err
}

// Event is one notification; the field matching ID is set.
type Event struct {
	ID       int32
	Quorum   QuorumNotification
	Nodelist Nodelist
	Expected ExpectedVotes
}

// NextEvent waits up to timeout for the next notification.
func (cl *Client) NextEvent(timeout time.Duration) (Event, error) {
	r, err := cl.c.RecvEvent(timeout)
	if err != nil {
		return Event{}, err
	}
	ev := Event{ID: r.ID}
	switch r.ID {
	case ResQuorumNotification:
		ev.Quorum, err = DecodeQuorumNotification(r.Body)
	case ResNodelist:
		ev.Nodelist, err = DecodeNodelist(r.Body)
	case ResExpectedVotes:
		ev.Expected, err = DecodeExpectedVotes(r.Body)
	default:
		err = fmt.Errorf("votequorumipc: unexpected event id %d", r.ID)
	}
	return ev, err
}
