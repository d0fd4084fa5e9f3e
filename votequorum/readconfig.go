package votequorum

import (
	"errors"

	"github.com/gorosync/gorosync/cmap"
)

// Corosync's votequorum configuration errors (exec/votequorum.c
// votequorum_readconfig), verbatim: at startup they stop the daemon.
const (
	ErrTextNoExpected         = "configuration error: nodelist or quorum.expected_votes must be configured!"
	ErrTextTwoNodeQdevice     = "configuration error: two_node and quorum device cannot be configured at the same time!"
	ErrTextATBLMSOdd          = "configuration error: auto_tie_breaker & last_man_standing not available in odd sized cluster"
	ErrTextQdeviceLMS         = "configuration error: quorum.device is not compatible with last_man_standing"
	ErrTextQdeviceATB         = "configuration error: quorum.device is not compatible with auto_tie_breaker"
	ErrTextQdeviceDownscale   = "configuration error: quorum.device is not compatible with allow_downscale"
	ErrTextQdeviceVotesEV     = "configuration error: quorum.device.votes must be specified when quorum.expected_votes is set"
	ErrTextQdeviceVotesUneven = "configuration error: quorum.device.votes must be specified when not all nodes votes 1"
	ErrTextQdeviceVotesHigh   = "configuration error: quorum.device.votes is too high or expected_votes is too low"
)

const qdeviceVotesUnset = ^uint32(0) // the C code's (uint32_t)-1

// readConfig is votequorum_readconfig. At runtime (reload) most checks
// only log and disable the qdevice instead of failing, and the features
// fixed at startup (wait_for_all, last_man_standing, auto_tie_breaker,
// allow_downscale, expected_votes_tracking) are not re-read.
func (q *Quorum) readConfig(c Config, runtime bool, evTracking *uint32) error {
	q.logf(LevelDebug, "Reading configuration (runtime: %d)", b2u8(runtime))
	if runtime {
		q.twoNode = false
		// ATB cannot change on reload, but an odd-sized nodelist without
		// wait_for_all disabled it: start again from the startup value.
		q.atb = q.atbInit
		q.setRuntime("atb_type", cmap.U32(uint32(q.atb)))
	}
	expected := c.ExpectedVotes
	haveNodelist := c.HaveNodelist
	nodeVotes, nodeCount, nodeExpected := uint32(0), uint32(0), uint32(0)
	if haveNodelist {
		nodeVotes, nodeCount, nodeExpected = c.nodelistVotes()
	}
	haveQdevice := c.Device != nil
	qdeviceVotes := uint32(0)
	if haveQdevice {
		qdeviceVotes = qdeviceVotesUnset
		if c.Device.Votes != nil {
			qdeviceVotes = *c.Device.Votes
		}
		q.qdeviceTimeout = DefaultQdeviceTimeout
		if c.Device.Timeout != nil {
			q.qdeviceTimeout = *c.Device.Timeout
		}
		q.qdeviceSyncTO = DefaultQdeviceSyncTimeout
		if c.Device.SyncTimeout != nil {
			q.qdeviceSyncTO = *c.Device.SyncTimeout
		}
		q.setQdeviceCanOperate(true)
	}
	q.twoNode = c.TwoNode != 0

	// fail reports a configuration error: fatal at startup, logged (and
	// the qdevice disabled) at runtime.
	fail := func(text string) error {
		if !runtime {
			return errors.New(text)
		}
		q.logf(LevelCrit, "%s", text)
		q.logf(LevelCrit, "disabling quorum device operations")
		q.setQdeviceCanOperate(false)
		return nil
	}

	if !haveNodelist && expected == 0 {
		if !runtime {
			return errors.New(ErrTextNoExpected)
		}
		q.logf(LevelCrit, "%s", ErrTextNoExpected)
		q.logf(LevelCrit, "will continue with current runtime data")
		return nil
	}

	if q.twoNode && haveQdevice {
		if !runtime {
			return errors.New(ErrTextTwoNodeQdevice)
		}
		q.logf(LevelCrit, "%s", ErrTextTwoNodeQdevice)
		if q.us.Flags&FlagQdeviceRegistered != 0 {
			q.logf(LevelCrit, "quorum device is registered, disabling two_node")
			q.twoNode = false
		} else {
			q.logf(LevelCrit, "quorum device is not registered, allowing two_node")
			q.setQdeviceCanOperate(false)
		}
	}

	if !runtime {
		q.allowDownscale = c.AllowDownscale != 0
		q.wfaAuto = c.WaitForAll == nil
		if c.WaitForAll != nil {
			q.waitForAll = *c.WaitForAll != 0
		}
		q.lms = c.LastManStanding != 0
		if c.LastManStandingWindow != nil {
			q.lmsWindow = *c.LastManStandingWindow
		}
		q.evTracking = c.ExpectedVotesTracking != 0
		if c.AutoTieBreaker != 0 {
			q.atb = ATBLowest
			q.setRuntime("atb_type", cmap.U32(ATBLowest))
		} else {
			q.atb = ATBNone
			if c.AutoTieBreakerNode != nil {
				q.logf(LevelWarning, "auto_tie_breaker_node: is meaningless if auto_tie_breaker is set to 0")
			}
		}
		if c.AutoTieBreaker != 0 && c.AutoTieBreakerNode != nil {
			q.atb, q.atbList = parseATB(*c.AutoTieBreakerNode)
			q.setRuntime("atb_type", cmap.U32(uint32(q.atb)))
			q.logf(LevelDebug, "ATB type = %d", q.atb)
			if q.atb == ATBNone {
				q.logf(LevelWarning, "auto_tie_breaker_nodes is not valid. It must be 'lowest', 'highest' or a space-separated list of node IDs. auto_tie_breaker is disabled")
			}
		}
		q.atbInit = q.atb
		if q.allowDownscale {
			q.evTracking = true
		}
		if q.evTracking {
			b := uint32(0)
			if evTracking != nil {
				b = *evTracking
			}
			q.setEVTrackingBarrier(b)
		}
	}
	// 3.1.7: without an explicit wait_for_all it follows two_node, also
	// when two_node changes on reload.
	if q.wfaAuto {
		q.waitForAll = q.twoNode
	}

	if q.twoNode && q.atb != ATBNone {
		q.logf(LevelCrit, "two_node and auto_tie_breaker are both specified but are not compatible.")
		q.logf(LevelCrit, "two_node has been disabled, please fix your corosync.conf")
		q.twoNode = false
	}

	// ATB in an odd-sized cluster needs wait_for_all, or an isolated
	// majority without the tie breaker would be quorate after a reboot.
	if q.atb != ATBNone && nodeExpected%2 == 1 && !q.waitForAll {
		if q.lms {
			q.logf(LevelCrit, "auto_tie_breaker is set, the cluster has an odd number of nodes\n")
			q.logf(LevelCrit, "and last_man_standing is also set. With this situation a better\n")
			q.logf(LevelCrit, "solution would be to disable LMS, leave ATB enabled, and also\n")
			q.logf(LevelCrit, "enable wait_for_all (mandatory for ATB in odd-numbered clusters).\n")
			q.logf(LevelCrit, "Due to this ambiguity, corosync will fail to start. Please fix your corosync.conf\n")
			return errors.New(ErrTextATBLMSOdd)
		}
		q.logf(LevelCrit, "auto_tie_breaker is set and the cluster has an odd number of nodes.\n")
		q.logf(LevelCrit, "wait_for_all needs to be set for this configuration but it is missing\n")
		q.logf(LevelCrit, "Therefore auto_tie_breaker has been disabled. Please fix your corosync.conf\n")
		q.atb = ATBNone
		q.setRuntime("atb_type", cmap.U32(ATBNone))
	}

	if haveQdevice && q.lms {
		if err := fail(ErrTextQdeviceLMS); err != nil {
			return err
		}
	}
	if haveQdevice && q.atb != ATBNone {
		if err := fail(ErrTextQdeviceATB); err != nil {
			return err
		}
	}
	if haveQdevice && q.allowDownscale {
		if err := fail(ErrTextQdeviceDownscale); err != nil {
			return err
		}
	}
	if expected != 0 && haveQdevice && qdeviceVotes == qdeviceVotesUnset {
		if err := fail(ErrTextQdeviceVotesEV); err != nil {
			return err
		}
	}
	if haveQdevice && qdeviceVotes == qdeviceVotesUnset && haveNodelist && nodeCount != nodeExpected {
		if err := fail(ErrTextQdeviceVotesUneven); err != nil {
			return err
		}
	}
	// The C check runs on unsigned votes, so an unset (-1) device vote
	// count passes it by wrapping around.
	if qdeviceVotes > 0 && expected != 0 && int32(expected-qdeviceVotes) < 2 {
		if err := fail(ErrTextQdeviceVotesHigh); err != nil {
			return err
		}
	}
	// Device votes default to nodes-1 when every node votes 1.
	if haveQdevice && qdeviceVotes == qdeviceVotesUnset && expected == 0 && haveNodelist && nodeCount == nodeExpected {
		qdeviceVotes = nodeExpected - 1
		nodeExpected += qdeviceVotes
	}

	q.logf(LevelDebug, "ev_tracking=%d, ev_tracking_barrier = %d: expected_votes = %d\n",
		b2u8(q.evTracking), q.evTrackBarrier, expected)
	if q.evTracking {
		expected = q.evTrackBarrier
	}
	if haveNodelist {
		q.us.Votes = nodeVotes
		q.us.ExpectedVotes = nodeExpected
	} else {
		q.us.Votes = 1
		if c.Votes != nil {
			q.us.Votes = *c.Votes
		}
	}
	if expected != 0 {
		q.us.ExpectedVotes = expected
	}
	if !haveQdevice {
		q.qdevice.Votes = 0
	}
	if qdeviceVotes != qdeviceVotesUnset {
		q.qdevice.Votes = qdeviceVotes
	}
	q.setEVBarrier(q.us.ExpectedVotes)
	q.setRuntime("two_node", cmap.U8(b2u8(q.twoNode)))
	// 3.1.7 sets the waiting status only at startup, so a reload cannot
	// make a quorate cluster inquorate behind the quorum service's back.
	if q.waitForAll && !runtime {
		q.setWFAStatus(true)
	}
	return nil
}
