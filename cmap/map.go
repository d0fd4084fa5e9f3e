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

var (
	ErrNotExist   = errors.New("key does not exist")  // CS_ERR_NOT_EXIST
	ErrInvalidKey = errors.New("invalid key name")    // CS_ERR_NAME_TOO_LONG / INVALID_PARAM
	ErrReadOnly   = errors.New("key is read-only")    // CS_ERR_ACCESS
	ErrType       = errors.New("value type mismatch") // CS_ERR_INVALID_PARAM
	ErrExist      = errors.New("key already exists")  // CS_ERR_EXIST
)

// Map is a typed key/value store kept in sorted key order. The zero value is
// not usable; call New. All methods are safe for concurrent use.
type Map struct {
	mu    sync.Mutex
	vals  map[string]Value
	keys  []string // sorted; rebuilt lazily when dirty
	dirty bool
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

// Set stores v under key, replacing any previous value (of any type).
func (m *Map) Set(key string, v Value) error {
	if err := CheckKeyName(key); err != nil {
		return err
	}
	if !v.typ.Valid() {
		return ErrType
	}
	m.mu.Lock()
	if _, ok := m.vals[key]; !ok {
		m.dirty = true
	}
	m.vals[key] = v
	m.mu.Unlock()
	return nil
}

// Delete removes key; ErrNotExist if it was absent.
func (m *Map) Delete(key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.vals[key]; !ok {
		return ErrNotExist
	}
	delete(m.vals, key)
	m.dirty = true
	return nil
}

// DeletePrefix removes every key starting with prefix and returns how many.
func (m *Map) DeletePrefix(prefix string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for k := range m.vals {
		if strings.HasPrefix(k, prefix) {
			delete(m.vals, k)
			n++
		}
	}
	if n > 0 {
		m.dirty = true
	}
	return n
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
