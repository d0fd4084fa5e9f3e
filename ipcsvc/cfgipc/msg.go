package cfgipc

import (
	"encoding/binary"
	"fmt"
	"net/netip"

	"github.com/gorosync/gorosync/internal/ipcwire"
)

// ServiceName is the abstract socket name of corosync's cfg service.
const ServiceName = "cfg"

// Request ids (enum req_lib_cfg_types).
const (
	ReqRingStatusGet   int32 = 0
	ReqRingReenable    int32 = 1
	ReqKillNode        int32 = 2
	ReqTryShutdown     int32 = 3
	ReqReplyToShutdown int32 = 4
	ReqGetNodeAddrs    int32 = 5
	ReqLocalGet        int32 = 6
	ReqReloadConfig    int32 = 7
	ReqReopenLogFiles  int32 = 8
	ReqNodeStatusGet   int32 = 9
	ReqTrackStart      int32 = 10
	ReqTrackStop       int32 = 11
)

// Response and event ids (enum res_lib_cfg_types).
const (
	ResRingStatusGet   int32 = 0
	ResRingReenable    int32 = 1
	ResTrackStart      int32 = 2
	ResTrackStop       int32 = 3
	ResKillNode        int32 = 8
	ResTryShutdown     int32 = 9
	ResTestShutdown    int32 = 10
	ResGetNodeAddrs    int32 = 11
	ResLocalGet        int32 = 12
	ResReplyToShutdown int32 = 13
	ResReloadConfig    int32 = 14
	ResReopenLogFiles  int32 = 15
	ResNodeStatusGet   int32 = 16
)

// Shutdown flags and replies.
const (
	ShutdownRequest    uint32 = 0
	ShutdownRegardless uint32 = 1
	ShutdownImmediate  uint32 = 2

	ReplyNo  uint32 = 0
	ReplyYes uint32 = 1
)

// Sizes.
const (
	MaxInterfaces   = 16
	interfaceName   = 128
	interfaceStatus = 512
	ringStatusLen   = 8 + MaxInterfaces*(interfaceName+interfaceStatus) // 10248
	MaxLinks        = 8
	maxHostLen      = 256
	linkLen         = 8 + 2*maxHostLen // 520
	nodeStatusLen   = 16 + MaxLinks*linkLen
	nameValueLen    = 256
	killNodeLen     = 8 + 8 + nameValueLen // nodeid, cs_name_t (u16 + 256 chars), aligned
	addrLen         = 16                   // TOTEMIP_ADDRLEN
	NodeStatusV1    = 1
	afInet          = 2
	afInet6         = 10
)

var le = binary.LittleEndian

func short(what string, got, need int) error { return ipcwire.Short("cfgipc", what, got, need) }

// EncodeU32 is an 8-byte body holding one u32 (nodeid, flags, reply).
func EncodeU32(v uint32) []byte { return ipcwire.EncodeU32(v) }

// DecodeU32 reads the u32 at b[0:4].
func DecodeU32(what string, b []byte) (uint32, error) {
	return ipcwire.DecodeU32("cfgipc", what, b)
}

// Ring is one entry of RINGSTATUSGET.
type Ring struct{ Name, Status string }

// EncodeRingStatus builds RINGSTATUSGET's body (at most 16 rings).
func EncodeRingStatus(rings []Ring) []byte {
	b := make([]byte, ringStatusLen)
	n := min(len(rings), MaxInterfaces)
	le.PutUint32(b, uint32(n))
	for i := range n {
		ipcwire.PutCString(b[8+i*interfaceName:8+(i+1)*interfaceName], rings[i].Name)
		at := 8 + MaxInterfaces*interfaceName + i*interfaceStatus
		ipcwire.PutCString(b[at:at+interfaceStatus], rings[i].Status)
	}
	return b
}

// DecodeRingStatus parses RINGSTATUSGET's body.
func DecodeRingStatus(b []byte) ([]Ring, error) {
	if len(b) < ringStatusLen {
		return nil, short("ringstatusget", len(b), ringStatusLen)
	}
	n := le.Uint32(b)
	if n > MaxInterfaces {
		return nil, fmt.Errorf("cfgipc: ringstatusget: %d interfaces", n)
	}
	out := make([]Ring, n)
	for i := range out {
		at := 8 + MaxInterfaces*interfaceName + i*interfaceStatus
		out[i] = Ring{ipcwire.CString(b[8+i*interfaceName : 8+(i+1)*interfaceName]), ipcwire.CString(b[at : at+interfaceStatus])}
	}
	return out, nil
}

// KillNode is KILLNODE's body.
type KillNode struct {
	NodeID uint32
	Reason string
}

func (r KillNode) Encode() []byte {
	b := make([]byte, killNodeLen)
	le.PutUint32(b, r.NodeID)
	reason := r.Reason
	if len(reason) > nameValueLen-1 {
		reason = reason[:nameValueLen-1]
	}
	le.PutUint16(b[8:], uint16(len(reason)+1)) // libcfg counts the NUL
	copy(b[10:10+nameValueLen], reason)
	return b
}

func DecodeKillNode(b []byte) (KillNode, error) {
	if len(b) < 10+nameValueLen {
		return KillNode{}, short("killnode", len(b), 10+nameValueLen)
	}
	return KillNode{NodeID: le.Uint32(b), Reason: ipcwire.CString(b[10 : 10+nameValueLen])}, nil
}

// EncodeNodeAddrs builds GET_NODE_ADDRS's body. The family is the first
// address's, as corosync reports one family per node.
func EncodeNodeAddrs(addrs []netip.Addr) []byte {
	b := make([]byte, 8+addrLen*len(addrs))
	if len(addrs) > 0 {
		fam := uint32(afInet)
		if !addrs[0].Unmap().Is4() {
			fam = afInet6
		}
		le.PutUint32(b, fam)
	}
	le.PutUint32(b[4:], uint32(len(addrs)))
	for i, a := range addrs {
		if a.Unmap().Is4() {
			a4 := a.Unmap().As4()
			copy(b[8+addrLen*i:], a4[:])
		} else {
			a16 := a.As16()
			copy(b[8+addrLen*i:], a16[:])
		}
	}
	return b
}

// DecodeNodeAddrs parses GET_NODE_ADDRS's body.
func DecodeNodeAddrs(b []byte) ([]netip.Addr, error) {
	if len(b) < 8 {
		return nil, short("get_node_addrs", len(b), 8)
	}
	fam, n := le.Uint32(b), le.Uint32(b[4:])
	if uint64(n) > uint64(len(b)-8)/addrLen {
		return nil, fmt.Errorf("cfgipc: get_node_addrs: %d addresses do not fit in %d bytes", n, len(b)-8)
	}
	out := make([]netip.Addr, n)
	for i := range out {
		raw := b[8+addrLen*i : 8+addrLen*(i+1)]
		switch fam {
		case afInet:
			out[i] = netip.AddrFrom4([4]byte(raw[:4]))
		case afInet6:
			out[i] = netip.AddrFrom16([16]byte(raw))
		default:
			return nil, fmt.Errorf("cfgipc: get_node_addrs: address family %d", fam)
		}
	}
	return out, nil
}

// NodeStatusRequest is NODESTATUSGET's body.
type NodeStatusRequest struct{ NodeID, Version uint32 }

func (r NodeStatusRequest) Encode() []byte {
	b := make([]byte, 16)
	le.PutUint32(b, r.NodeID)
	le.PutUint32(b[8:], r.Version)
	return b
}

func DecodeNodeStatusRequest(b []byte) (NodeStatusRequest, error) {
	if len(b) < 12 {
		return NodeStatusRequest{}, short("nodestatusget", len(b), 12)
	}
	return NodeStatusRequest{le.Uint32(b), le.Uint32(b[8:])}, nil
}

// LinkStatus is corosync_knet_link_status_v1.
type LinkStatus struct {
	Enabled, Connected, DynConnected bool
	MTU                              uint32
	Src, Dst                         string
}

// NodeStatus is corosync_cfg_node_status_v1.
type NodeStatus struct {
	NodeID                          uint32
	Reachable, Remote, External     bool
	OnwireMin, OnwireMax, OnwireVer uint8
	Links                           [MaxLinks]LinkStatus
}

func b2u8(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// Encode is the 4176-byte v1 body.
func (n NodeStatus) Encode() []byte {
	b := make([]byte, nodeStatusLen)
	le.PutUint32(b, NodeStatusV1)
	le.PutUint32(b[4:], n.NodeID)
	copy(b[8:], []byte{b2u8(n.Reachable), b2u8(n.Remote), b2u8(n.External), n.OnwireMin, n.OnwireMax, n.OnwireVer})
	for i, l := range n.Links {
		at := 16 + i*linkLen
		copy(b[at:], []byte{b2u8(l.Enabled), b2u8(l.Connected), b2u8(l.DynConnected)})
		le.PutUint32(b[at+4:], l.MTU)
		ipcwire.PutCString(b[at+8:at+8+maxHostLen], l.Src)
		ipcwire.PutCString(b[at+8+maxHostLen:at+linkLen], l.Dst)
	}
	return b
}

// DecodeNodeStatus parses a v1 body.
func DecodeNodeStatus(b []byte) (NodeStatus, error) {
	if len(b) < nodeStatusLen {
		return NodeStatus{}, short("nodestatusget", len(b), nodeStatusLen)
	}
	if v := le.Uint32(b); v != NodeStatusV1 {
		return NodeStatus{}, fmt.Errorf("cfgipc: node status version %d", v)
	}
	n := NodeStatus{NodeID: le.Uint32(b[4:]), Reachable: b[8] != 0, Remote: b[9] != 0, External: b[10] != 0,
		OnwireMin: b[11], OnwireMax: b[12], OnwireVer: b[13]}
	for i := range n.Links {
		at := 16 + i*linkLen
		n.Links[i] = LinkStatus{Enabled: b[at] != 0, Connected: b[at+1] != 0, DynConnected: b[at+2] != 0,
			MTU: le.Uint32(b[at+4:]), Src: ipcwire.CString(b[at+8 : at+8+maxHostLen]), Dst: ipcwire.CString(b[at+8+maxHostLen : at+linkLen])}
	}
	return n, nil
}
