package daemon

import (
	"errors"
	"slices"

	"github.com/gorosync/gorosync/coroconf"
	"github.com/gorosync/gorosync/totem"
)

// TotemConfig turns the loader's effective totem values (the
// runtime.config.totem.* numbers) into the core's configuration.
func TotemConfig(tc *coroconf.TotemConfig) (totem.Config, error) {
	if tc == nil {
		return totem.Config{}, errors.New("no totem configuration")
	}
	v := tc.Volatile
	c := totem.Config{
		NodeID:                          tc.Nodeid,
		Token:                           v["token"],
		TokenRetransmit:                 v["token_retransmit"],
		Hold:                            v["hold"],
		Join:                            v["join"],
		Consensus:                       v["consensus"],
		Merge:                           v["merge"],
		Downcheck:                       v["downcheck"],
		SendJoin:                        v["send_join"],
		TokenWarning:                    v["token_warning"],
		TokenRetransmitsBeforeLossConst: v["token_retransmits_before_loss_const"],
		FailRecvConst:                   v["fail_recv_const"],
		SeqnoUnchangedConst:             v["seqno_unchanged_const"],
		MissCountConst:                  v["miss_count_const"],
		WindowSize:                      v["window_size"],
		MaxMessages:                     v["max_messages"],
	}
	// The udpu send list: link 0's members, each once (the loader keeps
	// corosync's duplicates for nodes without an explicit nodeid).
	for _, m := range tc.Links[0].Members {
		if m.Nodeid != 0 && !slices.Contains(c.Members, m.Nodeid) {
			c.Members = append(c.Members, m.Nodeid)
		}
	}
	return c, c.Validate()
}
