package engine

import (
	"github.com/gorosync/gorosync/engine/execmsg"
	"github.com/gorosync/gorosync/totem/svcmsg"
)

// cfgService is exec/cfg.c's exec side. What a delivery asks for (re-read
// the configuration, exit) is handed to the daemon as a Notice.
type cfgService struct{ e *Engine }

func (s *cfgService) info() serviceInfo { return serviceTable[svcmsg.ServiceCfg] }

func (s *cfgService) deliver(sender uint32, fn uint16, body []byte, swapped bool) {
	e := s.e
	m, err := execmsg.DecodeCfg(body, swapped)
	if err != nil {
		e.logf("CFG", LevelDebug, "cfg message from node %d: %v", sender, err)
		return
	}
	switch m := m.(type) {
	case *execmsg.CfgRingReenable:
		// Nothing to re-enable with udp/udpu; the requester's reply is the
		// IPC layer's business.
		e.logf("CFG", LevelDebug, "ring re-enable requested by node %d", sender)
	case *execmsg.CfgKillNode:
		e.logf("CFG", LevelDebug, "request to kill node %d(us=%d)", m.NodeID, e.id)
		if m.NodeID == e.id {
			e.logf("CFG", LevelNotice, "Killed by node %d: %s", sender, m.Reason)
			e.notice(FatalError{Reason: "killed by node"})
		}
	case *execmsg.CfgShutdown:
		e.logf("CFG", LevelNotice, "Node %d was shut down by sysadmin", sender)
		if sender == e.id {
			e.notice(ShutdownRequested{Reason: "cfg shutdown"})
		}
	case *execmsg.CfgReloadConfig:
		e.logf("CFG", LevelNotice, "Config reload requested by node %d", sender)
		e.notice(ReloadRequested{ByNode: sender, Local: m.Source.NodeID == e.id, Conn: m.Source.Conn})
	case *execmsg.CfgCryptoReconfig:
		e.logf("CFG", LevelDebug, "crypto reconfig phase %d from node %d ignored (udp/udpu)", m.Phase, sender)
	}
}

// CfgReload is corosync-cfgtool -R arriving over IPC: multicast
// RELOAD_CONFIG; every node, this one included, re-reads its
// configuration when it is delivered (ReloadRequested). conn identifies
// the client to answer.
func (e *Engine) CfgReload(conn uint64) {
	e.send(&execmsg.CfgReloadConfig{Source: execmsg.Source{NodeID: e.id, Conn: conn}})
	e.afterLib()
}

// CfgKillNode is cfg_kill_node: nodeid exits on delivery.
func (e *Engine) CfgKillNode(nodeid uint32, reason string) {
	e.send(&execmsg.CfgKillNode{NodeID: nodeid, Reason: reason})
	e.afterLib()
}

// CfgShutdown tells the other nodes that this one is shutting down
// (send_shutdown); the node itself shuts down when it is delivered.
func (e *Engine) CfgShutdown() {
	e.send(&execmsg.CfgShutdown{})
	e.afterLib()
}

// afterLib flushes what a library call queued.
func (e *Engine) afterLib() {
	if p := e.packer.Flush(); p != nil {
		e.ready.Packets = append(e.ready.Packets, p)
	}
}
