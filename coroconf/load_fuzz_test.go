package coroconf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoadBytes runs the whole check on arbitrary files: it must not panic,
// and the verdict must be consistent with the messages.
func FuzzLoadBytes(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/validate/*.conf")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("totem {\nversion: 2\ntransport: udp\ninterface {\nbindnetaddr: 127.0.0.0\nbroadcast: yes\nmember {\nmemberaddr: ::1\n}\n}\n}\nnodelist {\nnode {\nring7_addr: 127.0.0.1\n}\n}\n"))
	f.Add([]byte("nodelist {\nnode {\nring0_addr: fe80::1%lo\nnodeid: 4294967295\n}\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		res := LoadBytes("fuzz.conf", src, boxEnv())
		if (res.Exit == 0) != (res.Fatal == nil) {
			t.Fatalf("exit %d with fatal %v", res.Exit, res.Fatal)
		}
		if res.Fatal == nil {
			if _, ok := getU32(res.Map, "nodelist.local_node_pos"); !ok {
				t.Fatal("accepted without a local node")
			}
			if res.Totem == nil {
				t.Fatal("accepted without a totem configuration")
			}
		} else if res.Fatal.Stage >= StageTotemRead {
			last := res.Messages[len(res.Messages)-1]
			if !strings.HasPrefix(last.Text, "Corosync Cluster Engine exiting with status 8") {
				t.Fatalf("last message %q", last.Text)
			}
		}
		_ = Render(res, fixedClock, 1, "h")
	})
}
