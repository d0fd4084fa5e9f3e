package svcmsg

import (
	"encoding/binary"
	"fmt"
)

// votequorum exec messages (service 5, exec/votequorum.c).
const (
	VQNodeInfoFn           = 0
	VQReconfigureFn        = 1
	VQQdeviceRegFn         = 2
	VQQdeviceReconfigureFn = 3

	VQNodeInfoSize           = 32
	VQReconfigureSize        = 32
	VQQdeviceRegSize         = 280
	VQQdeviceReconfigureSize = 528
	VQQdeviceNameLen         = 255 // VOTEQUORUM_QDEVICE_MAX_NAME_LEN
)

// Node info flags (NODE_FLAGS_*).
const (
	VQFlagQuorate           = 1
	VQFlagLeaving           = 2
	VQFlagWFAStatus         = 4
	VQFlagFirst             = 8
	VQFlagQdeviceRegistered = 16
	VQFlagQdeviceAlive      = 32
	VQFlagQdeviceCastVote   = 64
	VQFlagQdeviceMasterWins = 128
)

// Reconfigure params (VOTEQUORUM_RECONFIG_PARAM_*).
const (
	VQParamExpectedVotes = 1
	VQParamNodeVotes     = 2
	VQParamCancelWFA     = 3
)

// VQNodeInfo is req_exec_quorum_nodeinfo. NodeID 0 is the qdevice.
type VQNodeInfo struct {
	NodeID, Votes, ExpectedVotes, Flags uint32
}

func (*VQNodeInfo) EncodedLen() int { return VQNodeInfoSize }

func (m *VQNodeInfo) Append(b []byte) []byte {
	b, w := grow(b, VQNodeInfoSize)
	putHeader(w, Header{ID: MakeID(ServiceVotequorum, VQNodeInfoFn), Size: VQNodeInfoSize})
	le := binary.LittleEndian
	le.PutUint32(w[16:], m.NodeID)
	le.PutUint32(w[20:], m.Votes)
	le.PutUint32(w[24:], m.ExpectedVotes)
	le.PutUint32(w[28:], m.Flags)
	return b
}

// VQReconfigure is req_exec_quorum_reconfigure.
type VQReconfigure struct {
	NodeID, Value uint32
	Param         uint8
}

func (*VQReconfigure) EncodedLen() int { return VQReconfigureSize }

func (m *VQReconfigure) Append(b []byte) []byte {
	b, w := grow(b, VQReconfigureSize)
	putHeader(w, Header{ID: MakeID(ServiceVotequorum, VQReconfigureFn), Size: VQReconfigureSize})
	binary.LittleEndian.PutUint32(w[16:], m.NodeID)
	binary.LittleEndian.PutUint32(w[20:], m.Value)
	w[24] = m.Param
	return b
}

// VQQdeviceReg is req_exec_quorum_qdevice_reg: Operation 1 registers,
// 0 unregisters the named qdevice.
type VQQdeviceReg struct {
	Operation uint32
	Name      string // at most 254 bytes plus NUL
}

func (*VQQdeviceReg) EncodedLen() int { return VQQdeviceRegSize }

func (m *VQQdeviceReg) Append(b []byte) []byte {
	b, w := grow(b, VQQdeviceRegSize)
	putHeader(w, Header{ID: MakeID(ServiceVotequorum, VQQdeviceRegFn), Size: VQQdeviceRegSize})
	binary.LittleEndian.PutUint32(w[16:], m.Operation)
	putName(w[20:20+VQQdeviceNameLen], m.Name)
	return b
}

// VQQdeviceReconfigure is req_exec_quorum_qdevice_reconfigure.
type VQQdeviceReconfigure struct {
	OldName, NewName string
}

func (*VQQdeviceReconfigure) EncodedLen() int { return VQQdeviceReconfigureSize }

func (m *VQQdeviceReconfigure) Append(b []byte) []byte {
	b, w := grow(b, VQQdeviceReconfigureSize)
	putHeader(w, Header{ID: MakeID(ServiceVotequorum, VQQdeviceReconfigureFn), Size: VQQdeviceReconfigureSize})
	putName(w[16:16+VQQdeviceNameLen], m.OldName)
	putName(w[271:271+VQQdeviceNameLen], m.NewName)
	return b
}

// putName copies a name into a char array, always leaving a final NUL.
func putName(dst []byte, s string) { copy(dst[:len(dst)-1], s) }

// DecodeVotequorum decodes a group "a" message of service 5; swapped
// converts the integer fields as the exec_endian_convert functions do.
func DecodeVotequorum(b []byte, swapped bool) (Message, error) {
	h, err := DecodeHeader(b, swapped)
	if err != nil {
		return nil, fmt.Errorf("votequorum: %w", err)
	}
	if h.Service() != ServiceVotequorum {
		return nil, fmt.Errorf("votequorum: %w: %v", ErrUnknown, h)
	}
	o := order(swapped)
	switch h.Fn() {
	case VQNodeInfoFn:
		if err := need("votequorum nodeinfo", b, VQNodeInfoSize); err != nil {
			return nil, err
		}
		return &VQNodeInfo{NodeID: o.Uint32(b[16:]), Votes: o.Uint32(b[20:]), ExpectedVotes: o.Uint32(b[24:]), Flags: o.Uint32(b[28:])}, nil
	case VQReconfigureFn:
		if err := need("votequorum reconfigure", b, VQReconfigureSize); err != nil {
			return nil, err
		}
		return &VQReconfigure{NodeID: o.Uint32(b[16:]), Value: o.Uint32(b[20:]), Param: b[24]}, nil
	case VQQdeviceRegFn:
		if err := need("votequorum qdevice_reg", b, VQQdeviceRegSize); err != nil {
			return nil, err
		}
		name, err := cString("votequorum qdevice_reg", b[20:20+VQQdeviceNameLen])
		if err != nil {
			return nil, err
		}
		return &VQQdeviceReg{Operation: o.Uint32(b[16:]), Name: name}, nil
	case VQQdeviceReconfigureFn:
		if err := need("votequorum qdevice_reconfigure", b, VQQdeviceReconfigureSize); err != nil {
			return nil, err
		}
		oldName, err := cString("votequorum qdevice_reconfigure oldname", b[16:16+VQQdeviceNameLen])
		if err != nil {
			return nil, err
		}
		newName, err := cString("votequorum qdevice_reconfigure newname", b[271:271+VQQdeviceNameLen])
		if err != nil {
			return nil, err
		}
		return &VQQdeviceReconfigure{OldName: oldName, NewName: newName}, nil
	}
	return nil, fmt.Errorf("votequorum: %w fn %d", ErrUnknown, h.Fn())
}
