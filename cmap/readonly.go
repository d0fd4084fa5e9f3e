package cmap

import "strings"

// roRule is one entry of the read-only registry (icmap_set_ro_access).
type roRule struct {
	key    string
	prefix bool
}

// SetReadOnly marks key read-only for the *Checked mutators, or, with
// prefix, every key starting with keyOrPrefix ("" then covers the whole map).
// Marking the same rule twice is harmless.
func (m *Map) SetReadOnly(keyOrPrefix string, prefix bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := roRule{keyOrPrefix, prefix}
	for _, x := range m.ro {
		if x == r {
			return
		}
	}
	m.ro = append(m.ro, r)
}

// ClearReadOnly removes a rule added by SetReadOnly (same key and prefix
// flag); ErrNotExist if there was none.
func (m *Map) ClearReadOnly(keyOrPrefix string, prefix bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := roRule{keyOrPrefix, prefix}
	for i, x := range m.ro {
		if x == r {
			m.ro = append(m.ro[:i:i], m.ro[i+1:]...)
			return nil
		}
	}
	return ErrNotExist
}

// IsReadOnly reports whether a client may not change key (icmap_is_key_ro).
// It does not depend on whether key exists.
func (m *Map) IsReadOnly(key string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.isReadOnlyLocked(key)
}

func (m *Map) isReadOnlyLocked(key string) bool {
	for _, r := range m.ro {
		if r.prefix && strings.HasPrefix(key, r.key) || !r.prefix && key == r.key {
			return true
		}
	}
	return false
}

// The checked mutators are what the cmap IPC service does for clients: the
// read-only test comes first, so a read-only key gives ErrReadOnly even when
// it is missing, has a bad name, or would not change (all verified on 3.1.7).
// Between the test and the change another goroutine may alter the registry;
// the daemon sets its rules before it serves clients.

// SetChecked is Set for clients: ErrReadOnly for a read-only key.
func (m *Map) SetChecked(key string, v Value) error {
	if m.IsReadOnly(key) {
		return ErrReadOnly
	}
	return m.Set(key, v)
}

// DeleteChecked is Delete for clients: ErrReadOnly for a read-only key.
func (m *Map) DeleteChecked(key string) error {
	if m.IsReadOnly(key) {
		return ErrReadOnly
	}
	return m.Delete(key)
}

// AdjustIntChecked is AdjustInt for clients (cmap's ADJUST_INT request).
func (m *Map) AdjustIntChecked(key string, step int32) error {
	if m.IsReadOnly(key) {
		return ErrReadOnly
	}
	return m.AdjustInt(key, step)
}

// corosyncROPrefixes and corosyncROKeys are corosync 3.1.7's defaults
// (exec/main.c, set before the config is read, plus nodelist. and system.
// which it adds later). Checked against a running 3.1.7: runtime.connections.
// and qb.ipc_type of 2.x are no longer read-only; totem.crypto_type and
// totem.crypto_compat are writable.
var corosyncROPrefixes = []string{
	"internal_configuration.",
	"runtime.services.",
	"runtime.config.",
	"runtime.totem.",
	"uidgid.config.",
	"system.",
	"nodelist.",
}

var corosyncROKeys = []string{
	"totem.crypto_cipher",
	"totem.crypto_hash",
	"totem.crypto_model",
	"totem.keyfile",
	"totem.key",
	"totem.secauth",
	"totem.ip_version",
	"totem.rrp_mode",
	"totem.transport",
	"totem.cluster_name",
	"totem.netmtu",
	"totem.threads",
	"totem.version",
	"totem.nodeid",
	"totem.clear_node_high_bit",
	"config.reload_in_progress",
	"config.totemconfig_reload_in_progress",
}

// votequorumROKeys are the keys votequorum makes read-only when it starts.
var votequorumROKeys = []string{
	"quorum.allow_downscale",
	"quorum.wait_for_all",
	"quorum.last_man_standing",
	"quorum.last_man_standing_window",
	"quorum.expected_votes_tracking",
	"quorum.auto_tie_breaker",
	"quorum.auto_tie_breaker_node",
}

// InstallCorosyncReadOnly marks the read-only keys the corosync daemon itself
// sets up (not votequorum's; see InstallVotequorumReadOnly).
func InstallCorosyncReadOnly(m *Map) {
	for _, p := range corosyncROPrefixes {
		m.SetReadOnly(p, true)
	}
	for _, k := range corosyncROKeys {
		m.SetReadOnly(k, false)
	}
}

// InstallVotequorumReadOnly marks the quorum.* keys votequorum protects; call
// it when the votequorum service starts.
func InstallVotequorumReadOnly(m *Map) {
	for _, k := range votequorumROKeys {
		m.SetReadOnly(k, false)
	}
}

// NewStats returns an empty map for corosync's separate stats map, where
// every key is read-only to clients. (The write-only stats.clear.* keys of
// the real stats map are handled by the daemon, not stored here.)
func NewStats() *Map {
	m := New()
	m.SetReadOnly("", true)
	return m
}
