package qbipc

import (
	"bytes"
	"testing"
)

func TestConnLayouts(t *testing.T) {
	// The request the real libqb client sends (strace of corosync-cmapctl).
	real := []byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0x18, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0}
	r, err := decodeConnRequest(real)
	if err != nil || r.MaxMsgSize != 1<<20 {
		t.Fatalf("%+v %v", r, err)
	}
	if got := (connRequest{MaxMsgSize: 1 << 20}).encode(); !bytes.Equal(got, real) {
		t.Errorf("encode: %x", got)
	}
	resp := connResponse{Type: TypeSocket, MaxMsgSize: 1 << 20, Connection: 9,
		Request: "/dev/shm/qb-1-2-3-x/qb-control-cmap", Response: "/dev/shm/qb-1-2-3-x/qb-cmap"}
	b, err := resp.encode()
	if err != nil || len(b) != 12328 || b[8] != 0x28 || b[9] != 0x30 || string(b[40:44]) != "/dev" {
		t.Fatalf("response layout: %v %x", err, b[:48])
	}
	back, err := decodeConnResponse(b)
	if err != nil || back != resp {
		t.Errorf("round trip %+v %v", back, err)
	}
	if _, err := (connResponse{Request: string(make([]byte, 5000))}).encode(); err == nil {
		t.Error("oversized path accepted")
	}
}

func TestAbstractAddr(t *testing.T) {
	sa, err := abstractAddr("cmap")
	if err != nil || len(sa.Name) != 108 || sa.Name[0] != 0 || sa.Name[1:5] != "cmap" || sa.Name[5] != 0 {
		t.Fatalf("%q %v", sa.Name, err)
	}
	for _, bad := range []string{"", string(make([]byte, 108)), "a\x00b"} {
		if _, err := abstractAddr(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0x18, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0})
	f.Add(make([]byte, 40))
	ok, _ := connResponse{Type: TypeSocket, Request: "/x", Response: "/y"}.encode()
	f.Add(ok)
	f.Fuzz(func(t *testing.T, b []byte) {
		if h, body, err := ParseRequest(b); err == nil {
			if int(h.Size) != RequestHeaderSize+len(body) {
				t.Fatalf("request size %d, body %d", h.Size, len(body))
			}
		}
		if h, body, err := ParseResponse(b); err == nil {
			if int(h.Size) != ResponseHeaderSize+len(body) {
				t.Fatalf("response size %d, body %d", h.Size, len(body))
			}
		}
		decodeConnRequest(b)
		if r, err := decodeConnResponse(b); err == nil {
			again, err := r.encode()
			if err != nil {
				t.Fatal(err)
			}
			back, err := decodeConnResponse(again)
			if err != nil || back != r {
				t.Fatalf("round trip %+v %v", back, err)
			}
		}
	})
}
