package daemon

import (
	"fmt"
	"strings"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/coroconf"
	"github.com/gorosync/gorosync/totem"
)

// volatileKeys are the totem.* keys whose change re-runs the timer
// calculation (totemconfig.c totem_get_param_by_name, plus
// token_coefficient, which only feeds the token scaling).
var volatileKeys = map[string]bool{
	"token": true, "token_warning": true, "token_retransmit": true, "hold": true,
	"token_retransmits_before_loss_const": true, "join": true, "send_join": true,
	"consensus": true, "merge": true, "downcheck": true, "fail_recv_const": true,
	"seqno_unchanged_const": true, "heartbeat_failures_allowed": true,
	"max_network_delay": true, "window_size": true, "max_messages": true,
	"miss_count_const": true, "knet_pmtud_interval": true, "knet_compression_threshold": true,
	"knet_compression_level": true, "knet_compression_model": true, "block_unlisted_ips": true,
	"token_coefficient": true,
}

func volatileKey(k string) bool {
	rest, ok := strings.CutPrefix(k, "totem.")
	return ok && volatileKeys[rest]
}

// trackTotem watches totem.* in the live map: a client changing
// totem.token etc. (corosync-cmapctl -s) makes the daemon recompute the
// effective values, as corosync's totem_change_notify does.
func (n *node) trackTotem() {
	t, err := n.m.TrackAdd("totem.", cmap.TrackAdd|cmap.TrackDelete|cmap.TrackModify|cmap.TrackPrefix, n.totemKeyChanged)
	if err != nil {
		n.logf(coroconf.LevelError, "TOTEM", "Cannot track totem keys: %v", err)
		return
	}
	n.rl.track = t
}

// totemKeyChanged runs on whichever goroutine changed the map: it queues
// one recomputation on the loop. Changes made by a reload are ignored; the
// reload applies its own values.
func (n *node) totemKeyChanged(_ cmap.Event, key string, _, _ cmap.Value) {
	if n.rl.applying.Load() || !volatileKey(key) {
		return
	}
	if n.rl.pending.CompareAndSwap(false, true) {
		go n.call(func() {
			n.rl.pending.Store(false)
			n.recomputeTotem()
		})
	}
}

// recomputeTotem derives the effective totem values from the live map's
// totem.* and nodelist.* keys, publishes them as runtime.config.totem.*
// and hands them to the totem core. Values that do not validate are
// logged and not applied (corosync logs and applies them anyway).
func (n *node) recomputeTotem() {
	tmp := cmap.New()
	for _, p := range []string{"totem.", "nodelist.", "logging."} {
		for k, v := range n.m.All(p) {
			_ = tmp.Set(k, v)
		}
	}
	res := coroconf.LoadMap(tmp, n.pinnedEnv())
	if res.Fatal != nil {
		n.logf(coroconf.LevelError, "TOTEM", "%s", res.Fatal.Text)
		return
	}
	old := n.res.Totem
	tc := *old
	tc.Volatile = res.Totem.Volatile
	core, err := TotemConfig(&tc)
	if err != nil {
		n.logf(coroconf.LevelError, "TOTEM", "%v", err)
		return
	}
	n.logf(coroconf.LevelDebug, "TOTEM", "Totem related config key changed. Dumping actual totem config.")
	for k, v := range tmp.All("runtime.config.totem.") {
		_ = n.m.Set(k, v)
	}
	if err := n.tn.Step(totem.Reconfigure{Config: core}); err != nil {
		n.logf(coroconf.LevelError, "TOTEM", "%v", err)
		return
	}
	n.mu.Lock()
	n.res.Totem = &tc
	n.mu.Unlock()
	n.dumpTotemConfig(&tc)
}

// pinnedEnv is the daemon's environment with the hostname replaced by the
// local node's nodelist name (or ring0_addr), so that finding the local
// node again takes no resolver lookups that could stall the loop.
func (n *node) pinnedEnv() coroconf.Env {
	env := n.o.Env
	pos, ok := n.m.Get("nodelist.local_node_pos")
	if !ok {
		return env
	}
	prefix := fmt.Sprintf("nodelist.node.%d.", pos.Uint())
	for _, k := range []string{"name", "ring0_addr"} {
		if v, ok := n.m.Get(prefix + k); ok && v.Type() == cmap.String {
			name := v.Str()
			env.Hostname = func() (string, error) { return name, nil }
			break
		}
	}
	return env
}

// dumpTotemConfig logs the effective values at debug level, in corosync's
// words (debug_dump_totem_config).
func (n *node) dumpTotemConfig(tc *coroconf.TotemConfig) {
	v := tc.Volatile
	d := func(format string, args ...any) { n.logf(coroconf.LevelDebug, "TOTEM", format, args...) }
	d("Token Timeout (%d ms) retransmit timeout (%d ms)", v["token"], v["token_retransmit"])
	if w := v["token_warning"]; w != 0 {
		every := w * v["token"] / 100
		d("Token warning every %d ms (%d%% of Token Timeout)", every, w)
		if every < v["token_retransmit"] {
			d("The token warning interval (%d ms) is less than the token retransmit timeout (%d ms) "+
				"which can lead to spurious token warnings. Consider increasing the token_warning parameter.", every, v["token_retransmit"])
		}
	} else {
		d("Token warnings disabled")
	}
	d("token hold (%d ms) retransmits before loss (%d retrans)", v["hold"], v["token_retransmits_before_loss_const"])
	d("join (%d ms) send_join (%d ms) consensus (%d ms) merge (%d ms)", v["join"], v["send_join"], v["consensus"], v["merge"])
	d("downcheck (%d ms) fail to recv const (%d msgs)", v["downcheck"], v["fail_recv_const"])
	mtu := tc.NetMTU
	if mtu == 0 {
		mtu = 1500
	}
	d("seqno unchanged const (%d rotations) Maximum network MTU %d", v["seqno_unchanged_const"], mtu)
	d("window size per rotation (%d messages) maximum messages per rotation (%d messages)", v["window_size"], v["max_messages"])
	d("missed count const (%d messages)", v["miss_count_const"])
	d("heartbeat_failures_allowed (%d)", v["heartbeat_failures_allowed"])
	d("max_network_delay (%d ms)", v["max_network_delay"])
}
