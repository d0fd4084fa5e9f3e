package systemd

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// dropInPath is where the unit's cluster drop-in lives.
func (u *Unit) dropInPath() string {
	return filepath.Join(u.m.cfg.DropInDir, u.Name+".d", DropInName)
}

// DropIn is the drop-in's text for unit: ordered before the cluster
// daemons (so they stop first at shutdown) and, for services, never
// restarted by systemd itself.
func DropIn(unit string, before []string) string {
	var b strings.Builder
	b.WriteString("# Written by gocrm while the cluster manages this unit; removed on stop.\n")
	b.WriteString("[Unit]\n")
	b.WriteString("Description=Cluster Controlled " + strings.TrimSuffix(unit, ".service") + "\n")
	if len(before) > 0 {
		b.WriteString("Before=" + strings.Join(before, " ") + "\n")
	}
	if strings.HasSuffix(unit, ".service") {
		b.WriteString("\n[Service]\nRestart=no\n")
	}
	return b.String()
}

// writeDropIn writes the drop-in atomically; changed says whether systemd
// must reload.
func (u *Unit) writeDropIn() (changed bool, err error) {
	path := u.dropInPath()
	want := []byte(DropIn(u.Name, u.m.cfg.Before))
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, want) {
		return false, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return false, err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, want, 0o644); err != nil {
		return false, err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return false, err
	}
	return true, nil
}

// removeDropIn deletes the drop-in (and its directory when empty).
func (u *Unit) removeDropIn() (removed bool, err error) {
	path := u.dropInPath()
	if err := os.Remove(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return false, nil
		}
		return false, err
	}
	os.Remove(filepath.Dir(path)) // only succeeds when empty
	return true, nil
}
