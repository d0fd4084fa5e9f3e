package coroconf

import (
	"github.com/gorosync/gorosync/cmap"
)

// Defaults of the volatile totem keys (exec/totemconfig.c).
const (
	dfltRetransmitsBeforeLoss = 4
	dfltToken                 = 3000
	dfltTokenWarning          = 75
	dfltJoin                  = 50
	dfltMerge                 = 200
	dfltDowncheck             = 1000
	dfltFailRecv              = 2500
	dfltSeqnoUnchanged        = 30
	dfltMaxNetworkDelay       = 50
	dfltWindowSize            = 50
	dfltMaxMessages           = 17
	dfltMissCount             = 5
	dfltKnetPmtudInterval     = 30
	hz                        = 100
)

// volU32 is totem_volatile_config_set_uint32_value for the initial read:
// the key's u32 value (a zero counts as absent unless allowZero), else the
// default; mirrored to runtime.config.<key>.
func (r *run) volU32(tc *TotemConfig, name string, dflt uint32, allowZero bool) uint32 {
	v, ok := getU32(r.m, "totem."+name)
	if !ok || (!allowZero && v == 0) {
		v = dflt
	}
	tc.Volatile[name] = v
	_ = r.m.Set("runtime.config.totem."+name, cmap.U32(v))
	return v
}

// volBool is totem_volatile_config_set_boolean_value: "yes"/"no" strings.
func (r *run) volBool(tc *TotemConfig, name string, dflt uint32) {
	v := dflt
	if s, ok := getStr(r.m, "totem."+name); ok {
		switch s {
		case "yes":
			v = 1
		case "no":
			v = 0
		}
	}
	tc.Volatile[name] = v
	_ = r.m.Set("runtime.config.totem."+name, cmap.U32(v))
}

// volatileRead is totem_volatile_config_read with no deleted key.
func (r *run) volatileRead(tc *TotemConfig) {
	retrans := r.volU32(tc, "token_retransmits_before_loss_const", dfltRetransmitsBeforeLoss, false)
	token := r.volU32(tc, "token", dfltToken, false)
	r.volU32(tc, "token_warning", dfltTokenWarning, true)

	// Token scaling counts link 0's members, duplicates included.
	if n := len(tc.Links[0].Members); n > 2 {
		coef := uint32(tokenCoefficientDflt)
		if v, ok := getU32(r.m, "totem.token_coefficient"); ok {
			coef = v
		}
		token += uint32(n-2) * coef
		tc.Volatile["token"] = token
		_ = r.m.Set("runtime.config.totem.token", cmap.U32(token))
	}

	r.volU32(tc, "max_network_delay", dfltMaxNetworkDelay, false)
	r.volU32(tc, "window_size", dfltWindowSize, false)
	r.volU32(tc, "max_messages", dfltMaxMessages, false)
	r.volU32(tc, "miss_count_const", dfltMissCount, false)
	r.volU32(tc, "knet_pmtud_interval", dfltKnetPmtudInterval, false)
	r.volU32(tc, "knet_mtu", 0, false)

	rt := r.volU32(tc, "token_retransmit", uint32(int32(float64(token)/(float64(retrans)+0.2))), false)
	r.volU32(tc, "hold", uint32(int32(float64(rt)*0.8-float64(1000/hz))), false)
	r.volU32(tc, "join", dfltJoin, false)
	r.volU32(tc, "consensus", uint32(int32(float32(1.2*float64(token)))), false)
	r.volU32(tc, "merge", dfltMerge, false)
	r.volU32(tc, "downcheck", dfltDowncheck, false)
	r.volU32(tc, "fail_recv_const", dfltFailRecv, false)
	r.volU32(tc, "seqno_unchanged_const", dfltSeqnoUnchanged, false)
	r.volU32(tc, "send_join", 0, true)
	r.volU32(tc, "heartbeat_failures_allowed", 0, true)
	r.volU32(tc, "knet_compression_threshold", 0, true)

	lvl, _ := getI32(r.m, "totem.knet_compression_level")
	tc.KnetCompressionLevel = lvl
	_ = r.m.Set("runtime.config.totem.knet_compression_level", cmap.I32(lvl))
	model := "none"
	if s, ok := getStr(r.m, "totem.knet_compression_model"); ok {
		model = s
	}
	tc.KnetCompressionModel = model
	_ = r.m.Set("runtime.config.totem.knet_compression_model", cmap.Str(model))

	r.volBool(tc, "block_unlisted_ips", 1)
	r.volBool(tc, "cancel_token_hold_on_retransmit", 0)
}
