package engine

import (
	"fmt"

	"github.com/gorosync/gorosync/coroconf"
)

// AddrsFromTotem lists every nodelist member's address per link, as
// totem_ifaces_print prints them.
func AddrsFromTotem(tc *coroconf.TotemConfig) map[uint32][]string {
	out := map[uint32][]string{}
	for link, l := range tc.Links {
		if !l.Configured {
			continue
		}
		for _, m := range l.Members {
			if m.Nodeid == 0 {
				continue
			}
			a := out[m.Nodeid]
			for len(a) <= link {
				a = append(a, "")
			}
			if a[link] == "" {
				a[link] = m.Addr
			}
			out[m.Nodeid] = a
		}
	}
	return out
}

// ConfigFromLoad builds the engine configuration of the node a loaded
// configuration describes.
func ConfigFromLoad(res *coroconf.Result) (Config, error) {
	if res == nil || res.Fatal != nil || res.Map == nil || res.Totem == nil {
		return Config{}, fmt.Errorf("%w: configuration did not load", ErrConfig)
	}
	if res.Totem.Nodeid == 0 {
		return Config{}, fmt.Errorf("%w: no local nodeid (is this node in the nodelist?)", ErrConfig)
	}
	c := Config{NodeID: res.Totem.Nodeid, Map: res.Map, Addrs: AddrsFromTotem(res.Totem)}
	// totemsrp's net_mtu on udp/udpu is netmtu less two 45-byte headers;
	// knet sizes are not modelled yet (0 = the udp default).
	if res.Totem.Transport != coroconf.TransportKnet && res.Totem.NetMTU > 90 {
		c.NetMTU = int(res.Totem.NetMTU) - 90
	}
	return c, nil
}
