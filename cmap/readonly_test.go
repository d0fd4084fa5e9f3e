package cmap

import (
	"errors"
	"testing"
)

// Every row was checked with corosync-cmapctl -s KEY u8 1 against a running
// corosync 3.1.7 (votequorum provider): ro means CS_ERR_ACCESS.
func TestCorosyncReadOnlySet(t *testing.T) {
	m := New()
	InstallCorosyncReadOnly(m)
	InstallVotequorumReadOnly(m)
	for _, c := range []struct {
		key string
		ro  bool
	}{
		{"totem.cluster_name", true}, {"totem.crypto_cipher", true}, {"totem.crypto_hash", true},
		{"totem.crypto_model", true}, {"totem.keyfile", true}, {"totem.key", true},
		{"totem.secauth", true}, {"totem.ip_version", true}, {"totem.rrp_mode", true},
		{"totem.transport", true}, {"totem.netmtu", true}, {"totem.threads", true},
		{"totem.version", true}, {"totem.nodeid", true}, {"totem.clear_node_high_bit", true},
		{"config.reload_in_progress", true}, {"config.totemconfig_reload_in_progress", true},
		{"nodelist.local_node_pos", true}, {"nodelist.node.5.nodeid", true}, {"nodelist.foo", true},
		{"runtime.config.foo", true}, {"runtime.services.x", true}, {"runtime.totem.x", true},
		{"system.foo", true}, {"uidgid.config.uid.5", true}, {"internal_configuration.x", true},
		{"quorum.wait_for_all", true}, {"quorum.last_man_standing", true},
		{"quorum.last_man_standing_window", true}, {"quorum.auto_tie_breaker", true},
		{"quorum.auto_tie_breaker_node", true}, {"quorum.allow_downscale", true},
		{"quorum.expected_votes_tracking", true},

		{"totem.token", false}, {"totem.keyx", false}, {"totem.keyfile_x", false},
		{"totem.crypto_type", false}, {"totem.crypto_compat", false}, {"totem.crypto", false},
		{"totem.config_version", false}, {"totem.interface.0.bindnetaddr", false},
		{"config.reload_status", false}, {"config.reload_in_progressx", false},
		{"uidgid.gid.5", false}, {"uidgid.config", false}, {"runtime.members.1.status", false},
		{"runtime.connections.x", false}, {"qb.ipc_type", false}, {"runtime.votequorum.x", false},
		{"runtime.force_gather", false}, {"runtime.blackbox.dump_state", false}, {"runtime.x", false},
		{"runtime.totem", false}, {"runtime.config", false}, {"nodelist", false}, {"nodelistx.a", false},
		{"system", false}, {"internal_configuration", false}, {"stats.x", false},
		{"resources.watchdog_timeout", false}, {"logging.debug", false},
		{"quorum.two_node", false}, {"quorum.expected_votes", false}, {"quorum.votes", false},
		{"quorum.provider", false}, {"quorum.device.votes", false},
	} {
		if got := m.IsReadOnly(c.key); got != c.ro {
			t.Errorf("IsReadOnly(%q) = %v, want %v", c.key, got, c.ro)
		}
		err := m.SetChecked(c.key, U8(1))
		if c.ro && !errors.Is(err, ErrReadOnly) || !c.ro && err != nil {
			t.Errorf("SetChecked(%q) = %v", c.key, err)
		}
	}
}

func TestVotequorumROSeparate(t *testing.T) {
	m := New()
	InstallCorosyncReadOnly(m)
	if m.IsReadOnly("quorum.wait_for_all") {
		t.Error("quorum keys are votequorum's to protect")
	}
	InstallVotequorumReadOnly(m)
	InstallVotequorumReadOnly(m) // twice is harmless
	if !m.IsReadOnly("quorum.wait_for_all") {
		t.Error("quorum.wait_for_all not read-only")
	}
}

// Read-only wins over every other outcome, as in exec/cmap.c (verified:
// same value -> ACCESS, missing key delete -> ACCESS, bad name -> ACCESS).
func TestCheckedOrder(t *testing.T) {
	m := New()
	InstallCorosyncReadOnly(m)
	must(t, m.Set("totem.cluster_name", Str("exp"))) // the daemon may write it
	for _, c := range []struct {
		name string
		err  error
		want error
	}{
		{"same value", m.SetChecked("totem.cluster_name", Str("exp")), ErrReadOnly},
		{"delete existing", m.DeleteChecked("totem.cluster_name"), ErrReadOnly},
		{"delete missing", m.DeleteChecked("nodelist.nonexist"), ErrReadOnly},
		{"bad name", m.SetChecked("nodelist.a b", U8(1)), ErrReadOnly},
		{"adjust", m.AdjustIntChecked("runtime.config.totem.token", 1), ErrReadOnly},
		{"rw missing delete", m.DeleteChecked("test.nonexist"), ErrNotExist},
		{"rw bad name", m.SetChecked("a b", U8(1)), ErrInvalidKey},
		{"rw short name", m.SetChecked("ab", U8(1)), ErrInvalidKey},
		{"rw adjust missing", m.AdjustIntChecked("test.x", 1), ErrNotExist},
	} {
		if !errors.Is(c.err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, c.err, c.want)
		}
	}
	if v, ok := m.Get("totem.cluster_name"); !ok || v != Str("exp") {
		t.Error("read-only key changed")
	}
	must(t, m.Set("test.n", U8(1)))
	must(t, m.AdjustIntChecked("test.n", 2))
	if v, _ := m.Get("test.n"); v != U8(3) {
		t.Errorf("AdjustIntChecked: %v", v)
	}
}

func TestReadOnlyRegistry(t *testing.T) {
	m := New()
	m.SetReadOnly("a.b", false)
	m.SetReadOnly("p.", true)
	for key, want := range map[string]bool{"a.b": true, "a.bc": false, "p.": true, "p.x.y": true, "p": false, "q.p.": false} {
		if m.IsReadOnly(key) != want {
			t.Errorf("IsReadOnly(%q) != %v", key, want)
		}
	}
	if err := m.ClearReadOnly("a.b", true); !errors.Is(err, ErrNotExist) {
		t.Errorf("clearing with other prefix flag: %v", err)
	}
	must(t, m.ClearReadOnly("a.b", false))
	must(t, m.ClearReadOnly("p.", true))
	if m.IsReadOnly("a.b") || m.IsReadOnly("p.x") {
		t.Error("rules not cleared")
	}
}

func TestStatsMap(t *testing.T) {
	s := NewStats()
	icm := New()
	must(t, s.Set("stats.srp.orf_token_rx", U64(109))) // daemon writes
	must(t, icm.Set("stats.srp.orf_token_rx", U64(1))) // a separate map
	if v, _ := s.Get("stats.srp.orf_token_rx"); v != U64(109) {
		t.Errorf("stats map value %v", v)
	}
	if s.Len() != 1 || icm.Len() != 1 {
		t.Error("maps share state")
	}
	for _, err := range []error{
		s.SetChecked("stats.srp.orf_token_rx", U64(5)),
		s.SetChecked("stats.foo", U64(5)),
		s.DeleteChecked("stats.srp.orf_token_rx"),
		s.AdjustIntChecked("stats.srp.orf_token_rx", 1),
	} {
		if !errors.Is(err, ErrReadOnly) {
			t.Errorf("stats map client change: %v", err)
		}
	}
	if icm.IsReadOnly("stats.foo") {
		t.Error("stats rule leaked into another map")
	}
}
