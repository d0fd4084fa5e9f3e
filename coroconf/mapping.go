package coroconf

import (
	"fmt"
	"math"
	"slices"

	"github.com/gorosync/gorosync/cmap"
)

// mapMsgBufSize is main_config_parser_cb's formated_err[256].
const mapMsgBufSize = 256

// mapKeyBufMax is the longest key snprintf(key_name, ICMAP_KEYNAME_MAXLEN,
// ...) can build: corosync silently cuts longer names to this length.
const mapKeyBufMax = cmap.KeyNameMaxLen - 1

// mapCut applies that snprintf truncation.
func mapCut(s string) string {
	if len(s) > mapKeyBufMax {
		return s[:mapKeyBufMax]
	}
	return s
}

// mapFit applies formated_err's size limit to a message.
func mapFit(s string) string {
	if len(s) >= mapMsgBufSize {
		return parseCantFormat
	}
	return s
}

// mapRangeMsg is corosync's message for an integer value that does not parse
// or does not fit its type.
func mapRangeMsg(keyName string, lo int64, hi uint64, value string) string {
	return mapFit(fmt.Sprintf("Value of key \"%s\" is expected to be integer in range (%d..%d), but \"%s\" was given",
		keyName, lo, hi, value))
}

// mapStoreMsg is corosync's message when icmap refuses a key name.
func mapStoreMsg(keyName string) string {
	return mapFit(fmt.Sprintf("Can't store key \"%s\" into icmap, returned error is CS_ERR_NAME_TOO_LONG", keyName))
}

// Typed keys of the main file (coroparse.c main_config_parser_cb).
var (
	mapTotemU32 = mapSet(
		"totem.version", "totem.nodeid", "totem.threads", "totem.token",
		"totem.token_coefficient", "totem.token_retransmit", "totem.token_warning",
		"totem.hold", "totem.token_retransmits_before_loss_const", "totem.join",
		"totem.send_join", "totem.consensus", "totem.merge", "totem.downcheck",
		"totem.fail_recv_const", "totem.seqno_unchanged_const",
		"totem.rrp_token_expired_timeout", "totem.rrp_problem_count_timeout",
		"totem.rrp_problem_count_threshold", "totem.rrp_problem_count_mcast_threshold",
		"totem.rrp_autorecovery_check_timeout", "totem.heartbeat_failures_allowed",
		"totem.max_network_delay", "totem.window_size", "totem.max_messages",
		"totem.miss_count_const", "totem.knet_pmtud_interval", "totem.knet_mtu",
		"totem.knet_compression_threshold", "totem.netmtu")
	mapQuorumU32 = mapSet("quorum.expected_votes", "quorum.votes",
		"quorum.last_man_standing_window", "quorum.leaving_timeout")
	mapQuorumU8 = mapSet("quorum.two_node", "quorum.expected_votes_tracking",
		"quorum.allow_downscale", "quorum.wait_for_all", "quorum.auto_tie_breaker",
		"quorum.last_man_standing")
	mapQdeviceU32 = mapSet("quorum.device.timeout", "quorum.device.sync_timeout",
		"quorum.device.votes")
)

// Keyword-checked string keys: allowed values and the error text.
type mapKeyword struct {
	allowed []string
	msg     string
}

var mapKeywords = map[string]mapKeyword{
	"totem.ip_version":   {[]string{"ipv4", "ipv6", "ipv6-4", "ipv4-6"}, "Invalid ip_version type"},
	"totem.crypto_model": {mapKnetCryptoModels, "Invalid crypto model. Should be " + mapHumanList(mapKnetCryptoModels)},
	"totem.crypto_cipher": {[]string{"none", "aes256", "aes192", "aes128"},
		"Invalid cipher type. Should be none, aes256, aes192 or aes128"},
	"totem.crypto_hash": {[]string{"none", "md5", "sha1", "sha256", "sha384", "sha512"},
		"Invalid hash type. Should be none, md5, sha1, sha256, sha384 or sha512"},
	"totem.knet_compression_model": {mapKnetCompressModels,
		"Invalid compression model. Should be " + mapHumanList(mapKnetCompressModels)},
	"system.qb_ipc_type":                {[]string{"native", "shm", "socket"}, "Invalid system.qb_ipc_type"},
	"system.sched_rr":                   {[]string{"yes", "no"}, "Invalid system.sched_rr value"},
	"system.move_to_root_cgroup":        {[]string{"yes", "no", "auto"}, "Invalid system.move_to_root_cgroup"},
	"system.allow_knet_handle_fallback": {[]string{"yes", "no"}, "Invalid system.allow_knet_handle_fallback"},
}

// The crypto and compression models come from libknet at run time; these are
// the lists of Debian 12's libknet1 1.25 (checked with corosync -t).
var (
	mapKnetCryptoModels   = []string{"nss", "openssl"}
	mapKnetCompressModels = []string{"zlib", "lz4", "lz4hc", "lzo2", "lzma", "bzip2", "zstd"}
)

// mapHumanList joins "a, b or c" as corosync's util.c does.
func mapHumanList(l []string) string {
	s := ""
	for i, x := range l {
		switch {
		case i == 0:
		case i == len(l)-1:
			s += " or "
		default:
			s += ", "
		}
		s += x
	}
	return s
}

func mapSet(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// mapKV is one collected logger_subsys / logging_daemon item.
type mapKV struct{ key, value string }

// mainParser maps the main file into a cmap (coroparse's main_config_parser_cb
// and its struct main_cp_cb_data).
type mainParser struct {
	m *cmap.Map

	// interface {} section being collected
	linknumber                                      int
	bindnetaddr, mcastaddr, broadcast, knetTransp   *string
	mcastport, ttl, knetLinkPrio                    int
	knetPingInterval, knetPingTimeout, knetPingPrec int32
	knetPongCount                                   int32
	members                                         []string

	// logger_subsys {} / logging_daemon {} being collected
	logItems   []mapKV
	subsys     *string
	daemonName *string

	nodeNumber uint32
}

func newMainParser(m *cmap.Map) *mainParser { return &mainParser{m: m} }

// setStr stores a string, failing like icmap on an invalid new key name.
func (p *mainParser) setStr(key, value string) string {
	if _, exists := p.m.Get(key); !exists {
		if cmap.CheckKeyName(key) != nil {
			return mapStoreMsg(key)
		}
	}
	p.m.Set(key, cmap.Str(value))
	return ""
}

// setInt parses value into the integer type t (u8, u16, u32, i32) and stores
// it under key; keyName is the name used in the error message.
func (p *mainParser) setInt(key, keyName, value string, t cmap.Type) string {
	lo, hi := mapTypeRange(t)
	v, ok := mapAtoq(value, lo, int64(hi))
	if !ok {
		return mapRangeMsg(keyName, lo, hi, value)
	}
	var val cmap.Value
	switch t {
	case cmap.Uint8:
		val = cmap.U8(uint8(v))
	case cmap.Uint16:
		val = cmap.U16(uint16(v))
	case cmap.Int32:
		val = cmap.I32(int32(v))
	default:
		val = cmap.U32(uint32(v))
	}
	p.m.Set(key, val)
	return ""
}

// setU64 stores a strtoull-parsed value. Corosync 3.1.7 hits an assertion
// (and aborts) when such a value does not parse; we report it in the usual
// integer-range form instead.
func (p *mainParser) setU64(key, value string) string {
	v, ok := mapStrToUll(value)
	if !ok {
		return mapRangeMsg(key, 0, math.MaxUint64, value)
	}
	p.m.Set(key, cmap.U64(v))
	return ""
}

// mapTypeRange is safe_atoq_range.
func mapTypeRange(t cmap.Type) (int64, uint64) {
	switch t {
	case cmap.Uint8:
		return 0, math.MaxUint8
	case cmap.Uint16:
		return 0, math.MaxUint16
	case cmap.Int32:
		return math.MinInt32, math.MaxInt32
	}
	return 0, math.MaxUint32
}

// parseU parses an interface integer and returns it as corosync keeps it in a
// C int (values above INT_MAX wrap negative and are later treated as unset).
func (p *mainParser) parseU(path, value string, t cmap.Type) (int32, string) {
	lo, hi := mapTypeRange(t)
	v, ok := mapAtoq(value, lo, int64(hi))
	if !ok {
		return 0, mapRangeMsg(path, lo, hi, value)
	}
	return int32(uint32(v)), ""
}

func (p *mainParser) item(path, key, value string, st parseState) string {
	switch st {
	case stQuorum:
		if mapQuorumU32[path] {
			return p.setInt(path, path, value, cmap.Uint32)
		}
		if mapQuorumU8[path] {
			return p.setInt(path, path, value, cmap.Uint8)
		}
	case stQdevice:
		if mapQdeviceU32[path] {
			return p.setInt(path, path, value, cmap.Uint32)
		}
		if path == "quorum.device.master_wins" {
			return p.setInt(path, path, value, cmap.Uint8)
		}
	case stTotem:
		switch {
		case mapTotemU32[path]:
			return p.setInt(path, path, value, cmap.Uint32)
		case path == "totem.knet_compression_level":
			return p.setInt(path, path, value, cmap.Int32)
		case path == "totem.config_version":
			return p.setU64(path, value)
		}
		if kw, ok := mapKeywords[path]; ok && !slices.Contains(kw.allowed, value) {
			return kw.msg
		}
	case stSystem:
		if kw, ok := mapKeywords[path]; ok && !slices.Contains(kw.allowed, value) {
			return kw.msg
		}
	case stInterface:
		if done, reason := p.interfaceItem(path, value); done {
			return reason
		}
	case stLoggerSubsys, stLoggingDaemon:
		switch {
		case key == "subsys":
			p.subsys = &value
		case key == "name" && st == stLoggingDaemon:
			p.daemonName = &value
		default:
			p.logItems = append(p.logItems, mapKV{key, value})
		}
		return ""
	case stUIDGID:
		return p.uidgidItem(key, value)
	case stMember:
		if key != "memberaddr" {
			return "Only memberaddr is allowed in member section"
		}
		p.members = append(p.members, value)
		return ""
	case stNodelistNode:
		keyName := mapCut(fmt.Sprintf("nodelist.node.%d.%s", p.nodeNumber, key))
		if key == "nodeid" || key == "quorum_votes" {
			return p.setInt(keyName, keyName, value, cmap.Uint32)
		}
		return p.setStr(keyName, value)
	case stResources:
		if key == "watchdog_timeout" {
			return p.setInt(path, path, value, cmap.Uint32)
		}
	case stResourcesSystem, stResourcesSystemMemused, stResourcesProcess, stResourcesProcessMemused:
		if key == "poll_period" {
			return p.setU64(path, value)
		}
	}
	return p.setStr(path, value)
}

// interfaceItem collects the keys of an interface {} section; done is false
// for keys that are stored as plain strings under their path.
func (p *mainParser) interfaceItem(path, value string) (done bool, reason string) {
	var dst *int32
	t := cmap.Uint32
	switch path {
	case "totem.interface.linknumber":
		v, r := p.parseU(path, value, cmap.Uint8)
		if r == "" {
			p.linknumber = int(v)
		}
		return true, r
	case "totem.interface.bindnetaddr":
		p.bindnetaddr = &value
		return true, ""
	case "totem.interface.mcastaddr":
		p.mcastaddr = &value
		return true, ""
	case "totem.interface.broadcast":
		p.broadcast = &value
		return true, ""
	case "totem.interface.knet_transport":
		p.knetTransp = &value
		return true, ""
	case "totem.interface.mcastport", "totem.interface.ttl", "totem.interface.knet_link_priority":
		t = cmap.Uint8
		if path == "totem.interface.mcastport" {
			t = cmap.Uint16
		}
		v, r := p.parseU(path, value, t)
		if r == "" {
			switch path {
			case "totem.interface.mcastport":
				p.mcastport = int(v)
			case "totem.interface.ttl":
				p.ttl = int(v)
			default:
				p.knetLinkPrio = int(v)
			}
		}
		return true, r
	case "totem.interface.knet_ping_interval":
		dst = &p.knetPingInterval
	case "totem.interface.knet_ping_timeout":
		dst = &p.knetPingTimeout
	case "totem.interface.knet_ping_precision":
		dst = &p.knetPingPrec
	case "totem.interface.knet_pong_count":
		dst = &p.knetPongCount
	default:
		return false, ""
	}
	v, r := p.parseU(path, value, t)
	if r == "" {
		*dst = v
	}
	return true, r
}

// mapSectionState is the state a section at path gets, given the state of
// the section it is nested in.
func mapSectionState(path string, inherited parseState) parseState {
	switch path {
	case "totem.interface":
		return stInterface
	case "totem":
		return stTotem
	case "system":
		return stSystem
	case "logging.logger_subsys":
		return stLoggerSubsys
	case "logging.logging_daemon":
		return stLoggingDaemon
	case "uidgid":
		return stUIDGID
	case "totem.interface.member":
		return stMember
	case "quorum":
		return stQuorum
	case "quorum.device":
		return stQdevice
	case "nodelist":
		return stNodelist
	case "nodelist.node":
		return stNodelistNode
	case "resources":
		return stResources
	case "resources.system":
		return stResourcesSystem
	case "resources.system.memory_used":
		return stResourcesSystemMemused
	case "resources.process":
		return stResourcesProcess
	case "resources.process.memory_used":
		return stResourcesProcessMemused
	}
	return inherited
}

func (p *mainParser) sectionStart(path string, st *parseState) string {
	*st = mapSectionState(path, *st)
	switch path {
	case "totem.interface":
		p.linknumber = 0
		p.mcastport, p.ttl, p.knetLinkPrio = -1, -1, -1
		p.knetPingInterval, p.knetPingTimeout, p.knetPingPrec, p.knetPongCount = -1, -1, -1, -1
		p.knetTransp = nil
		p.members = nil
	case "logging.logger_subsys":
		p.logItems, p.subsys = nil, nil
	case "logging.logging_daemon":
		p.logItems, p.subsys, p.daemonName = nil, nil, nil
	case "nodelist":
		p.nodeNumber = 0
	}
	return ""
}

// sectionEnd runs when any section closes, with that section's state: a
// section nested in interface {} or logger_subsys {} therefore flushes the
// collected data early, exactly as corosync does. Where corosync frees
// collected data without resetting it (undefined behaviour on a later
// flush), we drop it.
func (p *mainParser) sectionEnd(path string, st parseState) string {
	switch st {
	case stInterface:
		return p.flushInterface()
	case stLoggerSubsys:
		if p.subsys == nil {
			return "No subsys key in logger_subsys directive"
		}
		s := *p.subsys
		items := p.logItems
		p.logItems = nil
		// corosync prepends to its list, so items are stored last-first and
		// the first of duplicate keys wins.
		for i := len(items) - 1; i >= 0; i-- {
			k := mapCut("logging.logger_subsys." + s + "." + items[i].key)
			if r := p.setStr(k, items[i].value); r != "" {
				return r
			}
		}
		return p.setStr(mapCut("logging.logger_subsys."+s+".subsys"), s)
	case stLoggingDaemon:
		return p.flushLoggingDaemon()
	case stNodelistNode:
		p.nodeNumber++
	}
	return ""
}

func (p *mainParser) flushInterface() string {
	pre := fmt.Sprintf("totem.interface.%d.", p.linknumber)
	for _, s := range []struct {
		name string
		v    **string
	}{{"bindnetaddr", &p.bindnetaddr}, {"mcastaddr", &p.mcastaddr}, {"broadcast", &p.broadcast}} {
		if *s.v != nil {
			p.m.Set(pre+s.name, cmap.Str(**s.v))
			*s.v = nil
		}
	}
	if p.mcastport > -1 {
		p.m.Set(pre+"mcastport", cmap.U16(uint16(p.mcastport)))
	}
	if p.ttl > -1 {
		p.m.Set(pre+"ttl", cmap.U8(uint8(p.ttl)))
	}
	if p.knetLinkPrio > -1 {
		p.m.Set(pre+"knet_link_priority", cmap.U8(uint8(p.knetLinkPrio)))
	}
	for _, s := range []struct {
		name string
		v    int32
	}{{"knet_ping_interval", p.knetPingInterval}, {"knet_ping_timeout", p.knetPingTimeout},
		{"knet_ping_precision", p.knetPingPrec}, {"knet_pong_count", p.knetPongCount}} {
		if s.v > -1 {
			p.m.Set(pre+s.name, cmap.U32(uint32(s.v)))
		}
	}
	if p.knetTransp != nil {
		p.m.Set(pre+"knet_transport", cmap.Str(*p.knetTransp))
		p.knetTransp = nil
	}
	// Members are numbered last-first (corosync prepends to its list).
	for i := range p.members {
		p.m.Set(fmt.Sprintf("%smember.%d", pre, i), cmap.Str(p.members[len(p.members)-1-i]))
	}
	p.members = nil
	return ""
}

func (p *mainParser) flushLoggingDaemon() string {
	if p.daemonName == nil {
		return "No name key in logging_daemon directive"
	}
	name := *p.daemonName
	items := p.logItems
	p.logItems = nil
	for i := len(items) - 1; i >= 0; i-- {
		var k string
		switch {
		case p.subsys == nil && name == "corosync":
			k = "logging." + items[i].key
		case p.subsys == nil:
			k = "logging.logging_daemon." + name + "." + items[i].key
		case name == "corosync":
			k = "logging.logger_subsys." + *p.subsys + "." + items[i].key
		default:
			k = "logging.logging_daemon." + name + "." + *p.subsys + "." + items[i].key
		}
		if r := p.setStr(mapCut(k), items[i].value); r != "" {
			return r
		}
	}
	switch {
	case p.subsys == nil && name != "corosync":
		return p.setStr(mapCut("logging.logging_daemon."+name+".name"), name)
	case p.subsys != nil && name == "corosync":
		return p.setStr(mapCut("logging.logger_subsys."+*p.subsys+".subsys"), *p.subsys)
	case p.subsys != nil:
		pre := "logging.logging_daemon." + name + "." + *p.subsys
		if r := p.setStr(mapCut(pre+".subsys"), *p.subsys); r != "" {
			return r
		}
		return p.setStr(mapCut(pre+".name"), name)
	}
	return ""
}
