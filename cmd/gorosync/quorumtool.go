package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"strings"
	"time"

	"github.com/gorosync/gorosync/cmap/cmapipc"
	"github.com/gorosync/gorosync/corotool"
	"github.com/gorosync/gorosync/ipcsvc/cfgipc"
	"github.com/gorosync/gorosync/ipcsvc/quorumipc"
	"github.com/gorosync/gorosync/ipcsvc/votequorumipc"
	"github.com/gorosync/gorosync/qbipc"
)

// dispatchTimeout bounds the wait for a notification the daemon owes us
// right after a TRACKSTART (libquorum would block forever).
const dispatchTimeout = 30 * time.Second

// quorumtool is corosync-quorumtool: corosync 3.1.7's options, output and
// exit statuses, as a client of the cmap, quorum, cfg and votequorum IPC
// services of a running daemon (ours, or corosync with qb_ipc_type: socket).
func quorumtool(prog string, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	o, res := corotool.ParseQuorumArgs(prog, args)
	if res != nil {
		io.WriteString(stdout, res.Stdout)
		io.WriteString(stderr, res.Stderr)
		return res.Exit
	}
	t, ok := openQuorumTool(prog, stderr)
	defer t.close()
	if !ok {
		return 1
	}
	switch o.Command {
	case corotool.CmdSetVotes, corotool.CmdSetExpected, corotool.CmdUnregisterQdevice:
		if t.vq == nil {
			fmt.Fprintln(stderr, notVotequorumText[o.Command])
			return 2
		}
	}
	switch o.Command {
	case corotool.CmdShowNodes:
		return t.showNodes(o, stdout, stderr)
	case corotool.CmdSetVotes:
		nodeid := t.ourNodeID
		if o.NodeIDSet {
			nodeid = o.NodeID
		}
		if err := t.vq.SetVotes(nodeid, o.Votes); err != nil {
			fmt.Fprintf(stderr, "Unable to set votes %d for nodeid: %d: %s\n", o.Votes, nodeid, csErrName(err))
			return 1
		}
		return 0
	case corotool.CmdSetExpected:
		if err := t.vq.SetExpected(o.Votes); err != nil {
			fmt.Fprintf(stderr, "Unable to set expected votes: %s\n", csErrName(err))
			return 1
		}
		return 0
	case corotool.CmdMonitor:
		return t.monitor(o, stdout, stderr)
	case corotool.CmdUnregisterQdevice:
		return t.unregisterQdevice(stderr)
	}
	st, ok := t.status(o, stderr, true)
	if !ok {
		return 1
	}
	out := corotool.ShowStatus(st, o, time.Now(), resolveName)
	io.WriteString(stdout, out.Stdout)
	io.WriteString(stderr, out.Stderr)
	return out.Exit
}

var notVotequorumText = map[corotool.QuorumCommand]string{
	corotool.CmdSetVotes:          "You cannot change node votes, corosync is not using votequorum",
	corotool.CmdSetExpected:       "You cannot change expected votes, corosync is not using votequorum",
	corotool.CmdUnregisterQdevice: "You cannot unregister quorum device, corosync is not using votequorum",
}

// csErrCode is the cs_error_t number of err; failures below the protocol
// (no daemon, connection lost) are CS_ERR_LIBRARY, as libqb reports them.
func csErrCode(err error) int {
	var cs cmapipc.CSError
	if errors.As(err, &cs) {
		return int(cs)
	}
	return int(cmapipc.ErrLibrary)
}

// csErrName is cs_strerror's text for err.
func csErrName(err error) string { return cmapipc.CSError(csErrCode(err)).String() }

// notSocketHint adds our own explanation when the daemon offers only
// shared-memory IPC, which these tools do not speak.
func notSocketHint(prog string, err error, stderr io.Writer) {
	if errors.Is(err, qbipc.ErrNotSocket) {
		fmt.Fprintf(stderr, "%s: %v\n", prog, err)
	}
}

// quorumTool holds the connections init_all opens.
type quorumTool struct {
	cmap      *cmapipc.Client
	q         *quorumipc.Client
	cfg       *cfgipc.Client
	vq        *votequorumipc.Client // nil unless the provider is votequorum
	provider  string                // quorum.provider, "" when unknown
	ourNodeID uint32
}

// openQuorumTool connects like the tool's init_all, with its messages.
func openQuorumTool(prog string, stderr io.Writer) (*quorumTool, bool) {
	t := &quorumTool{}
	var err error
	if t.cmap, err = cmapipc.Dial(); err != nil {
		fmt.Fprintln(stderr, "Cannot initialize CMAP service")
		notSocketHint(prog, err, stderr)
		return t, false
	}
	if t.q, err = quorumipc.Dial(); err != nil {
		fmt.Fprintln(stderr, "Cannot initialize QUORUM service")
		notSocketHint(prog, err, stderr)
		return t, false
	}
	if t.cfg, err = cfgipc.Dial(); err != nil {
		fmt.Fprintln(stderr, "Cannot initialise CFG service")
		notSocketHint(prog, err, stderr)
		return t, false
	}
	if t.q.Type != quorumipc.TypeFree {
		if v, err := t.cmap.Get("quorum.provider"); err == nil {
			t.provider = v.Str()
		}
	}
	if t.provider != "corosync_votequorum" {
		return t, true
	}
	if t.vq, err = votequorumipc.Dial(); err != nil {
		fmt.Fprintln(stderr, "Cannot initialise VOTEQUORUM service")
		notSocketHint(prog, err, stderr)
		t.vq = nil
		return t, false
	}
	v, err := t.cmap.Get("runtime.votequorum.this_node_id")
	if err != nil {
		fmt.Fprintln(stderr, "Unable to retrieve this_node_id")
		return t, false
	}
	t.ourNodeID = uint32(v.Uint())
	return t, true
}

func (t *quorumTool) close() {
	if t.cmap != nil {
		t.cmap.Close()
	}
	if t.q != nil {
		t.q.Close()
	}
	if t.cfg != nil {
		t.cfg.Close()
	}
	if t.vq != nil {
		t.vq.Close()
	}
}

// quorumView waits for the quorum notification a TRACKSTART sends.
func (t *quorumTool) quorumView() (quorumipc.Notification, error) {
	for range 64 { // skip any other event, boundedly
		ev, err := t.q.NextEvent(dispatchTimeout)
		if err != nil {
			return quorumipc.Notification{}, err
		}
		if ev.ID == quorumipc.ResNotification || ev.ID == quorumipc.ResQuorumNotification {
			return ev.Quorum, nil
		}
	}
	return quorumipc.Notification{}, errors.New("no quorum notification")
}

// vqRing waits for the votequorum nodelist notification (its ring id's
// representative is the first half of "Ring ID").
func (t *quorumTool) vqRing() (votequorumipc.RingID, error) {
	for range 64 {
		ev, err := t.vq.NextEvent(dispatchTimeout)
		if err != nil {
			return votequorumipc.RingID{}, err
		}
		if ev.ID == votequorumipc.ResNodelist {
			return ev.Nodelist.Ring, nil
		}
	}
	return votequorumipc.RingID{}, errors.New("no nodelist notification")
}

// status gathers what show_status prints; tracking says whether to ask
// for the current state (false in monitor mode, where events come anyway).
func (t *quorumTool) status(o corotool.QuorumOptions, stderr io.Writer, tracking bool) (*corotool.QuorumStatus, bool) {
	st := &corotool.QuorumStatus{Provider: t.provider, Votequorum: t.vq != nil, NodeID: t.ourNodeID}
	quorate, err := t.q.Quorate()
	if err != nil {
		fmt.Fprintf(stderr, "Unable to get cluster quorate status: %s\n", csErrName(err))
		return nil, false
	}
	st.Quorate = quorate
	if tracking {
		if err := t.q.TrackStart(quorumipc.TrackCurrent); err != nil {
			fmt.Fprintf(stderr, "Unable to start quorum status tracking: %s\n", csErrName(err))
			return nil, false
		}
	}
	view, err := t.quorumView()
	if err != nil {
		fmt.Fprintf(stderr, "Unable to dispatch quorum status: %s\n", csErrName(err))
		return nil, false
	}
	if tracking {
		if err := t.q.TrackStop(); err != nil {
			fmt.Fprintf(stderr, "Unable to stop quorum status tracking: %s\n", csErrName(err))
		}
	}
	st.RingSeq = view.Ring.Seq
	if t.vq != nil {
		if tracking {
			if err := t.vq.TrackStart(0, votequorumipc.TrackCurrent); err != nil {
				fmt.Fprintf(stderr, "Unable to start votequorum status tracking: %s\n", csErrName(err))
				return nil, false
			}
		}
		ring, err := t.vqRing()
		if err != nil {
			fmt.Fprintf(stderr, "Unable to dispatch votequorum status: %s\n", csErrName(err))
			return nil, false
		}
		st.RingRep = ring.NodeID
		in, err := t.vq.GetInfo(t.ourNodeID)
		switch {
		case err == nil:
			st.Info = vqInfo(in)
		case csErrCode(err) != int(cmapipc.ErrNotExist):
			st.InfoErr = csErrName(err)
		}
	}
	st.Members = t.members(view.Members)
	return st, true
}

func vqInfo(in votequorumipc.Info) corotool.VQInfo {
	return corotool.VQInfo{NodeID: in.NodeID, Votes: in.Votes, ExpectedVotes: in.ExpectedVotes,
		HighestExpected: in.HighestExpected, TotalVotes: in.TotalVotes, Quorum: in.Quorum, Flags: in.Flags,
		QdeviceVotes: in.QdeviceVotes, QdeviceName: in.QdeviceName}
}

// members looks up, for each node of the view, what display_nodes_data
// shows: votequorum info, nodelist name and link addresses.
func (t *quorumTool) members(ids []uint32) []corotool.Member {
	out := make([]corotool.Member, len(ids))
	names := t.nodelistNames()
	for i, id := range ids {
		m := corotool.Member{NodeID: id, NodelistName: names[id]}
		if t.vq != nil {
			in, err := t.vq.GetInfo(id)
			if err != nil {
				m.InfoErr = csErrName(err)
			} else {
				m.Info = vqInfo(in)
			}
		}
		addrs, err := t.cfg.NodeAddrs(id)
		if err != nil {
			m.AddrErr = csErrName(err)
		}
		for _, a := range addrs {
			m.Addrs = append(m.Addrs, a.String())
		}
		out[i] = m
	}
	return out
}

var nodelistNameKey = regexp.MustCompile(`^nodelist\.node\.(\d+)\.name$`)

// nodelistNames maps nodeids to nodelist.node.N.name, the first match in
// key order winning, as node_name_by_nodelist searches.
func (t *quorumTool) nodelistNames() map[uint32]string {
	out := map[uint32]string{}
	keys, err := t.cmap.Keys("nodelist.node.")
	if err != nil {
		return out
	}
	for _, k := range keys {
		m := nodelistNameKey.FindStringSubmatch(k.Key)
		if m == nil {
			continue
		}
		idv, err := t.cmap.Get("nodelist.node." + m[1] + ".nodeid")
		if err != nil {
			continue
		}
		name, err := t.cmap.Get(k.Key)
		if err != nil {
			continue
		}
		id := uint32(idv.Uint())
		if _, seen := out[id]; !seen {
			out[id] = name.Str()
		}
	}
	return out
}

// showNodes is -l: the membership table only.
func (t *quorumTool) showNodes(o corotool.QuorumOptions, stdout, stderr io.Writer) int {
	if err := t.q.TrackStart(quorumipc.TrackCurrent); err != nil {
		fmt.Fprintf(stderr, "Unable to start quorum status tracking: %s\n", csErrName(err))
		return 1
	}
	view, err := t.quorumView()
	if err != nil {
		fmt.Fprintf(stderr, "Unable to dispatch quorum status: %s\n", csErrName(err))
		return 1
	}
	st := &corotool.QuorumStatus{Provider: t.provider, Votequorum: t.vq != nil, NodeID: t.ourNodeID,
		RingSeq: view.Ring.Seq, Members: t.members(view.Members)}
	out := corotool.ShowNodes(st, o, resolveName)
	io.WriteString(stdout, out.Stdout)
	io.WriteString(stderr, out.Stderr)
	return 0
}

// monitor is -m: the status after every change, until the daemon goes.
func (t *quorumTool) monitor(o corotool.QuorumOptions, stdout, stderr io.Writer) int {
	if t.q.Type == quorumipc.TypeFree {
		io.WriteString(stdout, "\nQuorum is not configured - cannot monitor\n")
		st, ok := t.status(o, stderr, true)
		if !ok {
			return 1
		}
		out := corotool.ShowStatus(st, o, time.Now(), resolveName)
		io.WriteString(stdout, out.Stdout)
		io.WriteString(stderr, out.Stderr)
		return out.Exit
	}
	if err := t.q.TrackStart(quorumipc.TrackChanges); err != nil {
		fmt.Fprintf(stderr, "Unable to start quorum status tracking: %s\n", csErrName(err))
		return 1
	}
	if t.vq != nil {
		if err := t.vq.TrackStart(0, votequorumipc.TrackChanges); err != nil {
			fmt.Fprintf(stderr, "Unable to start votequorum status tracking: %s\n", csErrName(err))
			return 1
		}
	}
	for {
		st, ok := t.status(o, stderr, false)
		if !ok {
			return 1
		}
		out := corotool.ShowStatus(st, o, time.Now(), resolveName)
		io.WriteString(stdout, out.Stdout+"\n")
		io.WriteString(stderr, out.Stderr)
	}
}

// unregisterQdevice is -f.
func (t *quorumTool) unregisterQdevice(stderr io.Writer) int {
	in, err := t.vq.GetInfo(t.ourNodeID)
	if err != nil {
		fmt.Fprintf(stderr, "Unable to get quorum device info: %s\n", csErrName(err))
		return 1
	}
	if in.Flags&corotool.InfoQdeviceRegistered == 0 {
		return 0
	}
	if err := t.vq.Qdevice(votequorumipc.ReqQdeviceUnregister, votequorumipc.QdeviceRequest{Name: in.QdeviceName}); err != nil {
		fmt.Fprintf(stderr, "Unable to unregister quorum device: %s\n", csErrName(err))
		return 1
	}
	return 0
}

// resolveName is getnameinfo(3) without NI_NUMERICHOST: the host's name
// for the address, or the address itself when it has none.
func resolveName(addr string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	names, err := net.DefaultResolver.LookupAddr(ctx, addr)
	if err != nil || len(names) == 0 {
		return addr
	}
	return strings.TrimSuffix(names[0], ".")
}
