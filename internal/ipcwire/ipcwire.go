// Package ipcwire holds the small body codecs every corosync IPC service
// package needs (fixed C char arrays, one-u32 bodies, short-body errors),
// so cmapipc, quorumipc, votequorumipc and cfgipc agree on them.
package ipcwire

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

var le = binary.LittleEndian

// Short is the error for a body shorter than need; pkg names the package
// ("cfgipc"), what the message.
func Short(pkg, what string, got, need int) error {
	return fmt.Errorf("%s: %s body of %d bytes, need %d", pkg, what, got, need)
}

// PutCString copies s into a fixed char array, cut so that it always
// keeps a terminating NUL (dst is zeroed by the caller).
func PutCString(dst []byte, s string) {
	if len(s) > len(dst)-1 {
		s = s[:len(dst)-1]
	}
	copy(dst, s)
}

// CString reads a fixed char array up to its first NUL (all of it when
// there is none).
func CString(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// EncodeU32 is an 8-byte body holding one little-endian u32 (corosync's
// structs of one u32 are padded to 8 bytes).
func EncodeU32(v uint32) []byte {
	b := make([]byte, 8)
	le.PutUint32(b, v)
	return b
}

// DecodeU32 reads the u32 at b[0:4]; a shorter body is Short's error.
func DecodeU32(pkg, what string, b []byte) (uint32, error) {
	if len(b) < 4 {
		return 0, Short(pkg, what, len(b), 4)
	}
	return le.Uint32(b), nil
}
