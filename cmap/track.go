package cmap

import (
	"strings"
	"sync/atomic"
)

// Event is a tracking event or mask, numbered as corosync's CMAP_TRACK_*
// (include/corosync/cmap.h) because the numbers travel over IPC.
type Event int32

const (
	TrackDelete Event = 1
	TrackModify Event = 2
	TrackAdd    Event = 4 // a key was created
	// TrackPrefix is only a flag for TrackAdd's mask: the key is a prefix.
	// It is never passed to a callback.
	TrackPrefix Event = 8

	trackAll = TrackDelete | TrackModify | TrackAdd | TrackPrefix
)

// String names an event as corosync-cmapctl's tracking output does.
func (e Event) String() string {
	switch e {
	case TrackAdd:
		return "create"
	case TrackDelete:
		return "delete"
	case TrackModify:
		return "modify"
	}
	return "unknown change"
}

// NotifyFunc receives one change. For TrackAdd oldV is the zero Value, for
// TrackDelete newV is; for TrackModify both are set (the type may differ).
// FastAdjustInt reports TrackModify with a zero oldV, as icmap's fast path does.
type NotifyFunc func(ev Event, key string, newV, oldV Value)

// Track is a registered tracker; Remove stops it.
type Track struct {
	m       *Map
	key     string
	mask    Event
	fn      NotifyFunc
	removed atomic.Bool
}

// Key returns the tracked key or prefix; Mask the mask given to TrackAdd.
func (t *Track) Key() string { return t.key }
func (t *Track) Mask() Event { return t.mask }

// TrackAdd registers fn for changes of key (or, with TrackPrefix in mask, of
// every key starting with key; an empty prefix tracks the whole map). mask is
// an OR of TrackAdd/TrackDelete/TrackModify/TrackPrefix; other bits give
// ErrInvalidParam, as icmap_track_add does. Callbacks run on the goroutine
// that changed the map, after the map lock is released, so they may read and
// write the map; callbacks for concurrent changes may interleave.
func (m *Map) TrackAdd(key string, mask Event, fn NotifyFunc) (*Track, error) {
	if fn == nil || mask&^trackAll != 0 {
		return nil, ErrInvalidParam
	}
	t := &Track{m: m, key: key, mask: mask, fn: fn}
	m.mu.Lock()
	m.trackers = append(m.trackers, t)
	m.mu.Unlock()
	return t, nil
}

// Remove unregisters the tracker; no callback starts after Remove returns.
// Removing twice gives ErrNotExist.
func (t *Track) Remove() error {
	m := t.m
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, x := range m.trackers {
		if x == t {
			m.trackers = append(m.trackers[:i:i], m.trackers[i+1:]...)
			t.removed.Store(true)
			return nil
		}
	}
	return ErrNotExist
}

func (t *Track) matches(key string) bool {
	if t.mask&TrackPrefix != 0 {
		return strings.HasPrefix(key, t.key)
	}
	return key == t.key
}

type event struct {
	kind       Event
	key        string
	newV, oldV Value
}

type call struct {
	t  *Track
	ev event
}

// collectLocked appends the callbacks ev triggers; callers hold mu.
func (m *Map) collectLocked(calls []call, ev event) []call {
	for _, t := range m.trackers {
		if t.mask&ev.kind != 0 && t.matches(ev.key) {
			calls = append(calls, call{t, ev})
		}
	}
	return calls
}

// deliver runs collected callbacks without the lock, skipping trackers
// removed in the meantime (possibly by an earlier callback).
func deliver(calls []call) {
	for _, c := range calls {
		if !c.t.removed.Load() {
			c.t.fn(c.ev.kind, c.ev.key, c.ev.newV, c.ev.oldV)
		}
	}
}
