package systemd

import (
	"io"
	"net"
	"os"
	"testing"
)

// systemd drops D-Bus clients whose pid lies outside its pid namespace,
// so the test reaches the box's private socket through this relay: the
// test binary, copied into the box's directory and started inside its
// namespaces, forwards each connection on relaySocket to systemd.
const (
	relayEnv    = "GOCRM_SYSTEMD_TEST_RELAY"
	relaySocket = "/run/gocrm-test/sd.sock"
)

func TestMain(m *testing.M) {
	if os.Getenv(relayEnv) == "1" {
		relay(relaySocket, "/run/systemd/private")
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func relay(listen, target string) {
	os.Remove(listen)
	l, err := net.Listen("unix", listen)
	if err != nil {
		os.Stderr.WriteString("relay: " + err.Error() + "\n")
		os.Exit(1)
	}
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		go func() {
			defer c.Close()
			s, err := net.Dial("unix", target)
			if err != nil {
				return
			}
			defer s.Close()
			go func() { io.Copy(s, c); s.(*net.UnixConn).CloseWrite() }()
			io.Copy(c, s)
		}()
	}
}
