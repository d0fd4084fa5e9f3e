package coroconf

import (
	"fmt"
	"strings"

	"github.com/gorosync/gorosync/cmap"
)

// Transport is totem.transport.
type Transport int

const (
	TransportKnet Transport = iota // the 3.x default
	TransportUDPU
	TransportUDP
)

func (t Transport) String() string {
	return [...]string{"knet", "udpu", "udp"}[t]
}

// Member is one nodelist address of a link.
type Member struct {
	Addr   string // as printed by corosync (numeric)
	Nodeid uint32
}

// Link is one configured totem interface (link).
type Link struct {
	Configured    bool
	Bindnet       string // numeric; "" if unset
	Mcast         string // numeric; "" if unset
	LocalIP       string // this node's address on the link
	Port          uint16
	TTL           int
	LinkPriority  int
	PingInterval  uint32
	PingTimeout   uint32
	PingPrecision uint32
	PongCount     uint32
	KnetTransport string
	Members       []Member // duplicates included where corosync has them

	bindnet, mcast tAddr
	memberFams     []int
}

// TotemConfig is the totem configuration corosync ends up with.
type TotemConfig struct {
	Transport    Transport
	Version      uint32
	Cipher       string
	Hash         string
	CryptoModel  string
	PrivateKey   []byte
	LinkMode     string
	ClearHighBit bool
	Threads      uint32
	NetMTU       uint32
	Nodeid       uint32
	Broadcast    bool
	Links        [interfaceMax]Link

	ipVersion ipVersion
	// Effective values of the volatile keys, by cmap key without "totem.".
	Volatile map[string]uint32
	// KnetCompressionLevel and KnetCompressionModel are the non-u32 ones.
	KnetCompressionLevel int32
	KnetCompressionModel string
}

// totemConfigRead is totem_config_read. It returns the configuration, the
// warning bits, and the error text ("" on success).
func (r *run) totemConfigRead() (*TotemConfig, int, string) {
	m := r.m
	tc := &TotemConfig{Transport: TransportKnet, LinkMode: "passive", Volatile: map[string]uint32{}}
	r.tc = tc
	for i := range tc.Links {
		tc.Links[i].TTL = 1 // measured: links known only from the nodelist pass the ttl check
	}
	warnings := 0

	if s, ok := getStr(m, "totem.transport"); ok {
		switch s {
		case "udpu":
			tc.Transport = TransportUDPU
		case "udp":
			tc.Transport = TransportUDP
		case "knet":
			tc.Transport = TransportKnet
		default:
			return nil, 0, "Invalid transport type. Should be udpu, udp or knet"
		}
	}
	tc.Version, _ = getU32(m, "totem.version")

	if e := r.readCrypto(tc); e != "" {
		return nil, 0, e
	}
	if e := r.readKey(tc); e != "" {
		return nil, 0, e
	}

	if s, ok := getStr(m, "totem.link_mode"); ok {
		if len(s) >= totemLinkModeBytes {
			return nil, 0, "totem.link_mode is too long"
		}
		tc.LinkMode = s
	}
	if _, ok := getU32(m, "totem.nodeid"); ok {
		warnings |= warnTotemNodeidSet
	}
	if s, ok := getStr(m, "totem.clear_node_high_bit"); ok && s == "yes" {
		tc.ClearHighBit = true
	}
	tc.Threads, _ = getU32(m, "totem.threads")
	tc.NetMTU, _ = getU32(m, "totem.netmtu")
	tc.ipVersion = r.ipVersionOf(tc)

	if _, ok := getStr(m, "totem.interface.0.bindnetaddr"); !ok {
		r.convertNodelistToInterface()
	} else if _, ok := getStr(m, "nodelist.node.0.ring0_addr"); ok {
		warnings |= warnBindnetaddrNodelist
		r.convertNodelistToInterface()
	}

	tc.Broadcast = false
	if e := r.interfaceParams(tc, &warnings); e != "" {
		return nil, 0, e
	}
	if tc.Broadcast {
		a, _ := r.ipParse("255.255.255.255", ipv4)
		tc.Links[0].mcast = a
	}

	// udp: write the generated multicast address and port back.
	if tc.Transport == TransportUDP {
		for i := range tc.Links {
			l := &tc.Links[i]
			if !l.Configured {
				continue
			}
			key := fmt.Sprintf("totem.interface.%d.mcastaddr", i)
			if _, ok := getStr(m, key); !ok && l.mcast.family() != 0 {
				_ = m.Set(key, cmap.Str(l.mcast.String()))
			}
			key = fmt.Sprintf("totem.interface.%d.mcastport", i)
			if _, ok := getU16(m, key); !ok {
				_ = m.Set(key, cmap.U16(l.Port))
			}
		}
	}

	_, hasName := getStr(m, "nodelist.node.0.name")
	if !hasName {
		_, hasName = getStr(m, "nodelist.node.0.ring0_addr")
	}
	if hasName {
		pos, _ := r.findLocalNode()
		if pos != -1 {
			tc.Nodeid, _ = getU32(m, fmt.Sprintf("nodelist.node.%d.nodeid", uint32(pos)))
			if tc.Transport == TransportKnet && tc.Nodeid == 0 {
				return nil, 0, "Knet requires an explicit nodeid for the local node"
			}
			if tc.Transport != TransportKnet && tc.Nodeid == 0 {
				addr, ok := getStr(m, fmt.Sprintf("nodelist.node.%d.ring0_addr", uint32(pos)))
				if !ok {
					// corosync reuses a freed buffer here; 3.1.7 on
					// Debian reads the text "totemip_parse" from it.
					addr = "totemip_parse"
				}
				id, ok := r.generateNodeid(addr, tc.ClearHighBit)
				if !ok {
					return nil, 0, "An IPV6 network requires that a node ID be specified"
				}
				tc.Nodeid = id
			}
		}
		if e := r.nodelistMembers(tc); e != "" {
			return nil, 0, e
		}
	}

	r.volatileRead(tc)
	r.knetPingTimers(tc)
	r.exportLinks(tc)
	return tc, warnings, ""
}

// ipVersionOf is totem_config_get_ip_version.
func (r *run) ipVersionOf(tc *TotemConfig) ipVersion {
	v := ipv64
	if tc.Transport == TransportUDP {
		v = ipv4
	}
	if s, ok := getStr(r.m, "totem.ip_version"); ok {
		switch s {
		case "ipv4":
			v = ipv4
		case "ipv6":
			v = ipv6
		case "ipv6-4":
			v = ipv64
		case "ipv4-6":
			v = ipv46
		}
	}
	return v
}

// convertNodelistToInterface is config_convert_nodelist_to_interface: the
// local node's ring addresses become totem.interface.N.bindnetaddr.
func (r *run) convertNodelistToInterface() {
	pos, _ := r.findLocalNode()
	if pos < 0 {
		return
	}
	prefix := fmt.Sprintf("nodelist.node.%d.", uint32(pos))
	for _, key := range r.m.Keys(prefix) {
		_, rest, n := nodeKey(key)
		if n != 2 {
			continue
		}
		link, ok := ringKey(rest)
		if !ok {
			continue
		}
		if s, ok := getStr(r.m, key); ok {
			_ = r.m.Set(fmt.Sprintf("totem.interface.%d.bindnetaddr", link), cmap.Str(s))
		}
	}
}

// interfaceParams is get_interface_params (initial read). Like corosync it
// handles every key under totem.interface. separately, re-reading the
// whole interface each time (which shows in the debug log).
func (r *run) interfaceParams(tc *TotemConfig, warnings *int) string {
	m := r.m
	clusterName, hasCluster := getStr(m, "totem.cluster_name")
	tmpVer := ipv4
	for _, key := range m.Keys("totem.interface.") {
		rest := strings.TrimPrefix(key, "totem.interface.")
		dot := strings.IndexByte(rest, '.')
		if dot <= 0 {
			continue
		}
		sub, ok := scanWord(rest[dot+1:])
		if !ok {
			continue
		}
		if sub != "bindnetaddr" && tc.Transport == TransportUDP {
			continue
		}
		link := uint32(atoi(rest[:dot]))
		if link >= interfaceMax {
			return fmt.Sprintf("%sinterface ring number %d is bigger than allowed maximum %d\n", ParseErrorPrefix, link, interfaceMax-1)
		}
		l := &tc.Links[link]
		if s, ok := getStr(m, fmt.Sprintf("totem.interface.%d.bindnetaddr", link)); ok {
			a, ok := r.ipParse(s, tc.ipVersion)
			if !ok {
				return fmt.Sprintf("failed to parse bindnet address '%s'\n", s)
			}
			l.bindnet = a
		}
		if s, ok := getStr(m, fmt.Sprintf("totem.interface.%d.mcastaddr", link)); ok {
			a, ok := r.ipParse(s, tc.ipVersion)
			if !ok {
				return fmt.Sprintf("failed to parse mcast address '%s'\n", s)
			}
			l.mcast = a
		} else if tc.Transport == TransportUDP {
			switch tc.Links[0].bindnet.family() {
			case 4:
				tmpVer = ipv4
			case 6:
				tmpVer = ipv6
			}
			if hasCluster {
				l.mcast = tAddr{}
				a, _ := r.ipParse(ClusterMcastAddr(clusterName, link, tmpVer == ipv6), tmpVer)
				l.mcast = a
			}
		}
		if s, ok := getStr(m, fmt.Sprintf("totem.interface.%d.broadcast", link)); ok && s == "yes" {
			tc.Broadcast = true
		}
		if p, ok := getU16(m, fmt.Sprintf("totem.interface.%d.mcastport", link)); ok {
			l.Port = p
		} else if tc.Broadcast {
			l.Port = uint16(defaultPort + 2*link)
		} else {
			l.Port = uint16(defaultPort + link)
		}
		l.TTL = 1
		if v, ok := getU8(m, fmt.Sprintf("totem.interface.%d.ttl", link)); ok {
			l.TTL = int(v)
		}
		l.KnetTransport = "udp"
		if s, ok := getStr(m, fmt.Sprintf("totem.interface.%d.knet_transport", link)); ok {
			switch s {
			case "sctp", "udp":
				l.KnetTransport = s
			default:
				return "Unrecognised knet_transport. expected 'udp' or 'sctp'"
			}
		}
		l.Configured = true
		l.LinkPriority = 1
		if v, ok := getU8(m, fmt.Sprintf("totem.interface.%d.knet_link_priority", link)); ok {
			l.LinkPriority = int(v)
		}
		l.PingInterval, _ = getU32(m, fmt.Sprintf("totem.interface.%d.knet_ping_interval", link))
		l.PingTimeout, _ = getU32(m, fmt.Sprintf("totem.interface.%d.knet_ping_timeout", link))
		l.PingPrecision = 2048
		if v, ok := getU32(m, fmt.Sprintf("totem.interface.%d.knet_ping_precision", link)); ok {
			l.PingPrecision = v
		}
		l.PongCount = 2
		if v, ok := getU32(m, fmt.Sprintf("totem.interface.%d.knet_pong_count", link)); ok {
			l.PongCount = v
		}
		l.Members = l.Members[:0]
		l.memberFams = l.memberFams[:0]
		for i, mk := range m.Keys(fmt.Sprintf("totem.interface.%d.member.", link)) {
			if i == 0 {
				if _, ok := getStr(m, "nodelist.node.0.ring0_addr"); ok {
					*warnings |= warnMembersIgnored
					break
				}
				*warnings |= warnMembersDeprecated
			}
			s, ok := getStr(m, mk)
			if !ok {
				continue
			}
			a, ok := r.ipParse(s, tc.ipVersion)
			if !ok {
				return fmt.Sprintf("failed to parse node address '%s'\n", s)
			}
			l.Members = append(l.Members, Member{Addr: a.String()})
			l.memberFams = append(l.memberFams, a.family())
		}
	}
	return ""
}

// nodelistMembers is put_nodelist_members_to_config (initial read).
func (r *run) nodelistMembers(tc *TotemConfig) string {
	m := r.m
	for i := range tc.Links {
		tc.Links[i].Members = nil
		tc.Links[i].memberFams = nil
	}
	last := int64(-1)
	for _, key := range m.Keys("nodelist.node.") {
		pos, _, n := nodeKey(key)
		if n != 2 || int64(pos) == last {
			continue
		}
		last = int64(pos)
		prefix := fmt.Sprintf("nodelist.node.%d.", pos)
		keys := m.Keys(prefix)
		for k := 0; k < len(keys); k++ {
			nodeid, _ := getU32(m, prefix+"nodeid")
			_, rest, n := nodeKey(keys[k])
			if n != 2 {
				continue
			}
			link, ok := ringKey(rest)
			if !ok {
				continue
			}
			if link >= interfaceMax {
				return fmt.Sprintf("%sinterface ring number %d is bigger than allowed maximum %d\n", ParseErrorPrefix, link, interfaceMax-1)
			}
			addr, ok := getStr(m, keys[k])
			if !ok {
				continue
			}
			if nodeid == 0 && tc.Transport != TransportKnet {
				if r0, ok := getStr(m, prefix+"ring0_addr"); ok {
					id, ok := r.generateNodeid(r0, tc.ClearHighBit)
					if !ok {
						return fmt.Sprintf("An IPV6 network requires that a node ID be specified for address '%s'.", addr)
					}
					r.logAt(LevelDebug, "TOTEM", "put_nodelist_members_to_config", "totemconfig.c", lineGeneratedNodeid,
						fmt.Sprintf("Generated nodeid = %d for %s", id, r0))
					nodeid = id
					_ = m.Set(prefix+"nodeid", cmap.U32(id))
					// icmap's trie splits the node of a node's only key
					// when nodeid is inserted next to it, and its
					// iterator then returns that key a second time.
					if len(keys) == 1 {
						keys = append(keys, keys[k])
					}
				}
			}
			if nodeid == 0 && tc.Transport == TransportKnet {
				return fmt.Sprintf("Knet requires an explicit nodeid to be specified for address '%s'.", addr)
			}
			if tc.Transport == TransportKnet && nodeid >= knetMaxHost {
				return fmt.Sprintf("Knet requires nodeid to be less than %d for address '%s'.", knetMaxHost, addr)
			}
			a, ok := r.ipParse(addr, tc.ipVersion)
			if !ok {
				return fmt.Sprintf("failed to parse node address '%s'\n", addr)
			}
			l := &tc.Links[link]
			l.Members = append(l.Members, Member{Addr: a.String(), Nodeid: nodeid})
			l.memberFams = append(l.memberFams, a.family())
			l.Configured = true
		}
	}
	r.configureLinkParams(tc)
	return ""
}

// configureLinkParams is configure_link_params: this node's address and the
// per-link defaults.
func (r *run) configureLinkParams(tc *TotemConfig) {
	pos, _ := r.findLocalNode()
	for i := range tc.Links {
		l := &tc.Links[i]
		if !l.Configured {
			continue
		}
		r.logAt(LevelDebug, "TOTEM", "configure_link_params", "totemconfig.c", lineConfiguringLink, fmt.Sprintf("Configuring link %d params", i))
		s, ok := getStr(r.m, fmt.Sprintf("nodelist.node.%d.ring%d_addr", uint32(pos), i))
		if !ok {
			continue
		}
		a, ok := r.ipParse(s, tc.ipVersion)
		if !ok {
			continue
		}
		l.LocalIP = a.String()
		if l.LinkPriority == 0 {
			l.LinkPriority = 1
		}
		if l.PingPrecision == 0 {
			l.PingPrecision = 2048
		}
		if l.PongCount == 0 {
			l.PongCount = 2
		}
		if l.KnetTransport == "" {
			l.KnetTransport = "udp"
		}
		if l.Port == 0 {
			l.Port = uint16(defaultPort + i)
		}
	}
}

// knetPingTimers is calc_knet_ping_timers.
func (r *run) knetPingTimers(tc *TotemConfig) {
	token := tc.Volatile["token"]
	for i := range tc.Links {
		l := &tc.Links[i]
		if !l.Configured {
			continue
		}
		if l.PongCount == 0 {
			l.PongCount = 2
		}
		if l.PingTimeout == 0 {
			l.PingTimeout = token / l.PongCount
		}
		_ = r.m.Set(fmt.Sprintf("runtime.config.totem.interface.%d.knet_ping_timeout", i), cmap.U32(l.PingTimeout))
		if l.PingInterval == 0 {
			l.PingInterval = token / (l.PongCount * 2)
		}
		_ = r.m.Set(fmt.Sprintf("runtime.config.totem.interface.%d.knet_ping_interval", i), cmap.U32(l.PingInterval))
	}
}

// exportLinks fills the printable fields of the links.
func (r *run) exportLinks(tc *TotemConfig) {
	for i := range tc.Links {
		l := &tc.Links[i]
		l.Bindnet = l.bindnet.String()
		l.Mcast = l.mcast.String()
	}
}
