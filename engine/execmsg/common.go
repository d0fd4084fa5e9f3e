package execmsg

import (
	"encoding/binary"
	"fmt"

	"github.com/gorosync/gorosync/totem/svcmsg"
)

func putHeader(b []byte, id, size int32) {
	binary.LittleEndian.PutUint32(b, uint32(id))
	binary.LittleEndian.PutUint32(b[8:], uint32(size))
}

func order(swapped bool) binary.ByteOrder {
	if swapped {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

func need(what string, b []byte, n int) error {
	if len(b) < n {
		return fmt.Errorf("%s: %w: %d bytes, need %d", what, svcmsg.ErrShort, len(b), n)
	}
	return nil
}
