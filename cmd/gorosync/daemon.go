package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	sddaemon "github.com/coreos/go-systemd/v22/daemon"

	"github.com/gorosync/gorosync/coroconf"
	"github.com/gorosync/gorosync/daemon"
)

// defaultConfig is where corosync looks without -c.
const defaultConfig = "/etc/corosync/corosync.conf"

// version is printed by -v; the second line names what we are compatible with.
const version = "0.1.0-dev"

// hostEnv and sideEffects are what tests replace: the host a config is
// checked against, and whether -t writes log files and syslog as corosync does.
var (
	hostEnv     = coroconf.OSEnv
	sideEffects = true
)

// daemonFlags are corosync's command-line switches (getopt "c:ftv").
type daemonFlags struct {
	config     string
	foreground bool
	test       bool
	version    bool
}

// parseDaemonFlags is a getopt(3)-alike so that "-ft", "-cFILE" and
// "-c FILE" behave as with corosync, and errors read the same.
func parseDaemonFlags(prog string, args []string, stderr io.Writer) (daemonFlags, bool) {
	f := daemonFlags{config: defaultConfig}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if len(a) < 2 || a[0] != '-' {
			continue // corosync ignores operands
		}
		for j := 1; j < len(a); j++ {
			switch a[j] {
			case 'f':
				f.foreground = true
			case 't':
				f.test = true
			case 'v':
				f.version = true
			case 'c':
				if j+1 < len(a) {
					f.config = a[j+1:]
				} else if i+1 < len(args) {
					i++
					f.config = args[i]
				} else {
					fmt.Fprintf(stderr, "%s: option requires an argument -- 'c'\n", prog)
					daemonUsage(stderr)
					return f, false
				}
				j = len(a)
			default:
				fmt.Fprintf(stderr, "%s: invalid option -- '%c'\n", prog, a[j])
				daemonUsage(stderr)
				return f, false
			}
		}
	}
	return f, true
}

func daemonUsage(w io.Writer) {
	fmt.Fprint(w, "usage:\n"+
		"        -c     : Corosync config file path.\n"+
		"        -f     : Start application in foreground.\n"+
		"        -t     : Test configuration and exit.\n"+
		"        -v     : Display version, git revision and some useful information about Corosync and exit.\n")
}

// corosyncMain is the corosync command line: -v, -t, and the daemon itself.
func corosyncMain(prog string, args []string, stdout, stderr io.Writer) int {
	f, ok := parseDaemonFlags(prog, args, stderr)
	if !ok {
		return 1
	}
	if f.version {
		fmt.Fprintf(stdout, "Gorosync Cluster Engine, version '%s'\n"+
			"Compatible with Corosync Cluster Engine 3.1.7 (udpu, udp)\n", version)
		return 0
	}
	if f.test {
		return testConfig(f.config, hostEnv(), time.Now, stderr, sideEffects)
	}
	if !f.foreground {
		return background(args, stderr)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	return daemon.Run(ctx, daemon.Options{
		ConfigPath: f.config,
		Env:        hostEnv(),
		Stderr:     stderr,
		Version:    version,
		Notify:     func(state string) { sddaemon.SdNotify(false, state) },
	})
}

// background is corosync without -f: the daemon detaches from the
// terminal. Go cannot fork, so it starts itself again with -f in a new
// session and returns.
func background(args []string, stderr io.Writer) int {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "gorosync: %v\n", err)
		return 1
	}
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		fmt.Fprintf(stderr, "gorosync: %v\n", err)
		return 1
	}
	defer null.Close()
	cmd := exec.Command(exe, append([]string{"-f"}, args...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = null, null, null
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(stderr, "gorosync: %v\n", err)
		return 1
	}
	cmd.Process.Release()
	return 0
}

// testConfig is `corosync -t`: load and check the file, print what corosync
// prints (stderr, and with sideEffects its log files and syslog) and return
// its exit status.
func testConfig(path string, env coroconf.Env, clock func() time.Time, stderr io.Writer, sideEffects bool) int {
	res := coroconf.Load(path, env)
	host := "localhost"
	if env.Hostname != nil {
		if h, err := env.Hostname(); err == nil {
			host = h
		}
	}
	out := coroconf.Render(res, clock, os.Getpid(), host)
	io.WriteString(stderr, out.Stderr)
	if sideEffects {
		writeLogfiles(out.Logfiles)
		sendSyslog(out.Syslog)
	}
	return res.Exit
}

// writeLogfiles appends to the log files named by the logging section, as
// corosync does even in -t mode. A file that cannot be opened is skipped:
// the check's verdict does not depend on it.
func writeLogfiles(files map[string]string) {
	for path, text := range files {
		if !filepath.IsAbs(path) {
			continue
		}
		fh, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			continue
		}
		io.WriteString(fh, text)
		fh.Close()
	}
}

// sendSyslog writes each datagram to /dev/log if a syslog daemon listens.
func sendSyslog(lines []string) {
	if len(lines) == 0 {
		return
	}
	c, err := net.DialTimeout("unixgram", "/dev/log", time.Second)
	if err != nil {
		return
	}
	defer c.Close()
	for _, l := range lines {
		c.SetWriteDeadline(time.Now().Add(time.Second))
		c.Write([]byte(l))
	}
}
