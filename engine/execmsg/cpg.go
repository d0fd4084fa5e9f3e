package execmsg

import (
	"encoding/binary"
	"fmt"

	"github.com/gorosync/gorosync/totem/svcmsg"
)

// cpg exec function numbers (exec/cpg.c enum cpg_message_req_types).
const (
	CpgProcJoinFn     = 0
	CpgProcLeaveFn    = 1
	CpgJoinListFn     = 2
	CpgMcastFn        = 3
	CpgDownListOldFn  = 4
	CpgDownListFn     = 5
	CpgPartialMcastFn = 6
	CpgExecCount      = 7
)

// ProcessorCountMax is PROCESSOR_COUNT_MAX: the size of the nodeid array
// of a DOWNLIST.
const ProcessorCountMax = 384

// CpgDownListSize is sizeof(struct req_exec_cpg_downlist): header,
// old_members @16, left_nodes @24, nodeids[384] @32.
const CpgDownListSize = 32 + 4*ProcessorCountMax

// CpgDownList is req_exec_cpg_downlist. Corosync sends the whole nodeid
// array; entries past LeftNodes are whatever an earlier sync left there,
// so the sender keeps the array (NodeIDs) and the wire carries all of it.
type CpgDownList struct {
	OldMembers uint32
	LeftNodes  uint32
	NodeIDs    [ProcessorCountMax]uint32
}

func (*CpgDownList) EncodedLen() int { return CpgDownListSize }

func (m *CpgDownList) Append(b []byte) []byte {
	l := len(b)
	b = append(b, make([]byte, CpgDownListSize)...)
	w := b[l:]
	putHeader(w, svcmsg.MakeID(svcmsg.ServiceCpg, CpgDownListFn), CpgDownListSize)
	le := binary.LittleEndian
	le.PutUint32(w[16:], m.OldMembers)
	le.PutUint32(w[24:], m.LeftNodes)
	for i, id := range m.NodeIDs {
		le.PutUint32(w[32+4*i:], id)
	}
	return b
}

// Left returns the nodes the message says left.
func (m *CpgDownList) Left() []uint32 {
	n := min(int(m.LeftNodes), ProcessorCountMax)
	return append([]uint32(nil), m.NodeIDs[:n]...)
}

// DecodeCpgDownList decodes a DOWNLIST. Like exec_cpg_downlist_endian_convert,
// a swapped sender has its counts and its first LeftNodes ids converted.
func DecodeCpgDownList(b []byte, swapped bool) (*CpgDownList, error) {
	if err := need("cpg downlist", b, CpgDownListSize); err != nil {
		return nil, err
	}
	o := order(swapped)
	m := &CpgDownList{OldMembers: o.Uint32(b[16:]), LeftNodes: o.Uint32(b[24:])}
	if m.LeftNodes > ProcessorCountMax {
		return nil, fmt.Errorf("cpg downlist: %w: left_nodes %d > %d", svcmsg.ErrCorrupt, m.LeftNodes, ProcessorCountMax)
	}
	for i := range m.NodeIDs {
		if i < int(m.LeftNodes) {
			m.NodeIDs[i] = o.Uint32(b[32+4*i:])
		} else {
			m.NodeIDs[i] = binary.LittleEndian.Uint32(b[32+4*i:])
		}
	}
	return m, nil
}

// CpgNameMax is CPG_MAX_NAME_LENGTH.
const CpgNameMax = 128

// cpgNameSize is sizeof(mar_cpg_name_t): u32 length, char value[128] @8
// (both aligned(8)).
const cpgNameSize = 8 + CpgNameMax

// joinEntrySize is sizeof(struct join_list_entry): u32 pid, then the
// aligned(8) mar_cpg_name_t @8.
const joinEntrySize = 8 + cpgNameSize

// JoinEntry is one local CPG member announced in a JOINLIST.
type JoinEntry struct {
	PID   uint32
	Group string // at most CpgNameMax bytes
}

// CpgJoinList is the JOINLIST: a qb response header (id, size, error,
// 24 bytes) followed by join_list_entry items. A node without local CPG
// members sends no JOINLIST at all.
type CpgJoinList struct {
	Entries []JoinEntry
}

// cpgResponseHeaderSize is sizeof(struct qb_ipc_response_header): i32 id,
// i32 size and i32 error, each aligned(8).
const cpgResponseHeaderSize = 24

func (m *CpgJoinList) EncodedLen() int { return cpgResponseHeaderSize + joinEntrySize*len(m.Entries) }

func (m *CpgJoinList) Append(b []byte) []byte {
	size := m.EncodedLen()
	l := len(b)
	b = append(b, make([]byte, size)...)
	w := b[l:]
	putHeader(w, svcmsg.MakeID(svcmsg.ServiceCpg, CpgJoinListFn), int32(size))
	le := binary.LittleEndian
	for i, e := range m.Entries {
		o := cpgResponseHeaderSize + joinEntrySize*i
		le.PutUint32(w[o:], e.PID)
		name := e.Group
		if len(name) > CpgNameMax {
			name = name[:CpgNameMax]
		}
		le.PutUint32(w[o+8:], uint32(len(name)))
		copy(w[o+16:o+16+CpgNameMax], name)
	}
	return b
}

// DecodeCpgJoinList decodes a JOINLIST; entries run up to the header size.
func DecodeCpgJoinList(b []byte, swapped bool) (*CpgJoinList, error) {
	if err := need("cpg joinlist", b, cpgResponseHeaderSize); err != nil {
		return nil, err
	}
	o := order(swapped)
	size := int(int32(o.Uint32(b[8:])))
	if size < cpgResponseHeaderSize || size > len(b) {
		return nil, fmt.Errorf("cpg joinlist: %w: size %d, message %d bytes", svcmsg.ErrCorrupt, size, len(b))
	}
	m := &CpgJoinList{}
	for off := cpgResponseHeaderSize; off+joinEntrySize <= size; off += joinEntrySize {
		n := o.Uint32(b[off+8:])
		if n > CpgNameMax {
			return nil, fmt.Errorf("cpg joinlist: %w: group name length %d", svcmsg.ErrCorrupt, n)
		}
		m.Entries = append(m.Entries, JoinEntry{PID: o.Uint32(b[off:]), Group: string(b[off+16 : off+16+int(n)])})
	}
	return m, nil
}
