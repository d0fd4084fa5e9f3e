package coroconf

import (
	"encoding/binary"
	"fmt"
)

// NodeidFromIPv4 is the nodeid corosync derives from an IPv4 ring0_addr:
// the address as a big-endian number, top bit cleared on request
// (totem.clear_node_high_bit: yes).
func NodeidFromIPv4(a [4]byte, clearHighBit bool) uint32 {
	id := binary.BigEndian.Uint32(a[:])
	if clearHighBit {
		id &= 0x7fffffff
	}
	return id
}

// generateNodeid is generate_nodeid: it resolves addr as IPv4 only (logging
// like totemip_parse) and reports false where corosync gets -1.
func (r *run) generateNodeid(addr string, clearHighBit bool) (uint32, bool) {
	t, ok := r.ipParse(addr, ipv4)
	if !ok {
		return 0, false
	}
	id := NodeidFromIPv4(t.a.As4(), clearHighBit)
	// corosync compares the result with -1, so 255.255.255.255 fails too.
	if id == 0xffffffff {
		return 0, false
	}
	return id, true
}

// clusterID is generate_cluster_id: a shift-and-add hash of the name.
func clusterID(name string) uint16 {
	v := int32(0)
	for i := 0; i < len(name); i++ {
		v <<= 1
		v += int32(int8(name[i])) // char is signed on x86
	}
	return uint16(v & 0xffff)
}

// ClusterMcastAddr is the multicast address corosync picks for a udp link
// when totem.interface.N.mcastaddr is not set: 239.192.X.Y for IPv4
// (Y is taken modulo 255, as corosync does), ff15::X for IPv6.
func ClusterMcastAddr(clusterName string, link uint32, v6 bool) string {
	id := clusterID(clusterName) + uint16(link)
	if v6 {
		return fmt.Sprintf("ff15::%x", id)
	}
	return fmt.Sprintf("239.192.%d.%d", id>>8, id%0xff)
}
