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
// created it. nil means the process's own namespace: nothing to switch.
type netnsPin struct {
	f *os.File
}

// pinNetns captures the calling thread's namespace when it differs from
// the process's (e.g. Listen called inside netns.NS.Do).
func pinNetns() (*netnsPin, error) {
	self, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		return nil, fmt.Errorf("qbipc: %w", err)
	}
	var a, b unix.Stat_t
	if err := unix.Fstat(int(self.Fd()), &a); err != nil {
		self.Close()
		return nil, fmt.Errorf("qbipc: fstat netns: %w", err)
	}
	if err := unix.Stat("/proc/self/ns/net", &b); err != nil {
		self.Close()
		return nil, fmt.Errorf("qbipc: stat netns: %w", err)
	}
	if a.Dev == b.Dev && a.Ino == b.Ino {
		self.Close()
		return nil, nil
	}
	return &netnsPin{f: self}, nil
}

func (p *netnsPin) close() {
	if p != nil {
		p.f.Close()
	}
}

// do runs fn on a thread switched into the pinned namespace. If switching
// back fails the thread stays locked, so the runtime retires it.
func (p *netnsPin) do(fn func() error) error {
	if p == nil {
		return fn()
	}
	runtime.LockOSThread()
	back, err := os.Open("/proc/thread-self/ns/net")
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
