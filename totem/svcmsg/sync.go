package svcmsg

import (
	"encoding/binary"
	"fmt"

	"github.com/gorosync/gorosync/totem/wire"
)

// Sync protocol messages (group "sync", exec/sync.c). Their header id is
// the plain message number, and Corosync never endian-converts them, so
// they are always read little-endian.
const (
	SyncBarrierID      = 0
	SyncServiceBuildID = 1

	SyncBarrierSize      = 32
	SyncServiceBuildSize = 552
	SyncServiceListMax   = 128 // SERVICES_COUNT_MAX
)

// SyncBarrier says the sender finished the current service for Ring.
type SyncBarrier struct {
	Ring wire.RingID
}

func (*SyncBarrier) EncodedLen() int { return SyncBarrierSize }

func (m *SyncBarrier) Append(b []byte) []byte {
	b, w := grow(b, SyncBarrierSize)
	putHeader(w, Header{ID: SyncBarrierID, Size: SyncBarrierSize})
	putRingID(w[16:], m.Ring)
	return b
}

// SyncServiceBuild announces the sender's services with sync callbacks.
type SyncServiceBuild struct {
	Ring     wire.RingID
	Services []int32 // at most SyncServiceListMax
}

func (*SyncServiceBuild) EncodedLen() int { return SyncServiceBuildSize }

func (m *SyncServiceBuild) Append(b []byte) []byte {
	b, w := grow(b, SyncServiceBuildSize)
	putHeader(w, Header{ID: SyncServiceBuildID, Size: SyncServiceBuildSize})
	putRingID(w[16:], m.Ring)
	n := min(len(m.Services), SyncServiceListMax)
	binary.LittleEndian.PutUint32(w[32:], uint32(n))
	for i := 0; i < n; i++ {
		binary.LittleEndian.PutUint32(w[40+4*i:], uint32(m.Services[i]))
	}
	return b
}

// DecodeSync decodes a message of group "sync" (group header removed).
func DecodeSync(b []byte) (Message, error) {
	h, err := DecodeHeader(b, false)
	if err != nil {
		return nil, fmt.Errorf("sync: %w", err)
	}
	switch h.ID {
	case SyncBarrierID:
		if err := need("sync barrier", b, SyncBarrierSize); err != nil {
			return nil, err
		}
		return &SyncBarrier{Ring: getRingID(b[16:])}, nil
	case SyncServiceBuildID:
		if err := need("sync service_build", b, SyncServiceBuildSize); err != nil {
			return nil, err
		}
		n := int32(binary.LittleEndian.Uint32(b[32:]))
		if n < 0 || n > SyncServiceListMax {
			return nil, fmt.Errorf("sync service_build: %w: service_list_entries %d not in 0..%d", ErrCorrupt, n, SyncServiceListMax)
		}
		m := &SyncServiceBuild{Ring: getRingID(b[16:])}
		if n > 0 {
			m.Services = make([]int32, n)
			for i := range m.Services {
				m.Services[i] = int32(binary.LittleEndian.Uint32(b[40+4*i:]))
			}
		}
		return m, nil
	}
	return nil, fmt.Errorf("sync: %w id %d", ErrUnknown, h.ID)
}

func putRingID(b []byte, r wire.RingID) {
	binary.LittleEndian.PutUint32(b, r.Rep)
	binary.LittleEndian.PutUint64(b[4:], r.Seq)
}

func getRingID(b []byte) wire.RingID {
	return wire.RingID{Rep: binary.LittleEndian.Uint32(b), Seq: binary.LittleEndian.Uint64(b[4:])}
}
