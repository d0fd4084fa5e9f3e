package totem

import (
	"errors"
	"fmt"
)

// Reconfigure replaces the node's configuration at run time, as Corosync
// does after a reload (cfgtool -R) or when a totem.* key changes in cmap
// (totem_change_notify): the timer values and the nodelist. Membership is
// not touched and timers already armed keep their deadlines; the new
// values apply from the next time a timer is armed. NodeID may not change.
// An invalid Config is refused and the old one stays.
type Reconfigure struct{ Config Config }

func (Reconfigure) isEvent() {}

// ErrNodeIDChange is returned for a Reconfigure that names another node.
var ErrNodeIDChange = errors.New("totem: the node id cannot change at run time")

// Config returns a copy of the configuration in use.
func (n *Node) Config() Config {
	c := n.cfg
	c.Members = append([]uint32(nil), n.cfg.Members...)
	return c
}

func (n *Node) reconfigure(cfg Config) error {
	if cfg.NodeID != n.id {
		return fmt.Errorf("%w (%d -> %d)", ErrNodeIDChange, n.id, cfg.NodeID)
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	cfg.Members = append([]uint32(nil), cfg.Members...)
	n.cfg = cfg
	return nil
}
