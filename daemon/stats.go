package daemon

import (
	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/totem"
)

// statsKeys fills the stats map's stats.srp.* and stats.pg.* keys with
// corosync's names and types (corosync-cmapctl -m stats). Counters the
// core does not keep (yet) are present with 0 so scripts find every key.
func statsKeys(m *cmap.Map, s totem.Stats, sinceToken int64) {
	u64 := map[string]uint64{
		"orf_token_rx": s.OrfTokenRx, "orf_token_tx": s.OrfTokenTx,
		"mcast_rx": s.McastRx, "mcast_tx": s.McastTx, "mcast_retx": s.McastRetx,
		"memb_join_rx": s.JoinRx, "memb_join_tx": s.JoinTx,
		"memb_commit_token_rx": s.CommitTokenRx, "memb_commit_token_tx": 0,
		"memb_merge_detect_rx": 0, "memb_merge_detect_tx": s.MergeDetectTx,
		"token_hold_cancel_rx": 0, "token_hold_cancel_tx": s.TokenHoldCancelTx,
		"gather_entered": s.GatherEntered, "gather_token_lost": 0,
		"commit_entered": 0, "commit_token_lost": 0,
		"recovery_entered": 0, "recovery_token_lost": s.RecoveryTokenLost,
		"operational_entered": s.OperationalEntered, "operational_token_lost": s.OperationalTokenLost,
		"consensus_timeouts": s.ConsensusTimeouts, "rx_msg_dropped": s.DecodeErrors,
		"time_since_token_last_received": uint64(max(sinceToken, 0)),
	}
	for k, v := range u64 {
		m.Set("stats.srp."+k, cmap.U64(v))
	}
	for _, k := range []string{"avg_backlog_calc", "avg_token_workload", "continuous_gather", "continuous_sendmsg_failures", "mtt_rx_token"} {
		m.Set("stats.srp."+k, cmap.U32(0))
	}
	m.Set("stats.srp.firewall_enabled_or_nic_failure", cmap.U8(0))
	m.Set("stats.pg.msg_queue_avail", cmap.U32(0))
	m.Set("stats.pg.msg_reserved", cmap.U32(0))
}
