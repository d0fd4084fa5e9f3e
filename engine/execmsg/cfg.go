package execmsg

import (
	"encoding/binary"
	"fmt"

	"github.com/gorosync/gorosync/totem/svcmsg"
)

// cfg exec function numbers (exec/cfg.c).
const (
	CfgRingReenableFn  = 0
	CfgKillNodeFn      = 1
	CfgShutdownFn      = 2
	CfgReloadConfigFn  = 3
	CfgCryptoReconfFn  = 4
	CfgExecCount       = 5
	CfgReloadSize      = 32  // header · mar_message_source_t {u32 nodeid @16, void *conn @24}
	CfgRingReenSize    = 32  // same layout as reload
	CfgKillNodeSize    = 288 // header · u32 nodeid @16 · mar_name_t reason @24 (u16 len, char[256] @32)
	CfgShutdownSize    = 16  // header only
	CfgCryptoReconSize = 24  // header · u32 phase @16
	cfgNameMax         = 256
)

// Source is mar_message_source_t: the node and the (opaque, local) IPC
// connection a request came from. Conn only means something on the node
// that sent the message; other nodes just carry it.
type Source struct {
	NodeID uint32
	Conn   uint64
}

// CfgReloadConfig is req_exec_cfg_reload_config: every node re-reads its
// configuration on delivery; the source node answers its client.
type CfgReloadConfig struct{ Source Source }

// CfgRingReenable is req_exec_cfg_ringreenable.
type CfgRingReenable struct{ Source Source }

// CfgKillNode is req_exec_cfg_killnode: NodeID exits with Reason.
type CfgKillNode struct {
	NodeID uint32
	Reason string // at most 255 bytes
}

// CfgShutdown is req_exec_cfg_shutdown: the sender is shutting down.
type CfgShutdown struct{}

// CfgCryptoReconfig is req_exec_cfg_crypto_reconfig (knet only).
type CfgCryptoReconfig struct{ Phase uint32 }

func (*CfgReloadConfig) EncodedLen() int   { return CfgReloadSize }
func (*CfgRingReenable) EncodedLen() int   { return CfgRingReenSize }
func (*CfgKillNode) EncodedLen() int       { return CfgKillNodeSize }
func (*CfgShutdown) EncodedLen() int       { return CfgShutdownSize }
func (*CfgCryptoReconfig) EncodedLen() int { return CfgCryptoReconSize }

func grow(b []byte, n int) ([]byte, []byte) {
	l := len(b)
	b = append(b, make([]byte, n)...)
	return b, b[l:]
}

func putSource(w []byte, s Source) {
	binary.LittleEndian.PutUint32(w, s.NodeID)
	binary.LittleEndian.PutUint64(w[8:], s.Conn)
}

func (m *CfgReloadConfig) Append(b []byte) []byte {
	b, w := grow(b, CfgReloadSize)
	putHeader(w, svcmsg.MakeID(svcmsg.ServiceCfg, CfgReloadConfigFn), CfgReloadSize)
	putSource(w[16:], m.Source)
	return b
}

func (m *CfgRingReenable) Append(b []byte) []byte {
	b, w := grow(b, CfgRingReenSize)
	putHeader(w, svcmsg.MakeID(svcmsg.ServiceCfg, CfgRingReenableFn), CfgRingReenSize)
	putSource(w[16:], m.Source)
	return b
}

func (m *CfgKillNode) Append(b []byte) []byte {
	b, w := grow(b, CfgKillNodeSize)
	putHeader(w, svcmsg.MakeID(svcmsg.ServiceCfg, CfgKillNodeFn), CfgKillNodeSize)
	binary.LittleEndian.PutUint32(w[16:], m.NodeID)
	r := m.Reason
	if len(r) > cfgNameMax-1 {
		r = r[:cfgNameMax-1]
	}
	binary.LittleEndian.PutUint16(w[24:], uint16(len(r)))
	copy(w[32:], r)
	return b
}

func (m *CfgShutdown) Append(b []byte) []byte {
	b, w := grow(b, CfgShutdownSize)
	putHeader(w, svcmsg.MakeID(svcmsg.ServiceCfg, CfgShutdownFn), CfgShutdownSize)
	return b
}

func (m *CfgCryptoReconfig) Append(b []byte) []byte {
	b, w := grow(b, CfgCryptoReconSize)
	putHeader(w, svcmsg.MakeID(svcmsg.ServiceCfg, CfgCryptoReconfFn), CfgCryptoReconSize)
	binary.LittleEndian.PutUint32(w[16:], m.Phase)
	return b
}

// DecodeCfg decodes a group "a" message of service 1. Corosync converts
// only KILLNODE's reason length for byte-swapped senders (the nodeid and
// the sources stay as sent); we do the same.
func DecodeCfg(b []byte, swapped bool) (svcmsg.Message, error) {
	h, err := svcmsg.DecodeHeader(b, swapped)
	if err != nil {
		return nil, fmt.Errorf("cfg: %w", err)
	}
	if h.Service() != svcmsg.ServiceCfg {
		return nil, fmt.Errorf("cfg: %w: %v", svcmsg.ErrUnknown, h)
	}
	le := binary.LittleEndian
	src := func() Source { return Source{NodeID: le.Uint32(b[16:]), Conn: le.Uint64(b[24:])} }
	switch h.Fn() {
	case CfgRingReenableFn:
		if err := need("cfg ringreenable", b, CfgRingReenSize); err != nil {
			return nil, err
		}
		return &CfgRingReenable{Source: src()}, nil
	case CfgKillNodeFn:
		if err := need("cfg killnode", b, CfgKillNodeSize); err != nil {
			return nil, err
		}
		n := int(order(swapped).Uint16(b[24:]))
		if n > cfgNameMax {
			return nil, fmt.Errorf("cfg killnode: %w: reason length %d", svcmsg.ErrCorrupt, n)
		}
		reason := b[32 : 32+n]
		for i, c := range reason {
			if c == 0 { // the C side prints it as a C string
				reason = reason[:i]
				break
			}
		}
		return &CfgKillNode{NodeID: le.Uint32(b[16:]), Reason: string(reason)}, nil
	case CfgShutdownFn:
		return &CfgShutdown{}, nil
	case CfgReloadConfigFn:
		if err := need("cfg reload_config", b, CfgReloadSize); err != nil {
			return nil, err
		}
		return &CfgReloadConfig{Source: src()}, nil
	case CfgCryptoReconfFn:
		if err := need("cfg crypto_reconfig", b, CfgCryptoReconSize); err != nil {
			return nil, err
		}
		return &CfgCryptoReconfig{Phase: order(swapped).Uint32(b[16:])}, nil
	}
	return nil, fmt.Errorf("cfg: %w fn %d", svcmsg.ErrUnknown, h.Fn())
}
