package totempg

import (
	"encoding/binary"
	"fmt"
)

// The two groups Corosync uses.
const (
	GroupA    = "a"    // every service exec message (exec/main.c)
	GroupSync = "sync" // the sync protocol (exec/sync.c)
)

// GroupHeader returns the prefix totempg_groups_mcast_joined puts before a
// message: u16 group count, u16 length per group, then the names.
func GroupHeader(groups ...string) []byte {
	b := binary.LittleEndian.AppendUint16(nil, uint16(len(groups)))
	for _, g := range groups {
		b = binary.LittleEndian.AppendUint16(b, uint16(len(g)))
	}
	for _, g := range groups {
		b = append(b, g...)
	}
	return b
}

// GroupIovecs is the iovec list totempg_groups_mcast_joined hands to the
// packer for one group: the length array, the name, then the body pieces.
// The split matters: the packer's "fits" test looks at one iovec at a time.
func GroupIovecs(group string, body ...[]byte) [][]byte {
	iov := make([][]byte, 0, 2+len(body))
	iov = append(iov, binary.LittleEndian.AppendUint16(binary.LittleEndian.AppendUint16(nil, 1), uint16(len(group))))
	iov = append(iov, []byte(group))
	return append(iov, body...)
}

// ParseGroups splits a reassembled message into its group names and the
// payload after them. swapped converts the lengths (group_endian_convert).
func ParseGroups(msg []byte, swapped bool) (groups []string, payload []byte, err error) {
	var o binary.ByteOrder = binary.LittleEndian
	if swapped {
		o = binary.BigEndian
	}
	if len(msg) < 2 {
		return nil, nil, fmt.Errorf("%w: group header: %d bytes", ErrCorrupt, len(msg))
	}
	n := int(o.Uint16(msg))
	off := 2 + 2*n
	if len(msg) < off {
		return nil, nil, fmt.Errorf("%w: group header: %d groups need %d bytes, have %d", ErrCorrupt, n, off, len(msg))
	}
	if n > 0 {
		groups = make([]string, n)
	}
	for i := range groups {
		l := int(o.Uint16(msg[2+2*i:]))
		if len(msg)-off < l {
			return nil, nil, fmt.Errorf("%w: group %d name of %d bytes runs past the message", ErrCorrupt, i, l)
		}
		groups[i] = string(msg[off : off+l])
		off += l
	}
	return groups, msg[off:], nil
}

// InGroup reports whether groups names g.
func InGroup(groups []string, g string) bool {
	for _, x := range groups {
		if x == g {
			return true
		}
	}
	return false
}
