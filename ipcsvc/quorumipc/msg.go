package quorumipc

import (
	"encoding/binary"
	"fmt"

	"github.com/gorosync/gorosync/internal/ipcwire"
)

// ServiceName is the abstract socket name of corosync's quorum service.
const ServiceName = "quorum"

// Request ids (enum req_quorum_types).
const (
	ReqGetQuorate   int32 = 0
	ReqTrackStart   int32 = 1
	ReqTrackStop    int32 = 2
	ReqGetType      int32 = 3
	ReqModelGetType int32 = 4
)

// Response and event ids (enum res_quorum_types).
const (
	ResGetQuorate         int32 = 0
	ResTrackStart         int32 = 1
	ResTrackStop          int32 = 2
	ResNotification       int32 = 3
	ResGetType            int32 = 4
	ResModelGetType       int32 = 5
	ResQuorumNotification int32 = 6
	ResNodelistNotify     int32 = 7
)

// Quorum types (GETTYPE) and notification models (MODEL_GETTYPE).
const (
	TypeFree uint32 = 0
	TypeSet  uint32 = 1

	ModelV0 uint32 = 0
	ModelV1 uint32 = 1
)

// Track flags (cs_track_flags in corotypes.h).
const (
	TrackCurrent     uint32 = 1
	TrackChanges     uint32 = 2
	TrackChangesOnly uint32 = 4
)

var le = binary.LittleEndian

// RingID is a ring's representative and sequence number.
type RingID struct {
	NodeID uint32
	Seq    uint64
}

func short(what string, got, need int) error { return ipcwire.Short("quorumipc", what, got, need) }

// EncodeU32 is the 8-byte body holding one u32 (track flags, model,
// quorate, quorum type).
func EncodeU32(v uint32) []byte { return ipcwire.EncodeU32(v) }

// DecodeU32 reads a body holding one u32 at offset 0.
func DecodeU32(what string, b []byte) (uint32, error) {
	return ipcwire.DecodeU32("quorumipc", what, b)
}

// Notification is a quorum notification: model 0 carries only the ring's
// sequence number (Ring.NodeID is then 0).
type Notification struct {
	Quorate bool
	Ring    RingID
	Members []uint32
}

func b2u32(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}

// EncodeV0 is the body of NOTIFICATION (id 3).
func (n Notification) EncodeV0() []byte {
	b := make([]byte, 24+4*len(n.Members))
	le.PutUint32(b, b2u32(n.Quorate))
	le.PutUint64(b[8:], n.Ring.Seq)
	le.PutUint32(b[16:], uint32(len(n.Members)))
	for i, m := range n.Members {
		le.PutUint32(b[20+4*i:], m)
	}
	return b
}

// EncodeV1 is the body of QUORUM_NOTIFICATION (id 6).
func (n Notification) EncodeV1() []byte {
	b := make([]byte, 32+4*len(n.Members))
	le.PutUint32(b, b2u32(n.Quorate))
	le.PutUint32(b[8:], n.Ring.NodeID)
	le.PutUint64(b[16:], n.Ring.Seq)
	le.PutUint32(b[24:], uint32(len(n.Members)))
	for i, m := range n.Members {
		le.PutUint32(b[28+4*i:], m)
	}
	return b
}

// list reads n u32s at b[at:], checking they fit.
func list(what string, b []byte, at int, n uint32) ([]uint32, error) {
	if uint64(n) > uint64(len(b)-at)/4 {
		return nil, fmt.Errorf("quorumipc: %s: %d entries do not fit in %d bytes", what, n, len(b)-at)
	}
	out := make([]uint32, n)
	for i := range out {
		out[i] = le.Uint32(b[at+4*i:])
	}
	return out, nil
}

// DecodeV0 parses a NOTIFICATION body.
func DecodeV0(b []byte) (Notification, error) {
	if len(b) < 20 {
		return Notification{}, short("notification", len(b), 20)
	}
	n := Notification{Quorate: le.Uint32(b) != 0, Ring: RingID{Seq: le.Uint64(b[8:])}}
	var err error
	n.Members, err = list("notification", b, 20, le.Uint32(b[16:]))
	return n, err
}

// DecodeV1 parses a QUORUM_NOTIFICATION body.
func DecodeV1(b []byte) (Notification, error) {
	if len(b) < 28 {
		return Notification{}, short("quorum notification", len(b), 28)
	}
	n := Notification{Quorate: le.Uint32(b) != 0, Ring: RingID{NodeID: le.Uint32(b[8:]), Seq: le.Uint64(b[16:])}}
	var err error
	n.Members, err = list("quorum notification", b, 28, le.Uint32(b[24:]))
	return n, err
}

// Nodelist is a NODELIST_NOTIFICATION (model 1).
type Nodelist struct {
	Ring                  RingID
	Members, Joined, Left []uint32
}

// Encode is the body of NODELIST_NOTIFICATION (id 7).
func (n Nodelist) Encode() []byte {
	all := len(n.Members) + len(n.Joined) + len(n.Left)
	b := make([]byte, 40+4*all)
	le.PutUint32(b, n.Ring.NodeID)
	le.PutUint64(b[8:], n.Ring.Seq)
	le.PutUint32(b[16:], uint32(len(n.Members)))
	le.PutUint32(b[24:], uint32(len(n.Joined)))
	le.PutUint32(b[32:], uint32(len(n.Left)))
	at := 36
	for _, l := range [][]uint32{n.Members, n.Joined, n.Left} {
		for _, id := range l {
			le.PutUint32(b[at:], id)
			at += 4
		}
	}
	return b
}

// DecodeNodelist parses a NODELIST_NOTIFICATION body.
func DecodeNodelist(b []byte) (Nodelist, error) {
	if len(b) < 36 {
		return Nodelist{}, short("nodelist notification", len(b), 36)
	}
	n := Nodelist{Ring: RingID{NodeID: le.Uint32(b), Seq: le.Uint64(b[8:])}}
	cm, cj, cl := uint64(le.Uint32(b[16:])), uint64(le.Uint32(b[24:])), uint64(le.Uint32(b[32:]))
	if cm+cj+cl > uint64(len(b)-36)/4 {
		return n, fmt.Errorf("quorumipc: nodelist notification: %d entries do not fit in %d bytes", cm+cj+cl, len(b)-36)
	}
	all, _ := list("nodelist notification", b, 36, uint32(cm+cj+cl))
	n.Members, n.Joined, n.Left = all[:cm], all[cm:cm+cj], all[cm+cj:]
	return n, nil
}
