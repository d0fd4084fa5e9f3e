package ipcwire

import (
	"bytes"
	"testing"
)

func TestCStringRoundTrip(t *testing.T) {
	dst := make([]byte, 5)
	PutCString(dst, "abcdefg")
	if !bytes.Equal(dst, []byte("abcd\x00")) {
		t.Fatalf("cut to %q, want NUL kept", dst)
	}
	if got := CString(dst); got != "abcd" {
		t.Fatalf("CString = %q", got)
	}
	if got := CString([]byte("xyz")); got != "xyz" {
		t.Fatalf("without NUL: %q", got)
	}
}

func TestU32(t *testing.T) {
	b := EncodeU32(0x01020304)
	if !bytes.Equal(b, []byte{4, 3, 2, 1, 0, 0, 0, 0}) {
		t.Fatalf("EncodeU32 = % x", b)
	}
	if v, err := DecodeU32("p", "x", b); err != nil || v != 0x01020304 {
		t.Fatalf("DecodeU32 = %#x %v", v, err)
	}
	_, err := DecodeU32("p", "flags", b[:3])
	if err == nil || err.Error() != "p: flags body of 3 bytes, need 4" {
		t.Fatalf("short body: %v", err)
	}
}

func FuzzCString(f *testing.F) {
	f.Add([]byte("a\x00b"), "hello")
	f.Fuzz(func(t *testing.T, b []byte, s string) {
		if c := CString(b); bytes.IndexByte([]byte(c), 0) >= 0 {
			t.Fatalf("NUL in %q", c)
		}
		if len(b) == 0 {
			return
		}
		dst := make([]byte, len(b))
		PutCString(dst, s)
		if dst[len(dst)-1] != 0 {
			t.Fatalf("no terminating NUL in % x", dst)
		}
	})
}
