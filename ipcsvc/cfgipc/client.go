package cfgipc

import (
	"fmt"
	"net/netip"
	"time"

	"github.com/gorosync/gorosync/cmap/cmapipc"
	"github.com/gorosync/gorosync/qbipc"
)

// Client talks to a cfg service (ours or corosync's) like libcfg.
type Client struct{ c *qbipc.Conn }

// Dial connects to the "cfg" service.
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
	return cmapipc.CallOK(cl.c, "cfgipc", req, wantRes, body)
}

// LocalNodeID is corosync_cfg_local_get.
func (cl *Client) LocalNodeID() (uint32, error) {
	r, err := cl.call(ReqLocalGet, ResLocalGet, nil)
	if err != nil {
		return 0, err
	}
	return DecodeU32("local_get", r.Body)
}

// NodeAddrs is corosync_cfg_get_node_addrs.
func (cl *Client) NodeAddrs(nodeid uint32) ([]netip.Addr, error) {
	r, err := cl.call(ReqGetNodeAddrs, ResGetNodeAddrs, EncodeU32(nodeid))
	if err != nil {
		return nil, err
	}
	return DecodeNodeAddrs(r.Body)
}

// NodeStatus is corosync_cfg_node_status_get with CFG_NODE_STATUS_V1.
func (cl *Client) NodeStatus(nodeid uint32) (NodeStatus, error) {
	r, err := cl.call(ReqNodeStatusGet, ResNodeStatusGet, NodeStatusRequest{NodeID: nodeid, Version: NodeStatusV1}.Encode())
	if err != nil {
		return NodeStatus{}, err
	}
	return DecodeNodeStatus(r.Body)
}

// RingStatus is corosync_cfg_ring_status_get.
func (cl *Client) RingStatus() ([]Ring, error) {
	r, err := cl.call(ReqRingStatusGet, ResRingStatusGet, nil)
	if err != nil {
		return nil, err
	}
	return DecodeRingStatus(r.Body)
}

func (cl *Client) simple(req, res int32, body []byte) error {
	_, err := cl.call(req, res, body)
	return err
}

// Reload is corosync_cfg_reload_config.
func (cl *Client) Reload() error { return cl.simple(ReqReloadConfig, ResReloadConfig, nil) }

// ReopenLogs is corosync_cfg_reopen_log_files.
func (cl *Client) ReopenLogs() error { return cl.simple(ReqReopenLogFiles, ResReopenLogFiles, nil) }

// KillNode is corosync_cfg_kill_node.
func (cl *Client) KillNode(nodeid uint32, reason string) error {
	return cl.simple(ReqKillNode, ResKillNode, KillNode{NodeID: nodeid, Reason: reason}.Encode())
}

// TryShutdown is corosync_cfg_try_shutdown.
func (cl *Client) TryShutdown(flags uint32) error {
	return cl.simple(ReqTryShutdown, ResTryShutdown, EncodeU32(flags))
}

// ReplyToShutdown is corosync_cfg_replyto_shutdown.
func (cl *Client) ReplyToShutdown(answer uint32) error {
	return cl.simple(ReqReplyToShutdown, ResReplyToShutdown, EncodeU32(answer))
}

// TrackStart is corosync_cfg_trackstart (shutdown requests arrive as
// events).
func (cl *Client) TrackStart() error { return cl.simple(ReqTrackStart, ResTrackStart, EncodeU32(0)) }

// TrackStop is corosync_cfg_trackstop.
func (cl *Client) TrackStop() error { return cl.simple(ReqTrackStop, ResTrackStop, nil) }

// ShutdownRequested waits up to timeout for a TESTSHUTDOWN event and
// returns its flags.
func (cl *Client) ShutdownRequested(timeout time.Duration) (uint32, error) {
	r, err := cl.c.RecvEvent(timeout)
	if err != nil {
		return 0, err
	}
	if r.ID != ResTestShutdown {
		return 0, fmt.Errorf("cfgipc: unexpected event id %d", r.ID)
	}
	return DecodeU32("testshutdown", r.Body)
}
