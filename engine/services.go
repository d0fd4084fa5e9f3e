package engine

import (
	"fmt"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/totem/svcmsg"
	"github.com/gorosync/gorosync/totem/totempg"
	"github.com/gorosync/gorosync/totem/wire"
)

// serviceCount is how many service ids Corosync 3.1.7 ships (0..7).
const serviceCount = 8

// serviceInfo is the static description of a service engine.
type serviceInfo struct {
	id        uint16
	short     string // runtime.services.<short>
	engine    string // internal_configuration.service.<id>.name
	long      string // the engine's name, as in "Service engine loaded: %s [%d]"
	execCount int    // exec_engine_count
}

// Corosync 3.1.7's services, in id order.
var serviceTable = [serviceCount]serviceInfo{
	{0, "cmap", "corosync_cmap", "corosync configuration map access", 1},
	{1, "cfg", "corosync_cfg", "corosync configuration service", 5},
	{2, "cpg", "corosync_cpg", "corosync cluster closed process group service v1.01", 7},
	{3, "quorum", "corosync_quorum", "corosync cluster quorum service v0.1", 0},
	{4, "pload", "corosync_pload", "corosync profile loading service", 2},
	{5, "votequorum", "corosync_votequorum", "corosync vote quorum service v1.0", 4},
	{6, "mon", "corosync_mon", "corosync resource monitoring service", 0},
	{7, "wd", "corosync_wd", "corosync watchdog service", 0},
}

// The order service.c links the default services in; votequorum is
// linked by the quorum service when it is the provider.
var linkOrder = []uint16{0, 1, 2, 4, 6, 7, 3}

// service is one service engine.
type service interface {
	info() serviceInfo
	// deliver handles exec function fn (already checked < execCount).
	deliver(sender uint32, fn uint16, body []byte, swapped bool)
}

// syncer is a service with sync callbacks.
type syncer interface {
	syncInit(trans, members []uint32, ring wire.RingID)
	syncProcess() bool
	syncActivate()
	syncAbort()
}

// ignoring is a service without exec handlers of interest here: pload
// (its START would launch a load generator), mon and wd (no messages).
type ignoring struct {
	e  *Engine
	in serviceInfo
}

func (s *ignoring) info() serviceInfo { return s.in }

func (s *ignoring) deliver(sender uint32, fn uint16, body []byte, swapped bool) {
	s.e.logf("MAIN", LevelDebug, "ignoring %s exec message %d from node %d", s.in.short, fn, sender)
}

// link registers a service and writes its keys as
// corosync_service_link_and_init does.
func (e *Engine) link(s service) {
	in := s.info()
	e.services[in.id] = s
	e.setKey(fmt.Sprintf("internal_configuration.service.%d.name", in.id), cmap.Str(in.engine))
	e.setKey(fmt.Sprintf("internal_configuration.service.%d.ver", in.id), cmap.U32(0))
	for fn := 0; fn < in.execCount; fn++ {
		e.setKey(counterKey(in, uint16(fn), "tx"), cmap.U64(0))
		e.setKey(counterKey(in, uint16(fn), "rx"), cmap.U64(0))
	}
	e.setKey(fmt.Sprintf("runtime.services.%s.service_id", in.short), cmap.U16(in.id))
	e.logf("SERV", LevelNotice, "Service engine loaded: %s [%d]", in.long, in.id)
}

func counterKey(in serviceInfo, fn uint16, dir string) string {
	return fmt.Sprintf("runtime.services.%s.%d.%s", in.short, fn, dir)
}

// bump increments a runtime.services counter (icmap_fast_inc).
func (e *Engine) bump(in serviceInfo, fn uint16, dir string) {
	key := counterKey(in, fn, dir)
	v, _ := e.m.Get(key)
	e.setKey(key, cmap.U64(v.Uint()+1))
}

// start is service initialisation at daemon start.
func (e *Engine) start() error {
	e.setKey("runtime.blackbox.dump_flight_data", cmap.Str("no"))
	e.setKey("runtime.blackbox.dump_state", cmap.Str("no"))
	e.setKey("runtime.force_gather", cmap.Str("no"))
	cmap.InstallCorosyncReadOnly(e.m)

	e.cmap = newCmapService(e)
	e.cpg = &cpgService{e: e}
	e.quorum = &quorumService{e: e}
	for _, id := range linkOrder {
		switch id {
		case 0:
			e.link(e.cmap)
		case 1:
			e.link(&cfgService{e: e})
		case 2:
			e.link(e.cpg)
		case 3:
			e.link(e.quorum)
			if err := e.quorum.initProvider(); err != nil {
				return err
			}
		default:
			e.link(&ignoring{e: e, in: serviceTable[id]})
			switch id {
			case 6:
				e.monKeys()
			case 7:
				e.setDefault("resources.watchdog_timeout", cmap.U32(6))
			}
		}
	}
	var local []int32
	for id, s := range e.services {
		if _, ok := s.(syncer); ok {
			local = append(local, int32(id))
		}
	}
	e.sync = newSync(e, local)
	if e.vq != nil {
		e.vq.started()
	}
	return nil
}

// monKeys are the keys corosync's resource monitoring service (mon)
// creates for its two monitors. gorosync does not poll the load or the
// memory use, so both stay "stopped" as they are in corosync when no
// threshold is configured.
func (e *Engine) monKeys() {
	for _, r := range []struct {
		name string
		cur  cmap.Value
	}{{"load_15min", cmap.Dbl(0)}, {"memory_used", cmap.I32(0)}} {
		p := "resources.system." + r.name + "."
		e.setDefault(p+"current", r.cur)
		e.setDefault(p+"last_updated", cmap.U64(0))
		e.setDefault(p+"poll_period", cmap.U64(3000))
		e.setDefault(p+"state", cmap.Str("stopped"))
	}
}

// setDefault sets key unless the configuration already did.
func (e *Engine) setDefault(key string, v cmap.Value) {
	if _, ok := e.m.Get(key); !ok {
		e.setKey(key, v)
	}
}

// syncerOf returns the local service with sync callbacks of id, if any.
func (e *Engine) syncerOf(id int32) syncer {
	if id < 0 || id >= serviceCount || e.services[id] == nil {
		return nil
	}
	s, _ := e.services[id].(syncer)
	return s
}

// send multicasts a service exec message in group "a" (main_mcast): the
// tx counter, then the totempg packer. A cmap message goes as header and
// items, the iovecs Corosync hands totempg (the packer's fit test is per
// iovec).
func (e *Engine) send(m svcmsg.Message) {
	b := svcmsg.Encode(m)
	h, _ := svcmsg.DecodeHeader(b, false)
	if s := h.Service(); int(s) < serviceCount && e.services[s] != nil {
		e.bump(e.services[s].info(), h.Fn(), "tx")
	}
	pieces := [][]byte{b}
	if c, ok := m.(*svcmsg.CmapMcast); ok {
		pieces = [][]byte{b[:svcmsg.CmapMcastSize]}
		off := svcmsg.CmapMcastSize
		for _, it := range c.Items {
			n := (svcmsg.CmapItemValueOff + len(it.Value) + 7) &^ 7
			pieces = append(pieces, b[off:off+n])
			off += n
		}
	}
	e.pack(groupA, pieces...)
}

const (
	groupA    = "a"
	groupSync = "sync"
)

func (e *Engine) pack(group string, body ...[]byte) {
	e.ready.Packets = append(e.ready.Packets, e.packer.Add(totempg.GroupIovecs(group, body...)...)...)
}
