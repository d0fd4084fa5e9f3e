package daemon

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// DefaultPidFile is where corosync writes its pid.
const DefaultPidFile = "/run/corosync.pid"

// ErrRunning says another daemon holds the pid file.
var ErrRunning = errors.New("another Corosync instance is already running")

// PidFile is a locked pid file: it is held (flock) for the daemon's life, so
// a second instance fails at once instead of fighting over the sockets.
type PidFile struct {
	path string
	f    *os.File
}

// LockPidFile creates (or takes over) path, locks it and writes our pid.
func LockPidFile(path string) (*PidFile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		b, _ := os.ReadFile(path)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w (pid %s, %s)", ErrRunning, strings.TrimSpace(string(b)), path)
		}
		return nil, err
	}
	if err := f.Truncate(0); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0); err != nil {
		f.Close()
		return nil, err
	}
	return &PidFile{path: path, f: f}, nil
}

// Release removes the file and drops the lock.
func (p *PidFile) Release() error {
	err := os.Remove(p.path)
	p.f.Close()
	return err
}
