package totem

import (
	"errors"
	"fmt"
)

// Config holds the effective Totem settings of one node: the values
// Corosync computes in totem_volatile_config_read (all times in
// milliseconds), plus this node's id and the configured nodelist.
// It is a plain struct; the config loader fills it, DefaultConfig gives
// Corosync's defaults for a nodelist.
type Config struct {
	NodeID  uint32   // this node
	Members []uint32 // nodelist member ids (the udpu send list), including NodeID

	Token           uint32 // token loss timeout (after token_coefficient scaling)
	TokenRetransmit uint32 // re-send the last token after this long without a new one
	Hold            uint32 // how long the representative holds an idle token
	Join            uint32 // JOIN re-send period in GATHER/COMMIT
	Consensus       uint32 // GATHER gives up on silent processors after this long
	Merge           uint32 // merge-detect period of an idle ring's representative
	Downcheck       uint32 // interface re-check period (used by the driver, not the core)
	SendJoin        uint32 // max random delay before a JOIN (driver concern; 0 = off)
	TokenWarning    uint32 // % of Token without a token before a notice (0 = off)

	TokenRetransmitsBeforeLossConst uint32 // only used to derive TokenRetransmit
	FailRecvConst                   uint32 // rotations with a stuck aru before FAILED TO RECEIVE
	SeqnoUnchangedConst             uint32 // idle rotations before the token is held
	MissCountConst                  uint32 // rotations a gap must persist before a retransmit request
	WindowSize                      uint32 // messages per rotation, ring-wide
	MaxMessages                     uint32 // messages per node per token visit
}

// Corosync defaults (exec/totemconfig.c, shared/reference/corosync.md §2.7).
const (
	DefaultToken                           = 3000
	DefaultTokenCoefficient                = 650
	DefaultTokenRetransmitsBeforeLossConst = 4
	DefaultJoin                            = 50
	DefaultMerge                           = 200
	DefaultDowncheck                       = 1000
	DefaultFailRecvConst                   = 2500
	DefaultSeqnoUnchangedConst             = 30
	DefaultMissCountConst                  = 5
	DefaultWindowSize                      = 50
	DefaultMaxMessages                     = 17
	DefaultTokenWarning                    = 75
	// MinimumTimeout is 3 × (1000/HZ) with HZ = 100.
	MinimumTimeout = 30
)

// DefaultConfig returns Corosync 3.1.7's effective defaults for node id in
// a nodelist of members: token scaled by token_coefficient for three or
// more nodes, and the timers derived from it.
func DefaultConfig(id uint32, members []uint32) Config {
	token := uint32(DefaultToken)
	if len(members) >= 3 {
		token += uint32(len(members)-2) * DefaultTokenCoefficient
	}
	c := Config{
		NodeID:                          id,
		Members:                         append([]uint32(nil), members...),
		Join:                            DefaultJoin,
		Merge:                           DefaultMerge,
		Downcheck:                       DefaultDowncheck,
		TokenRetransmitsBeforeLossConst: DefaultTokenRetransmitsBeforeLossConst,
		FailRecvConst:                   DefaultFailRecvConst,
		SeqnoUnchangedConst:             DefaultSeqnoUnchangedConst,
		MissCountConst:                  DefaultMissCountConst,
		WindowSize:                      DefaultWindowSize,
		MaxMessages:                     DefaultMaxMessages,
		TokenWarning:                    DefaultTokenWarning,
	}
	c.SetToken(token)
	return c
}

// SetToken sets Token and recomputes the timers Corosync derives from it
// when they are not configured explicitly: token_retransmit =
// token / (retransmits_before_loss + 0.2), hold = retransmit × 0.8 − 10,
// consensus = 1.2 × token (all truncated).
func (c *Config) SetToken(token uint32) {
	c.Token = token
	k := c.TokenRetransmitsBeforeLossConst
	if k == 0 {
		k = DefaultTokenRetransmitsBeforeLossConst
	}
	// Integer forms of the float formulas: token*10/(10k+2) truncates
	// exactly like (int)(token / (k + 0.2)).
	c.TokenRetransmit = uint32(uint64(token) * 10 / (uint64(k)*10 + 2))
	hold := int64(c.TokenRetransmit)*8/10 - 10
	if hold < 0 {
		hold = 0
	}
	c.Hold = uint32(hold)
	c.Consensus = uint32(uint64(token) * 12 / 10)
}

// Validate rejects settings the core cannot run with, naming the field.
func (c *Config) Validate() error {
	var errs []error
	if c.NodeID == 0 {
		errs = append(errs, errors.New("totem config: NodeID must not be 0"))
	}
	found := false
	seen := map[uint32]bool{}
	for _, m := range c.Members {
		if m == 0 {
			errs = append(errs, errors.New("totem config: Members contains nodeid 0"))
		}
		if seen[m] {
			errs = append(errs, fmt.Errorf("totem config: Members lists nodeid %d twice", m))
		}
		seen[m] = true
		if m == c.NodeID {
			found = true
		}
	}
	if !found {
		errs = append(errs, fmt.Errorf("totem config: Members does not contain NodeID %d", c.NodeID))
	}
	for _, f := range []struct {
		name string
		v    uint32
	}{
		{"Token", c.Token}, {"TokenRetransmit", c.TokenRetransmit}, {"Hold", c.Hold},
		{"Join", c.Join}, {"Consensus", c.Consensus}, {"Merge", c.Merge},
		{"WindowSize", c.WindowSize}, {"MaxMessages", c.MaxMessages},
		{"MissCountConst", c.MissCountConst}, {"FailRecvConst", c.FailRecvConst},
		{"SeqnoUnchangedConst", c.SeqnoUnchangedConst},
	} {
		if f.v == 0 {
			errs = append(errs, fmt.Errorf("totem config: %s must be > 0", f.name))
		}
	}
	if c.Consensus < c.Join {
		errs = append(errs, fmt.Errorf("totem config: Consensus (%d) must be >= Join (%d)", c.Consensus, c.Join))
	}
	if c.TokenWarning > 100 {
		errs = append(errs, fmt.Errorf("totem config: TokenWarning (%d) must be between 0 (disabled) and 100 (percent of Token)", c.TokenWarning))
	}
	if c.MaxMessages > c.WindowSize {
		errs = append(errs, fmt.Errorf("totem config: MaxMessages (%d) must be <= WindowSize (%d)", c.MaxMessages, c.WindowSize))
	}
	return errors.Join(errs...)
}
