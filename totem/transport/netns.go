package transport

import "github.com/gorosync/gorosync/internal/nsthread"

// nsPin remembers the network namespace the transport was opened in.
// Sockets and address lists belong to the namespace of the calling OS
// thread, and rebinding happens later on an arbitrary goroutine, so every
// socket or netlink operation runs through do.
type nsPin struct{ p *nsthread.Pin }

func pinNS() (*nsPin, error) {
	p, err := nsthread.Capture("transport")
	if err != nil {
		return nil, err
	}
	return &nsPin{p}, nil
}

func (p *nsPin) close() { p.p.Close() }

func (p *nsPin) do(fn func() error) error { return p.p.Do(fn) }
