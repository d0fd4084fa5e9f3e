package cmap

import (
	"errors"
	"iter"
	"slices"
	"strings"
	"sync"
)

// Key name limits from corosync (CMAP_KEYNAME_MINLEN / MAXLEN).
const (
	KeyNameMinLen = 3
	KeyNameMaxLen = 255
)

// MaxValueLen is icmap's ICMAP_MAX_VALUE_LEN: the longest bin value, and the
// longest str value not counting its NUL (verified on 3.1.7: 16384 is
// accepted, 16385 gives CS_ERR_INVALID_PARAM).
const MaxValueLen = 16 * 1024

var (
	ErrNotExist     = errors.New("key does not exist")  // CS_ERR_NOT_EXIST
	ErrInvalidKey   = errors.New("invalid key name")    // CS_ERR_NAME_TOO_LONG / INVALID_PARAM
	ErrReadOnly     = errors.New("key is read-only")    // CS_ERR_ACCESS
	ErrType         = errors.New("value type mismatch") // CS_ERR_INVALID_PARAM
	ErrExist        = errors.New("key already exists")  // CS_ERR_EXIST
	ErrValueTooLong = errors.New("value too long")      // CS_ERR_INVALID_PARAM
	ErrInvalidParam = errors.New("invalid parameter")   // CS_ERR_INVALID_PARAM
)

// Map is a typed key/value store kept in sorted key order. The zero value is
// not usable; call New. All methods are safe for concurrent use.
type Map struct {
	mu    sync.Mutex
	vals  map[string]Value
	keys  []string // sorted; rebuilt lazily when dirty
	dirty bool

	ro       []roRule // read-only registry, consulted only by the *Checked mutators
	trackers []*Track // registration order
}

// New returns an empty map.
func New() *Map { return &Map{vals: map[string]Value{}} }

// CheckKeyName applies icmap's key-name rule: 3..255 bytes of
// [A-Za-z0-9._/:-].
func CheckKeyName(key string) error {
	if len(key) < KeyNameMinLen || len(key) > KeyNameMaxLen {
		return ErrInvalidKey
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '.', c == '_', c == '-', c == '/', c == ':':
		default:
			return ErrInvalidKey
		}
	}
	return nil
}

// Get returns the value stored under key.
func (m *Map) Get(key string) (Value, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.vals[key]
	return v, ok
}

// normalize applies icmap's storage rules to a value about to be stored:
// a str is a C string, so it ends at its first NUL; lengths are bounded.
func normalize(v Value) (Value, error) {
	if !v.typ.Valid() {
		return v, ErrType
	}
	if v.typ == String {
		if i := strings.IndexByte(v.s, 0); i >= 0 {
			v.s = v.s[:i]
		}
	}
	if len(v.s) > MaxValueLen {
		return v, ErrValueTooLong
	}
	return v, nil
}

// Set stores v under key, replacing any previous value (of any type). Like
// icmap_set it is unchecked (the daemon may write read-only keys); storing a
// value equal to the current one (same type and content) changes nothing and
// notifies no tracker. Trackers run after the map lock is released.
func (m *Map) Set(key string, v Value) error {
	if err := CheckKeyName(key); err != nil {
		return err
	}
	v, err := normalize(v)
	if err != nil {
		return err
	}
	m.mu.Lock()
	old, existed := m.vals[key]
	if existed && old == v {
		m.mu.Unlock()
		return nil
	}
	if !existed {
		m.dirty = true
	}
	m.vals[key] = v
	ev := event{key: key, newV: v}
	if existed {
		ev.kind, ev.oldV = TrackModify, old
	} else {
		ev.kind = TrackAdd
	}
	calls := m.collectLocked(nil, ev)
	m.mu.Unlock()
	deliver(calls)
	return nil
}

// Delete removes key; ErrNotExist if it was absent. Trackers see a delete
// event carrying the old value.
func (m *Map) Delete(key string) error {
	m.mu.Lock()
	old, ok := m.vals[key]
	if !ok {
		m.mu.Unlock()
		return ErrNotExist
	}
	delete(m.vals, key)
	m.dirty = true
	calls := m.collectLocked(nil, event{kind: TrackDelete, key: key, oldV: old})
	m.mu.Unlock()
	deliver(calls)
	return nil
}

// DeletePrefix removes every key starting with prefix and returns how many.
// Trackers see one delete event per key, in sorted key order.
func (m *Map) DeletePrefix(prefix string) int {
	m.mu.Lock()
	keys := slices.Clone(m.keysLocked(prefix))
	var calls []call
	for _, k := range keys {
		old := m.vals[k]
		delete(m.vals, k)
		calls = m.collectLocked(calls, event{kind: TrackDelete, key: k, oldV: old})
	}
	if len(keys) > 0 {
		m.dirty = true
	}
	m.mu.Unlock()
	deliver(calls)
	return len(keys)
}

// Len returns the number of keys.
func (m *Map) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.vals)
}

// sortedLocked returns the sorted key slice; callers hold mu.
func (m *Map) sortedLocked() []string {
	if m.dirty || len(m.keys) != len(m.vals) {
		m.keys = m.keys[:0]
		for k := range m.vals {
			m.keys = append(m.keys, k)
		}
		slices.Sort(m.keys)
		m.dirty = false
	}
	return m.keys
}

// Keys returns the keys starting with prefix, in sorted (byte) order.
func (m *Map) Keys(prefix string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.keysLocked(prefix))
}

// All iterates over the keys starting with prefix in sorted order, on a
// snapshot taken when iteration starts (like icmap's iterator, it tolerates
// changes made while iterating).
func (m *Map) All(prefix string) iter.Seq2[string, Value] {
	return func(yield func(string, Value) bool) {
		m.mu.Lock()
		keys := slices.Clone(m.keysLocked(prefix))
		vals := make([]Value, len(keys))
		for i, k := range keys {
			vals[i] = m.vals[k]
		}
		m.mu.Unlock()
		for i, k := range keys {
			if !yield(k, vals[i]) {
				return
			}
		}
	}
}

// keysLocked is Keys without locking; callers hold mu.
func (m *Map) keysLocked(prefix string) []string {
	all := m.sortedLocked()
	i, _ := slices.BinarySearch(all, prefix)
	j := i
	for j < len(all) && strings.HasPrefix(all[j], prefix) {
		j++
	}
	return all[i:j]
}
