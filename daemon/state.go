package daemon

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
)

// DefaultStateDir is corosync's system.state_dir default.
const DefaultStateDir = "/var/lib/corosync"

// StateDir is the directory where corosync keeps what must survive a
// restart: the highest ring sequence number (ringid_<nodeid>) and, with
// expected_votes_tracking, the highest expected votes (ev_tracking). Both
// files hold one native-endian integer, as corosync writes them, so a node
// can move between corosync and gorosync.
type StateDir struct{ Dir string }

func (s StateDir) ringPath(nodeid uint32) string {
	return filepath.Join(s.Dir, fmt.Sprintf("ringid_%d", nodeid))
}

// LoadRingSeq reads ringid_<nodeid>; a missing file is created with 0, as
// corosync does. A file of the wrong size is an error naming it.
func (s StateDir) LoadRingSeq(nodeid uint32) (uint64, error) {
	p := s.ringPath(nodeid)
	b, err := os.ReadFile(p)
	if os.IsNotExist(err) {
		return 0, s.SaveRingSeq(nodeid, 0)
	}
	if err != nil {
		return 0, err
	}
	if len(b) != 8 {
		return 0, fmt.Errorf("%s: %d bytes, want an 8-byte ring sequence number", p, len(b))
	}
	return binary.NativeEndian.Uint64(b), nil
}

// SaveRingSeq stores seq atomically (write to a temporary file, fsync,
// rename), so a crash never leaves a torn file.
func (s StateDir) SaveRingSeq(nodeid uint32, seq uint64) error {
	var b [8]byte
	binary.NativeEndian.PutUint64(b[:], seq)
	return writeAtomic(s.ringPath(nodeid), b[:])
}

// LoadEVTracking reads ev_tracking (0 when absent).
func (s StateDir) LoadEVTracking() (uint32, error) {
	p := filepath.Join(s.Dir, "ev_tracking")
	b, err := os.ReadFile(p)
	if os.IsNotExist(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if len(b) != 4 {
		return 0, fmt.Errorf("%s: %d bytes, want a 4-byte expected votes value", p, len(b))
	}
	return binary.NativeEndian.Uint32(b), nil
}

// SaveEVTracking stores the highest expected votes seen.
func (s StateDir) SaveEVTracking(ev uint32) error {
	var b [4]byte
	binary.NativeEndian.PutUint32(b[:], ev)
	return writeAtomic(filepath.Join(s.Dir, "ev_tracking"), b[:])
}

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
