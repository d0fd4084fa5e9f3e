package cmapipc

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/qbipc"
)

// ServiceName is the abstract socket name of corosync's cmap service.
const ServiceName = "cmap"

// Service serves corosync's cmap IPC protocol over a default map and the
// stats map. Use it as a qbipc.Handler together with its Opened and Closed
// hooks (Listen does the wiring).
type Service struct {
	Map   *cmap.Map // the default (icmap) map; required
	Stats *cmap.Map // the stats map; nil serves an empty read-only one
}

// NewService returns a service over m and stats (stats may be nil).
func NewService(m, stats *cmap.Map) *Service {
	if stats == nil {
		stats = cmap.NewStats()
	}
	return &Service{Map: m, Stats: stats}
}

// Listen starts the "cmap" service on s with opt (its Opened and Closed
// hooks, if any, run after the service's own).
func Listen(s *Service, opt qbipc.Options) (*qbipc.Server, error) {
	return ListenName(ServiceName, s, opt)
}

// ListenName is Listen under another socket name (for tests).
func ListenName(name string, s *Service, opt qbipc.Options) (*qbipc.Server, error) {
	if s.Map == nil {
		return nil, fmt.Errorf("cmapipc: service without a map")
	}
	if s.Stats == nil {
		s.Stats = cmap.NewStats()
	}
	return qbipc.ListenService(name, s, opt)
}

// connState is corosync's cmap_conn_info: the selected map and the
// connection's iterators and trackers by handle.
type connState struct {
	mu        sync.Mutex
	m         *cmap.Map
	iters     map[uint64]*iterState
	tracks    map[uint64]*trackState
	salt      uint64 // random high half of handles, as hdb's check value
	nextIter  uint64 // low half: an index per handle database, from 0
	nextTrack uint64
	closed    bool
}

type iterState struct {
	m    *cmap.Map
	keys []string // snapshot at ITER_INIT
	pos  int
}

type trackState struct {
	t    *cmap.Track
	inst uint64
}

// handle makes a handle from a database's next index.
func (st *connState) handle(next *uint64) uint64 {
	h := st.salt<<32 | *next&0xffffffff
	*next++
	return h
}

// Opened prepares a new connection's state (cmap_lib_init_fn).
func (s *Service) Opened(c *qbipc.ServerConn) { c.SetData(s.newConnState()) }

func (s *Service) newConnState() *connState {
	return &connState{
		m:      s.Map,
		iters:  map[uint64]*iterState{},
		tracks: map[uint64]*trackState{},
		salt:   uint64(rand.Uint32()) | 1,
	}
}

// Closed drops the connection's trackers and iterators (cmap_lib_exit_fn).
func (s *Service) Closed(c *qbipc.ServerConn) {
	if st, ok := c.Data().(*connState); ok {
		st.close()
	}
}

// close drops the state's trackers and iterators.
func (st *connState) close() {
	st.mu.Lock()
	st.closed = true
	tracks := st.tracks
	st.tracks, st.iters = nil, nil
	st.mu.Unlock()
	for _, t := range tracks {
		t.t.Remove()
	}
}

// HandleRequest answers one cmap request as corosync 3.1.7's cmap service
// does.
func (s *Service) HandleRequest(c *qbipc.ServerConn, id int32, body []byte) qbipc.Response {
	st, ok := c.Data().(*connState)
	if !ok {
		return Reply(0, ErrLibrary, nil)
	}
	return s.dispatch(st, c.MaxMsgSize(), c, id, body)
}

func (s *Service) dispatch(st *connState, maxMsg int, ev qbipc.EventSender, id int32, body []byte) qbipc.Response {
	switch id {
	case ReqSet:
		return s.set(st, body)
	case ReqDelete:
		return s.del(st, body)
	case ReqGet:
		return s.get(maxMsg, st, body)
	case ReqAdjustInt:
		return s.adjust(st, body)
	case ReqIterInit:
		return s.iterInit(st, body)
	case ReqIterNext:
		return s.iterNext(st, body)
	case ReqIterFinalize:
		return s.iterFinalize(st, body)
	case ReqTrackAdd:
		return s.trackAdd(ev, st, body)
	case ReqTrackDelete:
		return s.trackDelete(st, body)
	case ReqSetCurrentMap:
		return s.setCurrentMap(st, body)
	}
	// corosync answers an unknown function with id 0 and INVALID_PARAM.
	return Reply(0, ErrInvalidParam, nil)
}

func (st *connState) current() *cmap.Map {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.m
}

// The read-only test comes before anything else, the key's validity
// included (verified on 3.1.7; cmap.SetChecked keeps that order).
func (s *Service) set(st *connState, body []byte) qbipc.Response {
	r, keyOK, err := DecodeSet(body)
	m := st.current()
	if code := refuseWrite(m, r.Key, keyOK, err); code != OK {
		return Reply(ReqSet, code, nil)
	}
	if err := cmap.CheckKeyName(r.Key); err != nil {
		return Reply(ReqSet, ErrNameTooLong, nil)
	}
	// icmap bounds the value as sent, a str's NUL included, so the
	// longest str holds MaxValueLen-1 characters (verified on 3.1.7).
	if len(r.Value) > cmap.MaxValueLen {
		return Reply(ReqSet, ErrInvalidParam, nil)
	}
	v, err := cmap.Decode(r.Type, r.Value)
	if err != nil {
		return Reply(ReqSet, ErrInvalidParam, nil)
	}
	return Reply(ReqSet, csErrorOf(m.SetChecked(r.Key, v)), nil)
}

// refuseWrite is the code a write (set, delete, adjust) is refused with
// before it is tried, in corosync's order: a malformed body, a read-only
// key, a key without its NUL; OK lets it through.
func refuseWrite(m *cmap.Map, key string, keyOK bool, decodeErr error) CSError {
	switch {
	case decodeErr != nil:
		return ErrInvalidParam
	case m.IsReadOnly(key):
		return ErrAccess
	case !keyOK:
		return ErrNameTooLong
	}
	return OK
}

func (s *Service) del(st *connState, body []byte) qbipc.Response {
	key, _, keyOK, err := DecodeKey(body)
	m := st.current()
	if code := refuseWrite(m, key, keyOK, err); code != OK {
		return Reply(ReqDelete, code, nil)
	}
	return Reply(ReqDelete, csErrorOf(m.DeleteChecked(key)), nil)
}

// get answers with a message sized for the length the client asked for:
// 0 gives only length and type; a buffer too small gives INVALID_PARAM.
func (s *Service) get(maxMsg int, st *connState, body []byte) qbipc.Response {
	r, keyOK, err := DecodeGet(body)
	if err != nil {
		return Reply(ReqGet, ErrInvalidParam, encodeGet(GetResponse{}, 0))
	}
	fail := func(code CSError) qbipc.Response { return Reply(ReqGet, code, encodeGet(GetResponse{}, 0)) }
	if !keyOK {
		return fail(ErrNameTooLong)
	}
	// A length that cannot fit a response is what makes corosync's
	// allocation fail.
	if r.ValueLen > uint64(maxMsg-qbipc.ResponseHeaderSize-resGetFixed) {
		return fail(ErrNoMemory)
	}
	v, ok := st.current().Get(r.Key)
	if !ok {
		return fail(ErrNotExist)
	}
	raw := v.Encode()
	res := GetResponse{ValueLen: uint64(len(raw)), Type: v.Type()}
	if r.ValueLen > 0 {
		if r.ValueLen < uint64(len(raw)) {
			return fail(ErrInvalidParam)
		}
		res.Value = raw
	}
	return Reply(ReqGet, OK, encodeGet(res, int(r.ValueLen)))
}

func (s *Service) adjust(st *connState, body []byte) qbipc.Response {
	r, keyOK, err := DecodeAdjust(body)
	m := st.current()
	if code := refuseWrite(m, r.Key, keyOK, err); code != OK {
		return Reply(ReqAdjustInt, code, nil)
	}
	return Reply(ReqAdjustInt, csErrorOf(m.AdjustIntChecked(r.Key, r.Step)), nil)
}

func (s *Service) iterInit(st *connState, body []byte) qbipc.Response {
	prefix, length, keyOK, err := DecodeKey(body)
	if err != nil || length > 0 && !keyOK {
		return Reply(ReqIterInit, ErrInvalidParam, encodeHandle(0))
	}
	if length == 0 {
		prefix = ""
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.closed {
		return Reply(ReqIterInit, ErrBadHandle, encodeHandle(0))
	}
	h := st.handle(&st.nextIter)
	st.iters[h] = &iterState{m: st.m, keys: st.m.Keys(prefix)}
	return Reply(ReqIterInit, OK, encodeHandle(h))
}

// iterNext walks the keys present at ITER_INIT, skipping those deleted
// since; the end is CS_ERR_NO_SECTIONS.
func (s *Service) iterNext(st *connState, body []byte) qbipc.Response {
	empty := KeyInfo{}.encode()
	h, err := decodeHandle(body)
	if err != nil {
		return Reply(ReqIterNext, ErrInvalidParam, empty)
	}
	st.mu.Lock()
	it := st.iters[h]
	st.mu.Unlock()
	if it == nil {
		return Reply(ReqIterNext, ErrBadHandle, empty)
	}
	for it.pos < len(it.keys) {
		k := it.keys[it.pos]
		it.pos++
		if v, ok := it.m.Get(k); ok {
			return Reply(ReqIterNext, OK, KeyInfo{Key: k, Len: uint64(len(v.Encode())), Type: v.Type()}.encode())
		}
	}
	return Reply(ReqIterNext, ErrNoSections, empty)
}

func (s *Service) iterFinalize(st *connState, body []byte) qbipc.Response {
	h, err := decodeHandle(body)
	if err != nil {
		return Reply(ReqIterFinalize, ErrInvalidParam, nil)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if _, ok := st.iters[h]; !ok {
		return Reply(ReqIterFinalize, ErrBadHandle, nil)
	}
	delete(st.iters, h)
	return Reply(ReqIterFinalize, OK, nil)
}

// trackAdd registers a tracker whose changes go to the client as
// NOTIFY_CALLBACK events carrying the client's own instance handle.
func (s *Service) trackAdd(c qbipc.EventSender, st *connState, body []byte) qbipc.Response {
	r, length, keyOK, err := DecodeTrack(body)
	if err != nil || length > 0 && !keyOK {
		return Reply(ReqTrackAdd, ErrInvalidParam, encodeHandle(0))
	}
	if length == 0 {
		r.Key = ""
	}
	m := st.current()
	if m == s.Stats && r.Mask&^(cmap.TrackAdd|cmap.TrackDelete|cmap.TrackModify|cmap.TrackPrefix) == 0 && !statsTrackable(r.Key, r.Mask) {
		return Reply(ReqTrackAdd, ErrNotSupported, encodeHandle(0))
	}
	inst := r.Inst
	t, err := m.TrackAdd(r.Key, r.Mask, func(ev cmap.Event, key string, newV, oldV cmap.Value) {
		n := Notification{Inst: inst, Key: key, Event: ev, New: newV, Old: oldV}
		// A full queue drops the client; a closed one has nothing to do.
		_ = c.SendEvent(ResNotifyCallback, int32(OK), n.encode())
	})
	if err != nil {
		return Reply(ReqTrackAdd, csErrorOf(err), encodeHandle(0))
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.closed {
		t.Remove()
		return Reply(ReqTrackAdd, ErrBadHandle, encodeHandle(0))
	}
	h := st.handle(&st.nextTrack)
	st.tracks[h] = &trackState{t: t, inst: inst}
	return Reply(ReqTrackAdd, OK, encodeHandle(h))
}

// statsTrackable is corosync 3.1.7's limit on tracking the stats map, as
// observed: single keys for any change, prefixes only for creation and
// deletion and only under stats.knet. or stats.ipcs..
func statsTrackable(key string, mask cmap.Event) bool {
	if mask&cmap.TrackPrefix == 0 {
		return true
	}
	if mask&cmap.TrackModify != 0 {
		return false
	}
	return strings.HasPrefix(key, "stats.knet.") || strings.HasPrefix(key, "stats.ipcs.")
}

func (s *Service) trackDelete(st *connState, body []byte) qbipc.Response {
	h, err := decodeHandle(body)
	if err != nil {
		return Reply(ReqTrackDelete, ErrInvalidParam, encodeHandle(0))
	}
	st.mu.Lock()
	ts := st.tracks[h]
	delete(st.tracks, h)
	st.mu.Unlock()
	if ts == nil {
		return Reply(ReqTrackDelete, ErrBadHandle, encodeHandle(0))
	}
	ts.t.Remove()
	return Reply(ReqTrackDelete, OK, encodeHandle(ts.inst))
}

func (s *Service) setCurrentMap(st *connState, body []byte) qbipc.Response {
	which, err := decodeMap(body)
	if err != nil {
		return Reply(ResSetCurrentMap, ErrInvalidParam, nil)
	}
	var m *cmap.Map
	switch which {
	case MapDefault:
		m = s.Map
	case MapStats:
		m = s.Stats
	default:
		return Reply(ResSetCurrentMap, ErrNotExist, nil)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	// Live iterators or trackers are bound to the current map.
	if len(st.iters) > 0 || len(st.tracks) > 0 {
		return Reply(ResSetCurrentMap, ErrBusy, nil)
	}
	st.m = m
	return Reply(ResSetCurrentMap, OK, nil)
}
