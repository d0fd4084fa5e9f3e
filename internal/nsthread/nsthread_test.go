package nsthread

import (
	"errors"
	"runtime"
	"testing"

	"github.com/gorosync/gorosync/internal/netns"
	"golang.org/x/sys/unix"
)

func threadNS(t *testing.T) uint64 {
	t.Helper()
	var st unix.Stat_t
	if err := unix.Stat(threadNetns, &st); err != nil {
		t.Fatal(err)
	}
	return st.Ino
}

// In the namespace it was captured in, Do just runs fn and returns its error.
func TestDoSameNamespace(t *testing.T) {
	p, err := Capture("test")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	want := errors.New("from fn")
	ran := false
	if err := p.Do(func() error { ran = true; return want }); err != want {
		t.Fatalf("Do = %v, want fn's error", err)
	}
	if !ran {
		t.Fatal("fn did not run")
	}
}

// A Pin taken inside another namespace runs fn there, from a thread outside
// it, and leaves that thread where it was.
func TestDoOtherNamespace(t *testing.T) {
	ns := netns.New(t)
	var p *Pin
	var inside uint64
	if err := ns.Do(func() (err error) {
		p, err = Capture("test")
		var st unix.Stat_t
		if err == nil {
			err = unix.Stat(threadNetns, &st)
			inside = st.Ino
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	outside := threadNS(t)
	if outside == inside {
		t.Fatal("test namespace is the same as the host's")
	}
	var seen uint64
	if err := p.Do(func() error { seen = threadNS(t); return nil }); err != nil {
		t.Fatal(err)
	}
	if seen != inside {
		t.Fatalf("fn ran in namespace %d, want %d", seen, inside)
	}
	if got := threadNS(t); got != outside {
		t.Fatalf("thread left in namespace %d, want %d", got, outside)
	}
}
