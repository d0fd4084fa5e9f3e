package oracle

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// envBox, when set, makes a binary importing this package act as a box's
// first process: it names the scratch directory prepared by Run.
const envBox = "GOROSYNC_ORACLE_BOX"

func init() {
	dir := os.Getenv(envBox)
	if dir == "" {
		return
	}
	os.Exit(boxMain(dir))
}

// boxMain sets the box up and runs the plan. It only ever acts as PID 1 of
// a fresh pid namespace (that is, under Run's unshare), never on the host.
func boxMain(dir string) int {
	if os.Getpid() != 1 {
		fmt.Fprintf(os.Stderr, "%s is set but this is not a box's first process; refusing\n", envBox)
		return 2
	}
	// Opened before /tmp is made private, so the host sees what we write.
	f, err := os.Create(filepath.Join(dir, outFile))
	if err != nil {
		fmt.Fprintln(os.Stderr, "box:", err)
		return 2
	}
	defer f.Close()
	var out boxOutput
	out.Results, out.PrivateTmp, err = boxRun(dir)
	if err != nil {
		out.Err = err.Error()
	}
	if err := json.NewEncoder(f).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "box:", err)
		return 2
	}
	return 0
}

func boxRun(dir string) ([]Result, bool, error) {
	raw, err := os.ReadFile(filepath.Join(dir, planFile))
	if err != nil {
		return nil, false, err
	}
	var p plan
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, false, err
	}
	privateTmp, err := setupBox(dir, p.Hostname)
	if err != nil {
		return nil, privateTmp, err
	}
	cat, err := listenSyslog(syslogSocket)
	if err != nil {
		return nil, privateTmp, err
	}
	defer cat.close()
	return runSteps(p.Steps, cat), privateTmp, nil
}

// Paths inside the box.
const (
	syslogSocket = "/run/systemd/journal/dev-log" // /dev/log points here
	tmpUpper     = "/run/.box-tmp/upper"          // writes to /tmp land here
	tmpWork      = "/run/.box-tmp/work"
)

// setupBox builds the box's private view of the filesystem. It reports
// whether /tmp could be made private (an overlay on the host's /tmp).
func setupBox(dir, hostname string) (bool, error) {
	if err := syscall.Sethostname([]byte(hostname)); err != nil {
		return false, fmt.Errorf("sethostname: %w", err)
	}
	for _, d := range []string{"/etc/corosync", "/var/lib/corosync"} {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			return false, fmt.Errorf("%s missing on the host (is corosync installed?)", d)
		}
	}
	// Resolve symlinked targets (e.g. resolv.conf -> /run/...) before /run
	// is replaced.
	hostsAt, err := resolveTarget("/etc/hosts")
	if err != nil {
		return false, err
	}
	resolvAt, err := resolveTarget("/etc/resolv.conf")
	if err != nil {
		return false, err
	}
	steps := []func() error{
		func() error { return bind(filepath.Join(dir, etcDir), "/etc/corosync") },
		func() error { return bind(filepath.Join(dir, varLibDir), "/var/lib/corosync") },
		func() error {
			return tmpfs("/run", "0755", "lock", "systemd/journal", ".box-tmp/upper", ".box-tmp/work")
		},
		func() error { return placeFile(filepath.Join(dir, hostsFile), hostsAt) },
		func() error { return placeFile(filepath.Join(dir, resolvFn), resolvAt) },
		func() error { return tmpfs("/var/log", "0755", "corosync", "cluster") },
		privateDev,
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return false, err
		}
	}
	// Keep log files a config puts in /tmp off the host; the host's /tmp
	// (where test binaries live) stays readable underneath.
	opts := "lowerdir=/tmp,upperdir=" + tmpUpper + ",workdir=" + tmpWork
	privateTmp := syscall.Mount("box-tmp", "/tmp", "overlay", 0, opts) == nil
	return privateTmp, nil
}

// resolveTarget follows symlinks of a file to be replaced; a dangling link
// yields its target path.
func resolveTarget(path string) (string, error) {
	for range 10 {
		link, err := os.Readlink(path)
		if err != nil {
			return path, nil // not a symlink (or absent): use as is
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(path), link)
		}
		path = link
	}
	return "", fmt.Errorf("%s: too many symlinks", path)
}

// placeFile makes src's content appear at dst: a file created on our /run
// tmpfs if dst lives there, a bind mount otherwise.
func placeFile(src, dst string) error {
	if strings.HasPrefix(dst, "/run/") {
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	}
	if _, err := os.Stat(dst); err != nil {
		return fmt.Errorf("%s missing on the host: %w", dst, err)
	}
	return bind(src, dst)
}

func bind(src, dst string) error {
	if err := syscall.Mount(src, dst, "", syscall.MS_BIND, ""); err != nil {
		return fmt.Errorf("bind %s on %s: %w", src, dst, err)
	}
	return nil
}

// tmpfs mounts a fresh tmpfs on dir and creates subdirs in it.
func tmpfs(dir, mode string, subdirs ...string) error {
	if err := syscall.Mount("box", dir, "tmpfs", syscall.MS_NOSUID, "mode="+mode); err != nil {
		return fmt.Errorf("tmpfs on %s: %w", dir, err)
	}
	for _, s := range subdirs {
		if err := os.MkdirAll(filepath.Join(dir, s), 0o755); err != nil {
			return err
		}
	}
	return nil
}

// privateDev replaces /dev by a minimal one: the usual character devices,
// a fresh /dev/shm, and /dev/log pointing at the box's syslog catcher. No
// host device (a watchdog, say) is reachable, and syslog never reaches the
// host's logger, whatever the host has.
func privateDev() error {
	if err := tmpfs("/dev", "0755", "pts", "shm"); err != nil {
		return err
	}
	devs := []struct {
		name         string
		major, minor uint32
	}{{"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0}}
	for _, d := range devs {
		dev := int(d.major<<8 | d.minor) // old encoding; fine below 256
		p := "/dev/" + d.name
		if err := syscall.Mknod(p, syscall.S_IFCHR|0o666, dev); err != nil {
			return fmt.Errorf("mknod %s: %w", p, err)
		}
		if err := os.Chmod(p, 0o666); err != nil { // umask-proof
			return err
		}
	}
	links := map[string]string{
		"fd": "/proc/self/fd", "stdin": "/proc/self/fd/0", "stdout": "/proc/self/fd/1",
		"stderr": "/proc/self/fd/2", "log": syslogSocket,
	}
	for name, target := range links {
		if err := os.Symlink(target, "/dev/"+name); err != nil {
			return err
		}
	}
	if err := syscall.Mount("box-shm", "/dev/shm", "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV, "mode=1777"); err != nil {
		return fmt.Errorf("tmpfs on /dev/shm: %w", err)
	}
	return nil
}
