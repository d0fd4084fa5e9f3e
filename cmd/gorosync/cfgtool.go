package main

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"time"

	"github.com/gorosync/gorosync/cmap/cmapipc"
	"github.com/gorosync/gorosync/corotool"
	"github.com/gorosync/gorosync/ipcsvc/cfgipc"
)

// shutdownRetries and shutdownRetryPause are cfgtool -H's cs_repeat: a
// daemon answering CS_ERR_TRY_AGAIN is asked again once a second.
const (
	shutdownRetries    = 30
	shutdownRetryPause = time.Second
)

// cfgtool is corosync-cfgtool: corosync 3.1.7's options, output and exit
// statuses, as a client of a running daemon's cfg and cmap IPC services.
func cfgtool(prog string, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	o, res := corotool.ParseCfgArgs(prog, args)
	if res != nil {
		io.WriteString(stdout, res.Stdout)
		io.WriteString(stderr, res.Stderr)
		return res.Exit
	}
	switch o.Action {
	case corotool.CfgLinkStatus, corotool.CfgNodeStatus:
		return cfgNodeStatus(prog, o, stdout, stderr)
	case corotool.CfgReload:
		return cfgReload(prog, stdout, stderr)
	case corotool.CfgReopenLogs:
		cl, ok := cfgDial(prog, stderr, true)
		if !ok {
			return 1
		}
		defer cl.Close()
		if err := cl.ReopenLogs(); err != nil {
			fmt.Fprintf(stderr, "Could not reopen corosync logging files. Error %s\n", csErrName(err))
			return csErrCode(err)
		}
		return 0
	case corotool.CfgShutdown:
		return cfgShutdown(prog, o.Force, stdout, stderr)
	case corotool.CfgShowAddr:
		cl, ok := cfgDial(prog, stderr, false)
		if !ok {
			return 1
		}
		defer cl.Close()
		addrs, err := cl.NodeAddrs(o.NodeID)
		text := make([]string, len(addrs))
		for i, a := range addrs {
			text[i] = a.String()
		}
		return emit(corotool.NodeAddrsText(o.NodeID, text, err == nil), stdout, stderr)
	case corotool.CfgKillNode:
		fmt.Fprintf(stdout, "Killing node %d\n", o.NodeID)
		cl, ok := cfgDial(prog, stderr, false)
		if !ok {
			return 1
		}
		defer cl.Close()
		if err := cl.KillNode(o.NodeID, "Killed by corosync-cfgtool"); err != nil {
			fmt.Fprintf(stderr, "Could not kill node (error = %s)\n", csErrName(err))
			return 1
		}
		return 0
	}
	return 0
}

func emit(out corotool.Output, stdout, stderr io.Writer) int {
	io.WriteString(stdout, out.Stdout)
	io.WriteString(stderr, out.Stderr)
	return out.Exit
}

// cfgDial opens the cfg service; its error message names the cs_error by
// number, or by name for -R and -L (named says which, as in 3.1.7).
func cfgDial(prog string, stderr io.Writer, named bool) (*cfgipc.Client, bool) {
	cl, err := cfgipc.Dial()
	if err == nil {
		return cl, true
	}
	if named {
		fmt.Fprintf(stderr, "Could not initialize corosync configuration API error %s\n", csErrName(err))
	} else {
		fmt.Fprintf(stderr, "Could not initialize corosync configuration API error %d\n", csErrCode(err))
	}
	notSocketHint(prog, err, stderr)
	return nil, false
}

func cmapDial(prog string, stderr io.Writer) (*cmapipc.Client, bool) {
	cl, err := cmapipc.Dial()
	if err != nil {
		fmt.Fprintf(stderr, "Could not initialize corosync cmap API error %d\n", csErrCode(err))
		notSocketHint(prog, err, stderr)
		return nil, false
	}
	return cl, true
}

var (
	nodelistNodeIDKey = regexp.MustCompile(`^nodelist\.node\.\d+\.nodeid$`)
	knetTransportKey  = regexp.MustCompile(`^totem\.interface\.(\d+)\.knet_transport$`)
)

// cfgNodeStatus is -s (-b) and -n (nodestatusget_do).
func cfgNodeStatus(prog string, o corotool.CfgOptions, stdout, stderr io.Writer) int {
	cl, ok := cfgDial(prog, stderr, false)
	if !ok {
		return 1
	}
	defer cl.Close()
	cm, ok := cmapDial(prog, stderr)
	if !ok {
		return 1
	}
	defer cm.Close()
	st := &corotool.CfgStatus{LinkTransport: map[int]string{}}
	if v, err := cm.Get("totem.transport"); err == nil {
		st.Transport = v.Str()
	}
	local, err := cl.LocalNodeID()
	if err != nil {
		fmt.Fprintf(stderr, "Could not get the local node id, the error is: %d\n", csErrCode(err))
		return 1
	}
	st.LocalNodeID = local
	keys, err := cm.Keys("nodelist.node.")
	if err != nil {
		fmt.Fprintf(stderr, "Could not get nodelist from cmap. error %d\n", csErrCode(err))
		return 1
	}
	var ids []uint32
	for _, k := range keys {
		if !nodelistNodeIDKey.MatchString(k.Key) {
			continue
		}
		if v, err := cm.Get(k.Key); err == nil {
			ids = append(ids, uint32(v.Uint()))
		}
	}
	if ifaces, err := cm.Keys("totem.interface."); err == nil {
		for _, k := range ifaces {
			m := knetTransportKey.FindStringSubmatch(k.Key)
			if m == nil {
				continue
			}
			link, err := strconv.Atoi(m[1])
			if err != nil || link >= cfgipc.MaxLinks {
				continue
			}
			if v, err := cm.Get(k.Key); err == nil {
				st.LinkTransport[link] = v.Str()
			}
		}
	}
	for _, id := range ids {
		ns, err := cl.NodeStatus(id)
		n := corotool.NodeStatus{NodeID: id}
		if err != nil {
			n.Err = csErrCode(err)
		} else {
			n = nodeStatus(ns)
		}
		st.Nodes = append(st.Nodes, n)
	}
	if o.Action == corotool.CfgNodeStatus {
		return emit(corotool.NodeStatusText(st), stdout, stderr)
	}
	return emit(corotool.LinkStatusText(st, o.Brief), stdout, stderr)
}

func nodeStatus(ns cfgipc.NodeStatus) corotool.NodeStatus {
	n := corotool.NodeStatus{NodeID: ns.NodeID, Reachable: ns.Reachable, Remote: ns.Remote, External: ns.External}
	for i, l := range ns.Links {
		n.Links[i] = corotool.LinkStatus{Enabled: l.Enabled, Connected: l.Connected, DynConnected: l.DynConnected,
			MTU: int32(l.MTU), Src: l.Src, Dst: l.Dst}
	}
	return n
}

// cfgReload is -R (reload_config_do). Measured on 3.1.7 against a real
// corosync whose file does not load: "Reloading corosync.conf..." on
// stdout, "Could not reload configuration. Error CS_ERR_INVALID_PARAM" on
// stderr, and the cs_error number (7) as exit status.
func cfgReload(prog string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stdout, "Reloading corosync.conf...")
	cl, ok := cfgDial(prog, stderr, true)
	if !ok {
		return 1
	}
	defer cl.Close()
	if err := cl.Reload(); err != nil {
		fmt.Fprintf(stderr, "Could not reload configuration. Error %s\n", csErrName(err))
		var cs cmapipc.CSError
		if errors.As(err, &cs) {
			return int(cs)
		}
		return 1
	}
	fmt.Fprintln(stdout, "Done")
	return 0
}

// cfgShutdown is -H [--force]; it exits 0 even when the daemon refused.
func cfgShutdown(prog string, force bool, stdout, stderr io.Writer) int {
	cl, ok := cfgDial(prog, stderr, false)
	if !ok {
		return 1
	}
	defer cl.Close()
	flags := cfgipc.ShutdownRequest
	if force {
		flags = cfgipc.ShutdownRegardless
	}
	fmt.Fprintln(stdout, "Shutting down corosync")
	var err error
	for i := 0; i < shutdownRetries; i++ {
		if err = cl.TryShutdown(flags); !errors.Is(err, cmapipc.ErrTryAgain) {
			break
		}
		time.Sleep(shutdownRetryPause)
	}
	if err != nil {
		fmt.Fprintf(stderr, "Could not shutdown (error = %d)\n", csErrCode(err))
	}
	return 0
}
