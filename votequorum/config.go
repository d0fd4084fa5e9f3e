package votequorum

import (
	"strconv"
	"strings"

	"github.com/gorosync/gorosync/cmap"
)

// Config is what votequorum reads from the configuration map. Optional
// keys are pointers: nil means the key is absent (or has another type,
// which icmap_get_* treats the same way).
type Config struct {
	// Nodelist is every nodelist.node.N that has a ring0_addr, in
	// position order. HaveNodelist is false when nodelist.local_node_pos
	// is missing (no nodelist, or this node is not in it); votequorum then
	// ignores the nodelist entirely.
	Nodelist     []NodelistEntry
	HaveNodelist bool
	LocalPos     uint32

	ExpectedVotes         uint32  // quorum.expected_votes, 0 = unset
	Votes                 *uint32 // quorum.votes (used only without nodelist)
	TwoNode               uint8
	WaitForAll            *uint8
	LastManStanding       uint8
	LastManStandingWindow *uint32
	AutoTieBreaker        uint8
	AutoTieBreakerNode    *string
	AllowDownscale        uint8
	ExpectedVotesTracking uint8

	// Device is set when quorum.device.model is a non-empty string.
	Device *DeviceConfig
}

// NodelistEntry is one nodelist.node.N with a ring0_addr.
type NodelistEntry struct {
	Pos         uint32
	QuorumVotes *uint32 // nil: 1 vote
}

// DeviceConfig is quorum.device.*.
type DeviceConfig struct {
	Model       string
	Votes       *uint32
	Timeout     *uint32
	SyncTimeout *uint32
}

// Defaults from include/corosync/votequorum.h and exec/votequorum.c.
const (
	DefaultLMSWindow          = 10000
	DefaultQdeviceTimeout     = 10000
	DefaultQdeviceSyncTimeout = 30000
)

func getU8(m *cmap.Map, key string) (uint8, bool) {
	v, ok := m.Get(key)
	if !ok || v.Type() != cmap.Uint8 {
		return 0, false
	}
	return uint8(v.Uint()), true
}

func getU32(m *cmap.Map, key string) (uint32, bool) {
	v, ok := m.Get(key)
	if !ok || v.Type() != cmap.Uint32 {
		return 0, false
	}
	return uint32(v.Uint()), true
}

func getStr(m *cmap.Map, key string) (string, bool) {
	v, ok := m.Get(key)
	if !ok || v.Type() != cmap.String {
		return "", false
	}
	return v.Str(), true
}

func optU8(m *cmap.Map, key string) *uint8 {
	if v, ok := getU8(m, key); ok {
		return &v
	}
	return nil
}

func optU32(m *cmap.Map, key string) *uint32 {
	if v, ok := getU32(m, key); ok {
		return &v
	}
	return nil
}

// ConfigFromMap reads votequorum's keys from a configuration map with the
// types icmap_get_* insists on (u8 flags, u32 numbers, str names).
func ConfigFromMap(m *cmap.Map) Config {
	var c Config
	c.ExpectedVotes, _ = getU32(m, "quorum.expected_votes")
	c.Votes = optU32(m, "quorum.votes")
	c.TwoNode, _ = getU8(m, "quorum.two_node")
	c.WaitForAll = optU8(m, "quorum.wait_for_all")
	c.LastManStanding, _ = getU8(m, "quorum.last_man_standing")
	c.LastManStandingWindow = optU32(m, "quorum.last_man_standing_window")
	c.AutoTieBreaker, _ = getU8(m, "quorum.auto_tie_breaker")
	if s, ok := getStr(m, "quorum.auto_tie_breaker_node"); ok {
		c.AutoTieBreakerNode = &s
	}
	c.AllowDownscale, _ = getU8(m, "quorum.allow_downscale")
	c.ExpectedVotesTracking, _ = getU8(m, "quorum.expected_votes_tracking")
	if model, ok := getStr(m, "quorum.device.model"); ok && model != "" {
		c.Device = &DeviceConfig{
			Model:       model,
			Votes:       optU32(m, "quorum.device.votes"),
			Timeout:     optU32(m, "quorum.device.timeout"),
			SyncTimeout: optU32(m, "quorum.device.sync_timeout"),
		}
	}
	c.LocalPos, c.HaveNodelist = getU32(m, "nodelist.local_node_pos")
	for key := range m.All("nodelist.node.") {
		pos, ok := ring0Pos(key)
		if !ok {
			continue
		}
		c.Nodelist = append(c.Nodelist, NodelistEntry{
			Pos:         pos,
			QuorumVotes: optU32(m, "nodelist.node."+strconv.FormatUint(uint64(pos), 10)+".quorum_votes"),
		})
	}
	return c
}

// ring0Pos matches "nodelist.node.<pos>.ring0_addr" the way the C sscanf
// ("nodelist.node.%u.%s" then strcmp) does.
func ring0Pos(key string) (uint32, bool) {
	rest := strings.TrimPrefix(key, "nodelist.node.")
	dot := strings.IndexByte(rest, '.')
	if dot <= 0 || rest[dot+1:] != "ring0_addr" {
		return 0, false
	}
	p, err := strconv.ParseUint(rest[:dot], 10, 32)
	if err != nil {
		return 0, false
	}
	return uint32(p), true
}

// nodelistVotes is votequorum_read_nodelist_configuration: (our votes,
// node count, summed votes).
func (c *Config) nodelistVotes() (votes, count, expected uint32) {
	for _, e := range c.Nodelist {
		v := uint32(1)
		if e.QuorumVotes != nil {
			v = *e.QuorumVotes
		}
		count++
		expected += v
		if e.Pos == c.LocalPos {
			votes = v
		}
	}
	return votes, count, expected
}

// ATB types, as published in runtime.votequorum.atb_type.
const (
	ATBNone    = 0
	ATBLowest  = 1
	ATBHighest = 2
	ATBList    = 3
)

// parseATB reads auto_tie_breaker_node: "lowest", "highest" or a list of
// nodeids. Like the C code, a list is recognised when the string starts
// with a non-zero number (atoi), and numbers are then taken one after
// another (strtol) until one is 0 or does not parse.
func parseATB(s string) (int, []uint32) {
	t := ATBNone
	if s == "lowest" {
		t = ATBLowest
	}
	if s == "highest" {
		t = ATBHighest
	}
	var list []uint32
	if first, _ := cNumber(s); first != 0 {
		rest := s
		for {
			n, used := cNumber(rest)
			if n == 0 {
				break
			}
			list = append(list, uint32(n))
			rest = rest[used:]
		}
		if len(list) > 0 {
			t = ATBList
		}
	}
	return t, list
}

// cNumber parses like strtol(s, &end, 10) (overflow saturates): leading
// white space, optional sign, digits; it returns the value and how many
// bytes were consumed (0 when there are no digits).
func cNumber(s string) (int64, int) {
	i := 0
	for i < len(s) && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var v int64
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		if v < (1<<63-1)/10 {
			v = v*10 + int64(s[i]-'0')
		}
		i++
	}
	if i == start {
		return 0, 0
	}
	if neg {
		v = -v
	}
	return v, i
}
