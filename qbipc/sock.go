package qbipc

import (
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// maxAbstractName is the longest name that fits sun_path after the
// leading NUL.
const maxAbstractName = 107

// abstractAddr is libqb's address for name: sun_path = NUL + name, padded
// with NULs to the full 108 bytes, so the address length is 110. Linux
// compares abstract names over the whole length, so "@cmap" with a short
// length (what Go's net package would use) is a different socket. It is a
// syscall (not x/sys/unix) address because only the standard library
// accepts a 108-byte abstract name and so produces length 110.
func abstractAddr(name string) (*syscall.SockaddrUnix, error) {
	if name == "" || len(name) > maxAbstractName {
		return nil, fmt.Errorf("qbipc: socket name %q must be 1..%d bytes", name, maxAbstractName)
	}
	for i := 0; i < len(name); i++ {
		if name[i] == 0 {
			return nil, fmt.Errorf("qbipc: socket name %q contains NUL", name)
		}
	}
	path := make([]byte, 108)
	copy(path[1:], name)
	return &syscall.SockaddrUnix{Name: string(path)}, nil
}

// newSocket makes a close-on-exec AF_UNIX socket of the given type.
func newSocket(typ int) (int, error) {
	fd, err := unix.Socket(unix.AF_UNIX, typ|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, os.NewSyscallError("socket", err)
	}
	return fd, nil
}

// namedSocket is name's address (see abstractAddr) and a new socket of
// type typ to bind or connect there.
func namedSocket(name string, typ int) (*syscall.SockaddrUnix, int, error) {
	sa, err := abstractAddr(name)
	if err != nil {
		return nil, -1, err
	}
	fd, err := newSocket(typ)
	return sa, fd, err
}

// fdConn hands fd over to the Go runtime's poller as a net.Conn (the fd
// is closed here; the returned conn owns a duplicate).
func fdConn(fd int, name string) (*net.UnixConn, error) {
	f := os.NewFile(uintptr(fd), name)
	defer f.Close()
	c, err := net.FileConn(f)
	if err != nil {
		return nil, err
	}
	uc, ok := c.(*net.UnixConn)
	if !ok {
		c.Close()
		return nil, fmt.Errorf("qbipc: %s is not a unix socket", name)
	}
	return uc, nil
}

// listenStream binds the service's rendezvous socket and listens on it
// with SO_PASSCRED set, which accepted sockets inherit.
func listenStream(name string) (*net.UnixListener, error) {
	sa, fd, err := namedSocket(name, unix.SOCK_STREAM)
	if err != nil {
		return nil, err
	}
	fail := func(op string, err error) (*net.UnixListener, error) {
		unix.Close(fd)
		return nil, fmt.Errorf("qbipc: %s @%s: %w", op, name, err)
	}
	if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_PASSCRED, 1); err != nil {
		return fail("SO_PASSCRED", err)
	}
	if err := syscall.Bind(fd, sa); err != nil {
		return fail("bind", err)
	}
	if err := unix.Listen(fd, 128); err != nil {
		return fail("listen", err)
	}
	f := os.NewFile(uintptr(fd), "@"+name)
	defer f.Close()
	l, err := net.FileListener(f)
	if err != nil {
		return nil, err
	}
	return l.(*net.UnixListener), nil
}

// dialStream connects to a service's rendezvous socket with SO_PASSCRED
// set, as libqb clients do.
func dialStream(name string) (*net.UnixConn, error) {
	sa, fd, err := namedSocket(name, unix.SOCK_STREAM)
	if err != nil {
		return nil, err
	}
	if err := syscall.Connect(fd, sa); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("qbipc: connect @%s: %w", name, err)
	}
	if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_PASSCRED, 1); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("qbipc: SO_PASSCRED: %w", err)
	}
	return fdConn(fd, "@"+name)
}

// bindDgram makes a datagram socket bound to the padded abstract name,
// with buffers sized for msgSize like libqb's set_sock_size, optionally
// connected to peer, and optionally receiving SCM_CREDENTIALS.
func bindDgram(name, peer string, msgSize int, passCred bool) (*net.UnixConn, error) {
	sa, fd, err := namedSocket(name, unix.SOCK_DGRAM)
	if err != nil {
		return nil, err
	}
	fail := func(op, at string, err error) (*net.UnixConn, error) {
		unix.Close(fd)
		return nil, fmt.Errorf("qbipc: %s @%s: %w", op, at, err)
	}
	if err := syscall.Bind(fd, sa); err != nil {
		return fail("bind", name, err)
	}
	if err := sizeBuffers(fd, msgSize); err != nil {
		return fail("socket buffers", name, err)
	}
	if passCred {
		if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_PASSCRED, 1); err != nil {
			return fail("SO_PASSCRED", name, err)
		}
	}
	if peer != "" {
		psa, err := abstractAddr(peer)
		if err != nil {
			return fail("connect", peer, err)
		}
		if err := syscall.Connect(fd, psa); err != nil {
			return fail("connect", peer, err)
		}
	}
	return fdConn(fd, "@"+name)
}

// sizeBuffers raises SO_SNDBUF and SO_RCVBUF to msgSize when they are not
// above it (libqb does the same; the kernel caps them at its maximum).
func sizeBuffers(fd, msgSize int) error {
	for _, opt := range []int{unix.SO_SNDBUF, unix.SO_RCVBUF} {
		cur, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, opt)
		if err != nil {
			return err
		}
		if cur <= msgSize {
			if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, opt, msgSize); err != nil {
				return err
			}
		}
	}
	return nil
}

// connectTo connects an already bound datagram socket to peer. The peer
// binds its end just after the handshake, so a refused connect is retried
// a few times (libqb retries 10 times, 100 ms apart).
func connectTo(c *net.UnixConn, peer string) error {
	psa, err := abstractAddr(peer)
	if err != nil {
		return err
	}
	rc, err := c.SyscallConn()
	if err != nil {
		return err
	}
	var cerr error
	for try := 0; try < connectTries; try++ {
		if err := rc.Control(func(fd uintptr) { cerr = syscall.Connect(int(fd), psa) }); err != nil {
			return err
		}
		if cerr == nil || !errors.Is(cerr, unix.ECONNREFUSED) && !errors.Is(cerr, unix.ENOENT) {
			break
		}
		time.Sleep(connectRetry) // bounded: connectTries times
	}
	if cerr != nil {
		return fmt.Errorf("qbipc: connect @%s: %w", peer, cerr)
	}
	return nil
}

const (
	connectTries = 10
	connectRetry = 100 * time.Millisecond
)

// credsOf extracts SCM_CREDENTIALS from control data.
func credsOf(oob []byte) (Creds, bool) {
	msgs, err := unix.ParseSocketControlMessage(oob)
	if err != nil {
		return Creds{}, false
	}
	for _, m := range msgs {
		if m.Header.Level == unix.SOL_SOCKET && m.Header.Type == unix.SCM_CREDENTIALS {
			uc, err := unix.ParseUnixCredentials(&m)
			if err == nil {
				return Creds{PID: uc.Pid, UID: uc.Uid, GID: uc.Gid}, true
			}
		}
	}
	return Creds{}, false
}

// credSpace is the control buffer size for one SCM_CREDENTIALS message.
var credSpace = unix.CmsgSpace(unix.SizeofUcred)

// msgTrunc flags a datagram cut short by the receive buffer.
const msgTrunc = unix.MSG_TRUNC
