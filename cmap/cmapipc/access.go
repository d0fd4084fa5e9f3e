package cmapipc

import (
	"fmt"
	"syscall"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/qbipc"
)

// AccessCheck is corosync's admission rule for IPC clients of every
// service (cs_ipcs_connection_accept): root's uid or gid always, otherwise
// a u8 value 1 under uidgid.uid.<uid>, uidgid.config.uid.<uid>,
// uidgid.gid.<gid> or uidgid.config.gid.<gid> (looked up at connection
// time, so runtime changes apply to new clients). Anyone else gets EACCES.
// The daemon wraps it to answer EAGAIN while it is not ready.
func AccessCheck(m *cmap.Map) func(qbipc.Creds) error {
	return func(c qbipc.Creds) error {
		if c.UID == 0 || c.GID == 0 {
			return nil
		}
		for _, k := range []string{
			fmt.Sprintf("uidgid.uid.%d", c.UID),
			fmt.Sprintf("uidgid.config.uid.%d", c.UID),
			fmt.Sprintf("uidgid.gid.%d", c.GID),
			fmt.Sprintf("uidgid.config.gid.%d", c.GID),
		} {
			if v, ok := m.Get(k); ok && v.Type() == cmap.Uint8 && v.Uint() == 1 {
				return nil
			}
		}
		return syscall.EACCES
	}
}
