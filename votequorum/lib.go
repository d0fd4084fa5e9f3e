package votequorum

import (
	"errors"
	"maps"
	"slices"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/totem/svcmsg"
	"github.com/gorosync/gorosync/totem/wire"
)

// Info flags of votequorum_getinfo (include/corosync/votequorum.h).
const (
	InfoTwoNode           = 1
	InfoQuorate           = 2
	InfoWaitForAll        = 4
	InfoLastManStanding   = 8
	InfoAutoTieBreaker    = 16
	InfoAllowDownscale    = 32
	InfoQdeviceRegistered = 64
	InfoQdeviceAlive      = 128
	InfoQdeviceCastVote   = 256
	InfoQdeviceMasterWins = 512
)

// Library errors, named like their cs_error_t.
var (
	ErrNotExist     = errors.New("CS_ERR_NOT_EXIST")
	ErrNameNotFound = errors.New("CS_ERR_NAME_NOT_FOUND")
	ErrInvalidParam = errors.New("CS_ERR_INVALID_PARAM")
)

// Info is struct votequorum_info as answered to votequorum_getinfo.
type Info struct {
	NodeID          uint32
	State           NodeState
	Votes           uint32
	ExpectedVotes   uint32
	HighestExpected uint32
	TotalVotes      uint32
	Quorum          uint32
	Flags           uint32
	QdeviceVotes    uint32
	QdeviceName     string
}

// GetInfo answers votequorum_getinfo for nodeid (0 means this node).
func (q *Quorum) GetInfo(nodeid uint32) (Info, error) {
	if nodeid == QdeviceNodeID {
		nodeid = q.us.ID
	}
	n := q.node(nodeid)
	if n == nil {
		return Info{}, ErrNotExist
	}
	in := Info{
		NodeID:        n.ID,
		State:         n.State,
		Votes:         n.Votes,
		ExpectedVotes: n.ExpectedVotes,
		Quorum:        uint32(q.quorum),
		QdeviceVotes:  q.qdevice.Votes,
		QdeviceName:   q.qdeviceName,
	}
	for m := range q.memberNodes {
		in.HighestExpected = max(in.HighestExpected, m.ExpectedVotes)
		in.TotalVotes += m.Votes
	}
	if n.Flags&FlagQdeviceCastVote != 0 {
		in.TotalVotes += q.qdevice.Votes
	}
	in.Flags = q.infoFlags() | nodeQdeviceInfo(n.Flags)
	return in, nil
}

func (q *Quorum) infoFlags() uint32 {
	var f uint32
	if q.twoNode {
		f |= InfoTwoNode
	}
	if q.quorate {
		f |= InfoQuorate
	}
	if q.waitForAll {
		f |= InfoWaitForAll
	}
	if q.lms {
		f |= InfoLastManStanding
	}
	if q.atb != ATBNone {
		f |= InfoAutoTieBreaker
	}
	if q.allowDownscale {
		f |= InfoAllowDownscale
	}
	return f
}

func nodeQdeviceInfo(flags uint32) uint32 {
	var f uint32
	if flags&FlagQdeviceRegistered != 0 {
		f |= InfoQdeviceRegistered
	}
	if flags&FlagQdeviceAlive != 0 {
		f |= InfoQdeviceAlive
	}
	if flags&FlagQdeviceCastVote != 0 {
		f |= InfoQdeviceCastVote
	}
	if flags&FlagQdeviceMasterWins != 0 {
		f |= InfoQdeviceMasterWins
	}
	return f
}

// SetExpected is votequorum_setexpected (corosync-quorumtool -e). 3.1.7
// refuses a value below the votes present, and on a quorate cluster one
// that would make it inquorate. On success every member's expected votes
// change locally and a RECONFIGURE is multicast.
func (q *Quorum) SetExpected(expected uint32) ([]Effect, error) {
	saved := q.allowDownscale
	q.allowDownscale = false
	newQuorum, total := q.calculateQuorum(true, expected)
	q.allowDownscale = saved
	if expected < total || (q.quorate && newQuorum > total) {
		return nil, ErrInvalidParam
	}
	q.setMemberExpected(expected)
	q.sendReconfigure(svcmsg.VQParamExpectedVotes, q.us.ID, expected)
	return q.take(), nil
}

// SetVotes is votequorum_setvotes (corosync-quorumtool -v [-n]).
func (q *Quorum) SetVotes(nodeid, votes uint32) ([]Effect, error) {
	n := q.node(nodeid)
	if n == nil {
		return nil, ErrNameNotFound
	}
	saved := n.Votes
	n.Votes = votes
	newQuorum, total := q.calculateQuorum(true, 0)
	if newQuorum < total/2 || newQuorum > total {
		n.Votes = saved
		return nil, ErrInvalidParam
	}
	// Like the C code, the new votes stay in the local table right away.
	q.sendReconfigure(svcmsg.VQParamNodeVotes, nodeid, votes)
	return q.take(), nil
}

// CancelWaitForAll is what setting quorum.cancel_wait_for_all to 1 does:
// multicast RECONFIGURE CANCEL_WFA (the caller resets the key to 0).
func (q *Quorum) CancelWaitForAll() []Effect {
	q.sendReconfigure(svcmsg.VQParamCancelWFA, q.us.ID, 0)
	return q.take()
}

// Reload re-reads the configuration at runtime (a quorum. or nodelist.
// key changed, outside a totem reload): only two_node, votes and
// expected votes take effect; the new values are announced. A returned
// error is the one fatal case that applies at runtime too (ATB and LMS in
// an odd-sized cluster); corosync logs nothing for it and carries on.
func (q *Quorum) Reload(cfg Config) ([]Effect, error) {
	oldVotes, oldExpected := q.us.Votes, q.us.ExpectedVotes
	err := q.readConfig(cfg, true, nil)
	q.sendNodeInfo(q.us.ID)
	q.sendNodeInfo(QdeviceNodeID)
	if q.us.Votes != oldVotes {
		q.sendReconfigure(svcmsg.VQParamNodeVotes, q.us.ID, q.us.Votes)
	}
	if q.us.ExpectedVotes != oldExpected {
		q.sendReconfigure(svcmsg.VQParamExpectedVotes, q.us.ID, q.us.ExpectedVotes)
	}
	return q.take(), err
}

// KV is one runtime key and its value.
type KV struct {
	Key   string
	Value cmap.Value
}

// RuntimeKeys lists what this node has written under runtime.votequorum.
// so far, in key order. Like corosync, keys appear only once written
// (atb_type with auto_tie_breaker or after a reload, wait_for_all_status
// with wait_for_all, lowest/highest_node_id once quorate, ...).
func (q *Quorum) RuntimeKeys() []KV {
	out := make([]KV, 0, len(q.runtime))
	for _, k := range slices.Sorted(maps.Keys(q.runtime)) {
		out = append(out, KV{k, q.runtime[k]})
	}
	return out
}

// ApplyRuntime writes RuntimeKeys into m.
func (q *Quorum) ApplyRuntime(m *cmap.Map) error {
	for _, kv := range q.RuntimeKeys() {
		if err := m.Set(kv.Key, kv.Value); err != nil {
			return err
		}
	}
	return nil
}

// Quorate reports the node's quorate state.
func (q *Quorum) Quorate() bool { return q.quorate }

// QuorumVotes is the current quorum (votes needed).
func (q *Quorum) QuorumVotes() uint32 { return uint32(q.quorum) }

// Members is the current membership as last given to SyncInit.
func (q *Quorum) Members() []uint32 { return slices.Clone(q.members) }

// Ring is the ring id of the current membership.
func (q *Quorum) Ring() wire.RingID { return q.ring }

// WaitingForAll reports wait_for_all_status.
func (q *Quorum) WaitingForAll() bool { return q.wfaStatus }
