package qbipc

import (
	"errors"
	"fmt"
	"os"
	"runtime"

	"golang.org/x/sys/unix"
)

// netnsPin remembers the network namespace a server was created in, so the
// per-connection datagram sockets it makes later (on whatever OS thread the
// goroutine runs) land in the same namespace: abstract socket names are per
// namespace, and a socket belongs to the namespace of the thread that
// created it.
type netnsPin struct {
	f        *os.File
	dev, ino uint64
}

const threadNetns = "/proc/thread-self/ns/net"

// pinNetns captures the calling thread's namespace (which may differ from
// the rest of the process, e.g. inside netns.NS.Do).
func pinNetns() (*netnsPin, error) {
	f, err := os.Open(threadNetns)
	if err != nil {
		return nil, fmt.Errorf("qbipc: %w", err)
	}
	var st unix.Stat_t
	if err := unix.Fstat(int(f.Fd()), &st); err != nil {
		f.Close()
		return nil, fmt.Errorf("qbipc: fstat netns: %w", err)
	}
	return &netnsPin{f: f, dev: st.Dev, ino: st.Ino}, nil
}

func (p *netnsPin) close() { p.f.Close() }

// do runs fn on an OS thread in the pinned namespace: the current one if
// it is already there (no privilege needed), else one switched with
// setns(2). If switching back fails the thread stays locked, so the
// runtime retires it.
func (p *netnsPin) do(fn func() error) error {
	runtime.LockOSThread()
	var st unix.Stat_t
	if err := unix.Stat(threadNetns, &st); err == nil && st.Dev == p.dev && st.Ino == p.ino {
		defer runtime.UnlockOSThread()
		return fn()
	}
	back, err := os.Open(threadNetns)
	if err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("qbipc: %w", err)
	}
	defer back.Close()
	if err := unix.Setns(int(p.f.Fd()), unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("qbipc: setns: %w", err)
	}
	ferr := fn()
	if err := unix.Setns(int(back.Fd()), unix.CLONE_NEWNET); err != nil {
		return errors.Join(ferr, fmt.Errorf("qbipc: setns back: %w", err))
	}
	runtime.UnlockOSThread()
	return ferr
}
