// Package nsthread runs code in the network namespace that was current on
// the thread that created a Pin.
//
// A socket (and a netlink address list) belongs to the namespace of the OS
// thread that made it, and Go moves goroutines between threads. Servers and
// transports that open sockets later, on whatever goroutine, pin the
// namespace of the caller of their Listen/Open (which may differ from the
// rest of the process, e.g. inside netns.NS.Do) and route every socket
// operation through Pin.Do.
package nsthread

import (
	"errors"
	"fmt"
	"os"
	"runtime"

	"golang.org/x/sys/unix"
)

const threadNetns = "/proc/thread-self/ns/net"

// Pin holds the namespace captured by Capture. Close releases it.
type Pin struct {
	who      string // prefix of our own error texts, e.g. "qbipc"
	f        *os.File
	dev, ino uint64
}

// Capture pins the calling thread's network namespace. who prefixes the
// errors Capture and Do produce themselves (not the ones fn returns).
func Capture(who string) (*Pin, error) {
	f, err := os.Open(threadNetns)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", who, err)
	}
	var st unix.Stat_t
	if err := unix.Fstat(int(f.Fd()), &st); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: fstat %s: %w", who, threadNetns, err)
	}
	return &Pin{who: who, f: f, dev: st.Dev, ino: st.Ino}, nil
}

// Close releases the namespace handle.
func (p *Pin) Close() error { return p.f.Close() }

// Do runs fn on an OS thread in the pinned namespace: the current one if it
// is already there (no privilege needed), else one switched with setns(2)
// and switched back afterwards. A thread that cannot switch back stays
// locked, so the runtime retires it instead of reusing it in the wrong
// namespace.
func (p *Pin) Do(fn func() error) error {
	runtime.LockOSThread()
	var st unix.Stat_t
	if err := unix.Stat(threadNetns, &st); err == nil && st.Dev == p.dev && st.Ino == p.ino {
		defer runtime.UnlockOSThread()
		return fn()
	}
	back, err := os.Open(threadNetns)
	if err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("%s: %w", p.who, err)
	}
	defer back.Close()
	if err := unix.Setns(int(p.f.Fd()), unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("%s: setns: %w", p.who, err)
	}
	ferr := fn()
	if err := unix.Setns(int(back.Fd()), unix.CLONE_NEWNET); err != nil {
		return errors.Join(ferr, fmt.Errorf("%s: setns back: %w", p.who, err))
	}
	runtime.UnlockOSThread()
	return ferr
}
