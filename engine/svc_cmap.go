package engine

import (
	"encoding/binary"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/totem/svcmsg"
	"github.com/gorosync/gorosync/totem/wire"
)

const configVersionKey = "totem.config_version"

// cmapService is exec/cmap.c's exec side: totem.config_version travels in
// every sync and on every change, and a node joining a cluster whose
// config_version differs from its own shuts down.
type cmapService struct {
	e             *Engine
	transEntries  int
	memberEntries int
	highest       uint64
	mine          uint64
	firstSync     bool
}

func newCmapService(e *Engine) *cmapService {
	s := &cmapService{e: e, firstSync: true}
	// cmap_exec_init_fn: follow totem.config_version. The callback may run
	// on an IPC goroutine, so it only records the change.
	_, _ = e.m.TrackAdd(configVersionKey, cmap.TrackAdd|cmap.TrackDelete|cmap.TrackModify,
		func(cmap.Event, string, cmap.Value, cmap.Value) {
			e.markPending(func(p *pendingWork) { p.configVersion = true })
		})
	return s
}

func (s *cmapService) info() serviceInfo { return serviceTable[svcmsg.ServiceCmap] }

// myVersion is icmap_get_uint64 of totem.config_version, 0 if absent or
// of another type.
func (s *cmapService) myVersion() uint64 {
	v, ok := s.e.m.Get(configVersionKey)
	if !ok || v.Type() != cmap.Uint64 {
		return 0
	}
	return v.Uint()
}

// item is cmap_mcast_send's item for a key: its type and raw value, or
// type 0 and no value when the key does not exist.
func (s *cmapService) item(key string) svcmsg.CmapItem {
	v, ok := s.e.m.Get(key)
	if !ok {
		return svcmsg.CmapItem{Key: key}
	}
	return svcmsg.CmapItem{Key: key, ValueType: uint8(v.Type()), Value: v.Encode()}
}

func (s *cmapService) mcast(reason uint8) {
	s.e.send(&svcmsg.CmapMcast{Reason: reason, Items: []svcmsg.CmapItem{s.item(configVersionKey)}})
}

// configVersionChanged is cmap_config_version_track_cb.
func (s *cmapService) configVersionChanged() {
	s.mine = s.myVersion()
	s.mcast(svcmsg.CmapReasonNewConf)
}

func (s *cmapService) syncInit(trans, members []uint32, ring wire.RingID) {
	s.transEntries = len(trans)
	s.memberEntries = len(members)
	s.mine = s.myVersion()
	s.highest = s.mine
}

func (s *cmapService) syncProcess() bool {
	s.mcast(svcmsg.CmapReasonSync)
	return true
}

func (s *cmapService) syncActivate() {
	e := s.e
	if s.transEntries == 0 {
		e.logf("CMAP", LevelDebug, "Single node sync -> no action")
		return
	}
	if !s.firstSync {
		e.logf("CMAP", LevelDebug, "Not first sync -> no action")
		return
	}
	s.firstSync = false
	if s.mine == 0 {
		e.logf("CMAP", LevelDebug, "My config version is 0 -> no action")
		return
	}
	if s.highest != s.mine {
		e.logf("CMAP", LevelError, "Received config version (%d) is different than my config version (%d)! Exiting", s.highest, s.mine)
		e.notice(ShutdownRequested{Reason: "config_version mismatch"})
	}
}

func (s *cmapService) syncAbort() {}

func (s *cmapService) deliver(sender uint32, fn uint16, body []byte, swapped bool) {
	m, err := svcmsg.DecodeCmap(body, swapped)
	if err != nil {
		s.e.logf("CMAP", LevelDebug, "cmap message from node %d: %v", sender, err)
		return
	}
	if m.Reason != svcmsg.CmapReasonSync && m.Reason != svcmsg.CmapReasonNewConf {
		s.e.logf("CMAP", LevelDebug, "Received mcast with unknown reason %d", m.Reason)
		return
	}
	var version uint64
	for _, it := range m.Items {
		if it.Key != configVersionKey {
			continue
		}
		if it.ValueType == uint8(cmap.Uint64) && len(it.Value) == 8 {
			if swapped {
				version = binary.BigEndian.Uint64(it.Value)
			} else {
				version = binary.LittleEndian.Uint64(it.Value)
			}
		}
		break
	}
	if sender != s.e.id && version > s.highest {
		s.highest = version
	}
	s.e.setKey(memberKey(sender, "config_version"), cmap.U64(version))
}
