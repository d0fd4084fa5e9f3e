package transport

import (
	"errors"
	"fmt"
	"os"
	"runtime"

	"golang.org/x/sys/unix"
)

// nsPin remembers the network namespace the transport was opened in.
// Sockets and address lists belong to the namespace of the calling OS
// thread, and rebinding happens later on an arbitrary goroutine, so every
// socket or netlink operation runs through do. (qbipc has the same need.)
type nsPin struct {
	f        *os.File
	dev, ino uint64
}

const threadNetns = "/proc/thread-self/ns/net"

func pinNS() (*nsPin, error) {
	f, err := os.Open(threadNetns)
	if err != nil {
		return nil, fmt.Errorf("transport: %w", err)
	}
	var st unix.Stat_t
	if err := unix.Fstat(int(f.Fd()), &st); err != nil {
		f.Close()
		return nil, fmt.Errorf("transport: fstat %s: %w", threadNetns, err)
	}
	return &nsPin{f: f, dev: st.Dev, ino: st.Ino}, nil
}

func (p *nsPin) close() { p.f.Close() }

// do runs fn on a thread inside the pinned namespace; setns is needed only
// when the current thread is elsewhere. A thread that cannot switch back
// stays locked, so the runtime retires it.
func (p *nsPin) do(fn func() error) error {
	runtime.LockOSThread()
	var st unix.Stat_t
	if err := unix.Stat(threadNetns, &st); err == nil && st.Dev == p.dev && st.Ino == p.ino {
		defer runtime.UnlockOSThread()
		return fn()
	}
	back, err := os.Open(threadNetns)
	if err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("transport: %w", err)
	}
	defer back.Close()
	if err := unix.Setns(int(p.f.Fd()), unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("transport: setns: %w", err)
	}
	ferr := fn()
	if err := unix.Setns(int(back.Fd()), unix.CLONE_NEWNET); err != nil {
		return errors.Join(ferr, fmt.Errorf("transport: setns back: %w", err))
	}
	runtime.UnlockOSThread()
	return ferr
}
