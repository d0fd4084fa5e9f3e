package cmapipc

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/internal/ipcwire"
)

// Request ids (enum req_cmap_types) and response ids (enum
// res_cmap_types). Responses share the request's number except the last
// two.
const (
	ReqSet           int32 = 0
	ReqDelete        int32 = 1
	ReqGet           int32 = 2
	ReqAdjustInt     int32 = 3
	ReqIterInit      int32 = 4
	ReqIterNext      int32 = 5
	ReqIterFinalize  int32 = 6
	ReqTrackAdd      int32 = 7
	ReqTrackDelete   int32 = 8
	ReqSetCurrentMap int32 = 9

	ResNotifyCallback int32 = 9
	ResSetCurrentMap  int32 = 10
)

// Maps selectable with SET_CURRENT_MAP.
const (
	MapDefault int32 = 0
	MapStats   int32 = 1
)

// Sizes of the fixed parts of the messages' bodies, i.e. after the 16-byte
// request or 24-byte response header (every field aligned to 8 bytes).
const (
	nameSize    = 264 // mar_name_t: u16 length @0, value[256] @8
	nameValue   = 256
	setFixed    = nameSize + 8 + 8 // key, u64 value_len @264, u8 type @272, value @280
	getFixed    = nameSize + 8     // key, u64 value_len @264
	adjustFixed = nameSize + 8     // key, i32 step @264
	iterInitLen = nameSize         // prefix
	handleLen   = 8                // u64 handle (iter_next, iter_finalize, track_delete)
	trackFixed  = nameSize + 8 + 8 // key, i32 track_type @264, u64 track_inst_handle @272
	mapLen      = 8                // i32 map

	resGetFixed     = 8 + 8              // u64 value_len @0, u8 type @8, value @16
	resIterNextLen  = nameSize + 8 + 8   // key, u64 value_len @264, u8 type @272
	resHandleLen    = 8                  // iter_init, track_add, track_delete
	notifyFixed     = 8 + nameSize + 8*5 // see Notification
	maxKeyOnTheWire = nameValue - 1      // room for the C string's NUL
)

var le = binary.LittleEndian

// putName writes a mar_name_t at b[0:264].
func putName(b []byte, s string) error {
	if len(s) > maxKeyOnTheWire {
		return fmt.Errorf("cmapipc: key %q longer than %d bytes", s, maxKeyOnTheWire)
	}
	le.PutUint16(b, uint16(len(s)))
	copy(b[8:8+nameValue], s)
	return nil
}

// nameOf reads a mar_name_t. Like corosync, the server takes value as a C
// string and ignores length for it (length only tells whether a prefix or
// tracked key was given at all). A value without NUL is not a valid name.
func nameOf(b []byte) (name string, length uint16, ok bool) {
	length = le.Uint16(b)
	v := b[8 : 8+nameValue]
	i := bytes.IndexByte(v, 0)
	if i < 0 {
		return string(v), length, false
	}
	return string(v[:i]), length, true
}

func short(what string, got, need int) error { return ipcwire.Short("cmapipc", what, got, need) }

// SetRequest is req_lib_cmap_set.
type SetRequest struct {
	Key   string
	Type  cmap.Type
	Value []byte // as cmap.Value.Encode gives it (str with its NUL)
}

func (r SetRequest) Encode() ([]byte, error) {
	b := make([]byte, setFixed+len(r.Value))
	if err := putName(b, r.Key); err != nil {
		return nil, err
	}
	le.PutUint64(b[nameSize:], uint64(len(r.Value)))
	b[nameSize+8] = byte(r.Type)
	copy(b[setFixed:], r.Value)
	return b, nil
}

// DecodeSet parses a SET body. keyOK is false when the key is not a C
// string.
func DecodeSet(b []byte) (r SetRequest, keyOK bool, err error) {
	if len(b) < setFixed {
		return r, false, short("set", len(b), setFixed)
	}
	r.Key, _, keyOK = nameOf(b)
	n := le.Uint64(b[nameSize:])
	r.Type = cmap.Type(b[nameSize+8])
	if n > uint64(len(b)-setFixed) {
		return r, keyOK, fmt.Errorf("cmapipc: set value_len %d exceeds the %d bytes sent", n, len(b)-setFixed)
	}
	r.Value = b[setFixed : setFixed+int(n)]
	return r, keyOK, nil
}

// KeyRequest is the body of DELETE (and of ITER_INIT, whose key is a
// prefix): a mar_name_t alone.
type KeyRequest struct {
	Key string
}

func (r KeyRequest) Encode() ([]byte, error) {
	b := make([]byte, nameSize)
	return b, putName(b, r.Key)
}

// DecodeKey parses a DELETE or ITER_INIT body; length is the name's
// length field.
func DecodeKey(b []byte) (key string, length uint16, keyOK bool, err error) {
	if len(b) < nameSize {
		return "", 0, false, short("key", len(b), nameSize)
	}
	key, length, keyOK = nameOf(b)
	return key, length, keyOK, nil
}

// GetRequest is req_lib_cmap_get: ValueLen 0 asks only for length and type.
type GetRequest struct {
	Key      string
	ValueLen uint64
}

func (r GetRequest) Encode() ([]byte, error) {
	b := make([]byte, getFixed)
	if err := putName(b, r.Key); err != nil {
		return nil, err
	}
	le.PutUint64(b[nameSize:], r.ValueLen)
	return b, nil
}

func DecodeGet(b []byte) (r GetRequest, keyOK bool, err error) {
	if len(b) < getFixed {
		return r, false, short("get", len(b), getFixed)
	}
	r.Key, _, keyOK = nameOf(b)
	r.ValueLen = le.Uint64(b[nameSize:])
	return r, keyOK, nil
}

// GetResponse is res_lib_cmap_get's body. The message is sized for the
// requested length; ValueLen is the value's real length.
type GetResponse struct {
	ValueLen uint64
	Type     cmap.Type
	Value    []byte // ValueLen bytes, or nil when only the length was asked
	// Truncated: ValueLen is more than the response carries (the value
	// grew past the buffer asked for); Value holds what came.
	Truncated bool
}

// encodeGet builds the body for a request that asked for reqLen bytes.
func encodeGet(r GetResponse, reqLen int) []byte {
	b := make([]byte, resGetFixed+reqLen)
	le.PutUint64(b, r.ValueLen)
	b[8] = byte(r.Type)
	copy(b[resGetFixed:], r.Value)
	return b
}

func DecodeGetResponse(b []byte) (GetResponse, error) {
	if len(b) < resGetFixed {
		return GetResponse{}, short("get response", len(b), resGetFixed)
	}
	r := GetResponse{ValueLen: le.Uint64(b), Type: cmap.Type(b[8])}
	rest := b[resGetFixed:]
	if len(rest) > 0 {
		if r.ValueLen > uint64(len(rest)) {
			// corosync's stats map answers OK with the full length even
			// when the buffer asked for was too small.
			r.Value, r.Truncated = rest, true
			return r, nil
		}
		r.Value = rest[:r.ValueLen]
	}
	return r, nil
}

// AdjustRequest is req_lib_cmap_adjust_int.
type AdjustRequest struct {
	Key  string
	Step int32
}

func (r AdjustRequest) Encode() ([]byte, error) {
	b := make([]byte, adjustFixed)
	if err := putName(b, r.Key); err != nil {
		return nil, err
	}
	le.PutUint32(b[nameSize:], uint32(r.Step))
	return b, nil
}

func DecodeAdjust(b []byte) (r AdjustRequest, keyOK bool, err error) {
	if len(b) < adjustFixed {
		return r, false, short("adjust_int", len(b), adjustFixed)
	}
	r.Key, _, keyOK = nameOf(b)
	r.Step = int32(le.Uint32(b[nameSize:]))
	return r, keyOK, nil
}

// encodeHandle is the body of ITER_NEXT, ITER_FINALIZE and TRACK_DELETE
// requests and of the ITER_INIT, TRACK_ADD and TRACK_DELETE responses.
func encodeHandle(h uint64) []byte {
	b := make([]byte, handleLen)
	le.PutUint64(b, h)
	return b
}

func decodeHandle(b []byte) (uint64, error) {
	if len(b) < handleLen {
		return 0, short("handle", len(b), handleLen)
	}
	return le.Uint64(b), nil
}

// KeyInfo is res_lib_cmap_iter_next's body: a key with its value's type
// and length (str lengths count the NUL).
type KeyInfo struct {
	Key  string
	Len  uint64
	Type cmap.Type
}

func (k KeyInfo) encode() []byte {
	b := make([]byte, resIterNextLen)
	putName(b, k.Key) // the map's keys are at most 255 bytes
	le.PutUint64(b[nameSize:], k.Len)
	b[nameSize+8] = byte(k.Type)
	return b
}

func DecodeKeyInfo(b []byte) (KeyInfo, error) {
	if len(b) < resIterNextLen {
		return KeyInfo{}, short("iter_next response", len(b), resIterNextLen)
	}
	k, _, ok := nameOf(b)
	if !ok {
		return KeyInfo{}, errors.New("cmapipc: iter_next key is not NUL-terminated")
	}
	return KeyInfo{Key: k, Len: le.Uint64(b[nameSize:]), Type: cmap.Type(b[nameSize+8])}, nil
}

// TrackRequest is req_lib_cmap_track_add. An empty Key sends length 0,
// which means "no key" (with cmap.TrackPrefix: every key).
type TrackRequest struct {
	Key  string
	Mask cmap.Event
	Inst uint64 // the client's own handle, echoed in notifications
}

func (r TrackRequest) Encode() ([]byte, error) {
	b := make([]byte, trackFixed)
	if err := putName(b, r.Key); err != nil {
		return nil, err
	}
	le.PutUint32(b[nameSize:], uint32(r.Mask))
	le.PutUint64(b[nameSize+8:], r.Inst)
	return b, nil
}

func DecodeTrack(b []byte) (r TrackRequest, length uint16, keyOK bool, err error) {
	if len(b) < trackFixed {
		return r, 0, false, short("track_add", len(b), trackFixed)
	}
	r.Key, length, keyOK = nameOf(b)
	r.Mask = cmap.Event(int32(le.Uint32(b[nameSize:])))
	r.Inst = le.Uint64(b[nameSize+8:])
	return r, length, keyOK, nil
}

// Notification is res_lib_cmap_notify_callback's body: u64
// track_inst_handle @0, key @8, i32 event @272, u8 new_value_type @280,
// u8 old_value_type @288, u64 new_value_len @296, u64 old_value_len @304,
// then the new value's bytes immediately followed by the old value's.
type Notification struct {
	Inst     uint64
	Key      string
	Event    cmap.Event
	New, Old cmap.Value // zero Value when absent (create: Old, delete: New)
}

func (n Notification) encode() []byte {
	nv, ov := encodeValue(n.New), encodeValue(n.Old)
	b := make([]byte, notifyFixed+len(nv)+len(ov))
	le.PutUint64(b, n.Inst)
	putName(b[8:], n.Key)
	at := 8 + nameSize
	le.PutUint32(b[at:], uint32(n.Event))
	b[at+8] = byte(n.New.Type())
	b[at+16] = byte(n.Old.Type())
	le.PutUint64(b[at+24:], uint64(len(nv)))
	le.PutUint64(b[at+32:], uint64(len(ov)))
	copy(b[notifyFixed:], nv)
	copy(b[notifyFixed+len(nv):], ov)
	return b
}

// encodeValue is Value.Encode with nothing for the zero Value.
func encodeValue(v cmap.Value) []byte {
	if v.IsZero() {
		return nil
	}
	return v.Encode()
}

func DecodeNotification(b []byte) (Notification, error) {
	if len(b) < notifyFixed {
		return Notification{}, short("notification", len(b), notifyFixed)
	}
	var n Notification
	n.Inst = le.Uint64(b)
	k, _, ok := nameOf(b[8:])
	if !ok {
		return n, errors.New("cmapipc: notification key is not NUL-terminated")
	}
	n.Key = k
	at := 8 + nameSize
	n.Event = cmap.Event(int32(le.Uint32(b[at:])))
	nt, ot := cmap.Type(b[at+8]), cmap.Type(b[at+16])
	nl, ol := le.Uint64(b[at+24:]), le.Uint64(b[at+32:])
	rest := b[notifyFixed:]
	if nl > uint64(len(rest)) || ol > uint64(len(rest))-nl {
		return n, fmt.Errorf("cmapipc: notification values (%d+%d bytes) exceed the %d bytes sent", nl, ol, len(rest))
	}
	var err error
	if n.New, err = decodeValue(nt, rest[:nl]); err != nil {
		return n, err
	}
	n.Old, err = decodeValue(ot, rest[nl:nl+ol])
	return n, err
}

// decodeValue is cmap.Decode with type 0 (no value) giving the zero Value.
func decodeValue(t cmap.Type, b []byte) (cmap.Value, error) {
	if t == 0 && len(b) == 0 {
		return cmap.Value{}, nil
	}
	return cmap.Decode(t, b)
}

// encodeMap is req_lib_cmap_set_current_map's body.
func encodeMap(m int32) []byte {
	b := make([]byte, mapLen)
	le.PutUint32(b, uint32(m))
	return b
}

func decodeMap(b []byte) (int32, error) {
	if len(b) < 4 {
		return 0, short("set_current_map", len(b), mapLen)
	}
	return int32(le.Uint32(b)), nil
}
