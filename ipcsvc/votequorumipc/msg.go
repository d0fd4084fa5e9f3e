package votequorumipc

import (
	"encoding/binary"
	"fmt"

	"github.com/gorosync/gorosync/internal/ipcwire"
)

// ServiceName is the abstract socket name of corosync's votequorum service.
const ServiceName = "votequorum"

// Request ids (enum req_votequorum_types).
const (
	ReqGetInfo           int32 = 0
	ReqSetExpected       int32 = 1
	ReqSetVotes          int32 = 2
	ReqTrackStart        int32 = 3
	ReqTrackStop         int32 = 4
	ReqQdeviceRegister   int32 = 5
	ReqQdeviceUnregister int32 = 6
	ReqQdeviceUpdate     int32 = 7
	ReqQdevicePoll       int32 = 8
	ReqQdeviceMasterWins int32 = 9
)

// Response and event ids (enum res_votequorum_types).
const (
	ResStatus             int32 = 0
	ResGetInfo            int32 = 1
	ResQuorumNotification int32 = 3
	ResExpectedVotes      int32 = 4
	ResNodelist           int32 = 5
)

// Track flags (cs_track_flags).
const (
	TrackCurrent     uint32 = 1
	TrackChanges     uint32 = 2
	TrackChangesOnly uint32 = 4
)

// Node states in notifications and GETINFO.
const (
	NodeMember  uint32 = 1
	NodeDead    uint32 = 2
	NodeLeaving uint32 = 3
)

// QdeviceNameLen is VOTEQUORUM_QDEVICE_MAX_NAME_LEN.
const QdeviceNameLen = 255

const getInfoLen = 36 + QdeviceNameLen + 5 // 296: the struct's size, aligned

var le = binary.LittleEndian

func short(what string, got, need int) error { return ipcwire.Short("votequorumipc", what, got, need) }

// Info is struct res_lib_votequorum_getinfo's body.
type Info struct {
	NodeID          uint32
	State           uint32
	Votes           uint32
	ExpectedVotes   uint32
	HighestExpected uint32
	TotalVotes      uint32
	Quorum          uint32
	Flags           uint32
	QdeviceVotes    uint32
	QdeviceName     string
}

// Encode is the 296-byte GETINFO body (a name too long is cut to 254
// bytes and its NUL).
func (in Info) Encode() []byte {
	b := make([]byte, getInfoLen)
	for i, v := range []uint32{in.NodeID, in.State, in.Votes, in.ExpectedVotes, in.HighestExpected,
		in.TotalVotes, in.Quorum, in.Flags, in.QdeviceVotes} {
		le.PutUint32(b[4*i:], v)
	}
	ipcwire.PutCString(b[36:36+QdeviceNameLen], in.QdeviceName)
	return b
}

// DecodeInfo parses a GETINFO body.
func DecodeInfo(b []byte) (Info, error) {
	if len(b) < 36+QdeviceNameLen {
		return Info{}, short("getinfo", len(b), 36+QdeviceNameLen)
	}
	var v [9]uint32
	for i := range v {
		v[i] = le.Uint32(b[4*i:])
	}
	return Info{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], ipcwire.CString(b[36 : 36+QdeviceNameLen])}, nil
}

// EncodeNodeID is GETINFO's request body.
func EncodeNodeID(nodeid uint32) []byte { return ipcwire.EncodeU32(nodeid) }

// DecodeU32 reads the u32 at b[0:4] (GETINFO's nodeid, SETEXPECTED's
// value).
func DecodeU32(what string, b []byte) (uint32, error) {
	return ipcwire.DecodeU32("votequorumipc", what, b)
}

// SetVotes is SETVOTES's body.
type SetVotes struct{ Votes, NodeID uint32 }

func (r SetVotes) Encode() []byte {
	b := make([]byte, 8)
	le.PutUint32(b, r.Votes)
	le.PutUint32(b[4:], r.NodeID)
	return b
}

func DecodeSetVotes(b []byte) (SetVotes, error) {
	if len(b) < 8 {
		return SetVotes{}, short("setvotes", len(b), 8)
	}
	return SetVotes{le.Uint32(b), le.Uint32(b[4:])}, nil
}

// TrackStart is TRACKSTART's body.
type TrackStart struct {
	Context uint64
	Flags   uint32
}

func (r TrackStart) Encode() []byte {
	b := make([]byte, 16)
	le.PutUint64(b, r.Context)
	le.PutUint32(b[8:], r.Flags)
	return b
}

func DecodeTrackStart(b []byte) (TrackStart, error) {
	if len(b) < 12 {
		return TrackStart{}, short("trackstart", len(b), 12)
	}
	return TrackStart{le.Uint64(b), le.Uint32(b[8:])}, nil
}

// QdeviceRequest is the body of the qdevice calls: a name (two for
// UPDATE) and, for POLL and MASTER_WINS, a value.
type QdeviceRequest struct {
	Name, NewName string
	Value         uint32
}

// EncodeQdevice builds the body of qdevice request id.
func EncodeQdevice(id int32, r QdeviceRequest) []byte {
	switch id {
	case ReqQdeviceUpdate:
		b := make([]byte, 2*QdeviceNameLen+2)
		ipcwire.PutCString(b[:QdeviceNameLen], r.Name)
		ipcwire.PutCString(b[QdeviceNameLen:2*QdeviceNameLen], r.NewName)
		return b
	case ReqQdevicePoll, ReqQdeviceMasterWins:
		b := make([]byte, 264)
		ipcwire.PutCString(b[:QdeviceNameLen], r.Name)
		le.PutUint32(b[256:], r.Value)
		return b
	}
	b := make([]byte, 256)
	ipcwire.PutCString(b[:QdeviceNameLen], r.Name)
	return b
}

// DecodeQdevice parses the body of qdevice request id.
func DecodeQdevice(id int32, b []byte) (QdeviceRequest, error) {
	need := QdeviceNameLen
	switch id {
	case ReqQdeviceUpdate:
		need = 2 * QdeviceNameLen
	case ReqQdevicePoll, ReqQdeviceMasterWins:
		need = 260
	}
	if len(b) < need {
		return QdeviceRequest{}, short("qdevice", len(b), need)
	}
	r := QdeviceRequest{Name: ipcwire.CString(b[:QdeviceNameLen])}
	switch id {
	case ReqQdeviceUpdate:
		r.NewName = ipcwire.CString(b[QdeviceNameLen : 2*QdeviceNameLen])
	case ReqQdevicePoll, ReqQdeviceMasterWins:
		r.Value = le.Uint32(b[256:])
	}
	return r, nil
}

// RingID is a ring's representative and sequence number.
type RingID struct {
	NodeID uint32
	Seq    uint64
}

// NodeState is one node of a quorum notification.
type NodeState struct{ NodeID, State uint32 }

// QuorumNotification is QUORUM_NOTIFICATION's body.
type QuorumNotification struct {
	Quorate bool
	Context uint64
	Nodes   []NodeState
}

func (n QuorumNotification) Encode() []byte {
	b := make([]byte, 24+8*len(n.Nodes))
	if n.Quorate {
		le.PutUint32(b, 1)
	}
	le.PutUint64(b[8:], n.Context)
	le.PutUint32(b[16:], uint32(len(n.Nodes)))
	for i, s := range n.Nodes {
		le.PutUint32(b[24+8*i:], s.NodeID)
		le.PutUint32(b[28+8*i:], s.State)
	}
	return b
}

func DecodeQuorumNotification(b []byte) (QuorumNotification, error) {
	if len(b) < 24 {
		return QuorumNotification{}, short("quorum notification", len(b), 24)
	}
	n := QuorumNotification{Quorate: le.Uint32(b) != 0, Context: le.Uint64(b[8:])}
	cnt := le.Uint32(b[16:])
	if uint64(cnt) > uint64(len(b)-24)/8 {
		return n, fmt.Errorf("votequorumipc: quorum notification: %d nodes do not fit in %d bytes", cnt, len(b)-24)
	}
	n.Nodes = make([]NodeState, cnt)
	for i := range n.Nodes {
		n.Nodes[i] = NodeState{le.Uint32(b[24+8*i:]), le.Uint32(b[28+8*i:])}
	}
	return n, nil
}

// Nodelist is NODELIST_NOTIFICATION's body.
type Nodelist struct {
	Context uint64
	Ring    RingID
	Members []uint32
}

func (n Nodelist) Encode() []byte {
	b := make([]byte, 32+4*len(n.Members))
	le.PutUint64(b, n.Context)
	le.PutUint32(b[8:], n.Ring.NodeID)
	le.PutUint64(b[16:], n.Ring.Seq)
	le.PutUint32(b[24:], uint32(len(n.Members)))
	for i, m := range n.Members {
		le.PutUint32(b[28+4*i:], m)
	}
	return b
}

func DecodeNodelist(b []byte) (Nodelist, error) {
	if len(b) < 28 {
		return Nodelist{}, short("nodelist notification", len(b), 28)
	}
	n := Nodelist{Context: le.Uint64(b), Ring: RingID{le.Uint32(b[8:]), le.Uint64(b[16:])}}
	cnt := le.Uint32(b[24:])
	if uint64(cnt) > uint64(len(b)-28)/4 {
		return n, fmt.Errorf("votequorumipc: nodelist notification: %d nodes do not fit in %d bytes", cnt, len(b)-28)
	}
	n.Members = make([]uint32, cnt)
	for i := range n.Members {
		n.Members[i] = le.Uint32(b[28+4*i:])
	}
	return n, nil
}

// ExpectedVotes is EXPECTEDVOTES_NOTIFICATION's body.
type ExpectedVotes struct {
	Context  uint64
	Expected uint32
}

func (n ExpectedVotes) Encode() []byte {
	b := make([]byte, 16)
	le.PutUint64(b, n.Context)
	le.PutUint32(b[8:], n.Expected)
	return b
}

func DecodeExpectedVotes(b []byte) (ExpectedVotes, error) {
	if len(b) < 12 {
		return ExpectedVotes{}, short("expected votes notification", len(b), 12)
	}
	return ExpectedVotes{le.Uint64(b), le.Uint32(b[8:])}, nil
}
