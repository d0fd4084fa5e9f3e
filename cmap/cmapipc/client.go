package cmapipc

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/qbipc"
)

// Client talks to a cmap service (ours or corosync's) like libcmap.
type Client struct {
	c *qbipc.Conn

	mu       sync.Mutex
	nextInst uint64
}

// Dial connects to the "cmap" service and selects the default map.
func Dial() (*Client, error) { return DialMap(ServiceName, MapDefault) }

// DialMap connects to service name and selects map which (MapDefault or
// MapStats), as cmap_initialize_map does.
func DialMap(name string, which int32) (*Client, error) {
	c, err := qbipc.Dial(name, qbipc.DefaultMaxMsgSize)
	if err != nil {
		return nil, err
	}
	cl := &Client{c: c}
	if err := cl.SetCurrentMap(which); err != nil {
		c.Close()
		return nil, err
	}
	return cl, nil
}

// Conn exposes the underlying IPC connection (e.g. to set its Timeout).
func (cl *Client) Conn() *qbipc.Conn { return cl.c }

// Close disconnects.
func (cl *Client) Close() error { return cl.c.Close() }

// call sends one request and checks the response's id.
func (cl *Client) call(req, wantRes int32, body []byte) (qbipc.Reply, error) {
	return Call(cl.c, "cmapipc", req, wantRes, body)
}

// SetCurrentMap switches the connection to MapDefault or MapStats.
func (cl *Client) SetCurrentMap(which int32) error {
	r, err := cl.call(ReqSetCurrentMap, ResSetCurrentMap, encodeMap(which))
	if err != nil {
		return err
	}
	return asError(r.Error)
}

// Set stores v under key.
func (cl *Client) Set(key string, v cmap.Value) error {
	body, err := SetRequest{Key: key, Type: v.Type(), Value: v.Encode()}.Encode()
	if err != nil {
		return err
	}
	r, err := cl.call(ReqSet, ReqSet, body)
	if err != nil {
		return err
	}
	return asError(r.Error)
}

// Delete removes key.
func (cl *Client) Delete(key string) error {
	body, err := KeyRequest{Key: key}.Encode()
	if err != nil {
		return err
	}
	r, err := cl.call(ReqDelete, ReqDelete, body)
	if err != nil {
		return err
	}
	return asError(r.Error)
}

// AdjustInt adds step to an integer key.
func (cl *Client) AdjustInt(key string, step int32) error {
	body, err := AdjustRequest{Key: key, Step: step}.Encode()
	if err != nil {
		return err
	}
	r, err := cl.call(ReqAdjustInt, ReqAdjustInt, body)
	if err != nil {
		return err
	}
	return asError(r.Error)
}

// Info returns a key's type and value length without its value.
func (cl *Client) Info(key string) (KeyInfo, error) {
	res, err := cl.get(key, 0)
	if err != nil {
		return KeyInfo{}, err
	}
	return KeyInfo{Key: key, Len: res.ValueLen, Type: res.Type}, nil
}

func (cl *Client) get(key string, n uint64) (GetResponse, error) {
	body, err := GetRequest{Key: key, ValueLen: n}.Encode()
	if err != nil {
		return GetResponse{}, err
	}
	r, err := cl.call(ReqGet, ReqGet, body)
	if err != nil {
		return GetResponse{}, err
	}
	if err := asError(r.Error); err != nil {
		return GetResponse{}, err
	}
	return DecodeGetResponse(r.Body)
}

// getRetries bounds Get's retries when the value grows between asking its
// length and fetching it.
const getRetries = 8

// Get fetches key's value: first its length, then the value (again if the
// value grew in between).
func (cl *Client) Get(key string) (cmap.Value, error) {
	info, err := cl.Info(key)
	if err != nil {
		return cmap.Value{}, err
	}
	return cl.fetch(key, info.Len)
}

func (cl *Client) fetch(key string, n uint64) (cmap.Value, error) {
	for range getRetries {
		if n == 0 {
			n = 1 // an empty bin still needs a buffer to ask for its value
		}
		res, err := cl.get(key, n)
		if errors.Is(err, ErrInvalidParam) {
			info, ierr := cl.Info(key)
			if ierr != nil {
				return cmap.Value{}, ierr
			}
			if info.Len <= n {
				return cmap.Value{}, err // not a size problem
			}
			n = info.Len
			continue
		}
		if err != nil {
			return cmap.Value{}, err
		}
		if res.Truncated {
			n = res.ValueLen
			continue
		}
		return cmap.Decode(res.Type, res.Value)
	}
	return cmap.Value{}, fmt.Errorf("cmapipc: %s keeps changing size", key)
}

// Iterator handles.

// IterInit starts an iteration over the keys starting with prefix.
func (cl *Client) IterInit(prefix string) (uint64, error) {
	body, err := KeyRequest{Key: prefix}.Encode()
	if err != nil {
		return 0, err
	}
	r, err := cl.call(ReqIterInit, ReqIterInit, body)
	if err != nil {
		return 0, err
	}
	if err := asError(r.Error); err != nil {
		return 0, err
	}
	return decodeHandle(r.Body)
}

// IterNext returns the next key; ErrNoSections at the end.
func (cl *Client) IterNext(h uint64) (KeyInfo, error) {
	r, err := cl.call(ReqIterNext, ReqIterNext, encodeHandle(h))
	if err != nil {
		return KeyInfo{}, err
	}
	if err := asError(r.Error); err != nil {
		return KeyInfo{}, err
	}
	return DecodeKeyInfo(r.Body)
}

// IterFinalize releases an iteration.
func (cl *Client) IterFinalize(h uint64) error {
	r, err := cl.call(ReqIterFinalize, ReqIterFinalize, encodeHandle(h))
	if err != nil {
		return err
	}
	return asError(r.Error)
}

// maxIterKeys bounds one iteration (a server that never says
// NO_SECTIONS cannot loop us forever).
const maxIterKeys = 1 << 20

// Keys lists the keys starting with prefix, in the server's order.
func (cl *Client) Keys(prefix string) ([]KeyInfo, error) {
	h, err := cl.IterInit(prefix)
	if err != nil {
		return nil, err
	}
	var out []KeyInfo
	for len(out) < maxIterKeys {
		k, err := cl.IterNext(h)
		if errors.Is(err, ErrNoSections) {
			return out, cl.IterFinalize(h)
		}
		if err != nil {
			cl.IterFinalize(h)
			return nil, err
		}
		out = append(out, k)
	}
	cl.IterFinalize(h)
	return nil, fmt.Errorf("cmapipc: more than %d keys under %q", maxIterKeys, prefix)
}

// Entry is a key with its value.
type Entry struct {
	Key   string
	Value cmap.Value
}

// Entries lists keys starting with prefix with their values, the way
// corosync-cmapctl dumps them (a key deleted between listing and fetching
// is skipped, as the tool does).
func (cl *Client) Entries(prefix string) ([]Entry, error) {
	keys, err := cl.Keys(prefix)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(keys))
	for _, k := range keys {
		v, err := cl.fetch(k.Key, k.Len)
		if errors.Is(err, ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k.Key, err)
		}
		out = append(out, Entry{k.Key, v})
	}
	return out, nil
}

// Snapshot copies the keys under prefix ("" for all) into a new cmap.Map,
// so that cmap.Dump prints it as corosync-cmapctl would.
func (cl *Client) Snapshot(prefix string) (*cmap.Map, error) {
	es, err := cl.Entries(prefix)
	if err != nil {
		return nil, err
	}
	m := cmap.New()
	for _, e := range es {
		if err := m.Set(e.Key, e.Value); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Key, err)
		}
	}
	return m, nil
}

// Track asks for notifications of changes to key (with cmap.TrackPrefix in
// mask: to every key starting with key). It returns the server's track
// handle and the instance number that the notifications carry.
func (cl *Client) Track(key string, mask cmap.Event) (handle, inst uint64, err error) {
	cl.mu.Lock()
	cl.nextInst++
	inst = cl.nextInst
	cl.mu.Unlock()
	body, err := TrackRequest{Key: key, Mask: mask, Inst: inst}.Encode()
	if err != nil {
		return 0, 0, err
	}
	r, err := cl.call(ReqTrackAdd, ReqTrackAdd, body)
	if err != nil {
		return 0, 0, err
	}
	if err := asError(r.Error); err != nil {
		return 0, 0, err
	}
	handle, err = decodeHandle(r.Body)
	return handle, inst, err
}

// TrackDelete stops a tracker; it returns the tracker's instance number.
func (cl *Client) TrackDelete(handle uint64) (uint64, error) {
	r, err := cl.call(ReqTrackDelete, ReqTrackDelete, encodeHandle(handle))
	if err != nil {
		return 0, err
	}
	if err := asError(r.Error); err != nil {
		return 0, err
	}
	return decodeHandle(r.Body)
}

// Notification waits up to timeout for the next change notification.
func (cl *Client) Notification(timeout time.Duration) (Notification, error) {
	r, err := cl.c.RecvEvent(timeout)
	if err != nil {
		return Notification{}, err
	}
	if r.ID != ResNotifyCallback {
		return Notification{}, fmt.Errorf("cmapipc: unexpected event id %d", r.ID)
	}
	return DecodeNotification(r.Body)
}
