package qbipc

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// Message ids libqb reserves below the services' own (qbipc_common.h).
const (
	MsgAuthenticate int32 = -1 // connection request and response
	MsgNewEventSock int32 = -2 // unused by the socket transport
	MsgDisconnect   int32 = -3 // a client asks the server to drop it
)

// Connection types of the handshake response (enum qb_ipc_type).
const (
	TypeSocket int32 = 0
	TypeShm    int32 = 1
	TypePosix  int32 = 2
	TypeSysV   int32 = 3
	TypeNative int32 = 4
)

// Fixed sizes of the libqb structures (x86-64 and arm64 alike: every
// field is aligned to 8 bytes).
const (
	RequestHeaderSize  = 16 // qb_ipc_request_header: id @0, size @8
	ResponseHeaderSize = 24 // qb_ipc_response_header: id @0, size @8, error @16
	connRequestSize    = 24 // header + u32 max_msg_size @16
	pathMax            = 4096
	connResponseSize   = 40 + 3*pathMax // 12328
	controlFileSize    = 24             // three {i32 sent; i32 flow_control}
)

// Offsets inside the handshake response.
const (
	crespType       = 24
	crespMaxMsg     = 28
	crespConnection = 32
	crespRequest    = 40
	crespResponse   = crespRequest + pathMax
	crespEvent      = crespResponse + pathMax
)

// Header is the part of a request, response or event header that carries
// meaning; requests have no Error.
type Header struct {
	ID    int32
	Size  int32 // whole message, header included
	Error int32
}

var (
	errShort   = errors.New("qbipc: message shorter than its header")
	errBadSize = errors.New("qbipc: header size does not match the message")
)

// PutRequestHeader writes a request header into b[:16].
func PutRequestHeader(b []byte, id int32, size int) {
	clear(b[:RequestHeaderSize])
	binary.LittleEndian.PutUint32(b[0:], uint32(id))
	binary.LittleEndian.PutUint32(b[8:], uint32(size))
}

// PutResponseHeader writes a response (or event) header into b[:24].
func PutResponseHeader(b []byte, id int32, size int, errCode int32) {
	clear(b[:ResponseHeaderSize])
	binary.LittleEndian.PutUint32(b[0:], uint32(id))
	binary.LittleEndian.PutUint32(b[8:], uint32(size))
	binary.LittleEndian.PutUint32(b[16:], uint32(errCode))
}

// ParseRequest splits one received request datagram into its header and
// body. The header's size must cover the header and not exceed what
// arrived; bytes past it are ignored, as libqb reads only size bytes.
func ParseRequest(msg []byte) (Header, []byte, error) {
	if len(msg) < RequestHeaderSize {
		return Header{}, nil, errShort
	}
	h := Header{
		ID:   int32(binary.LittleEndian.Uint32(msg[0:])),
		Size: int32(binary.LittleEndian.Uint32(msg[8:])),
	}
	if h.Size < RequestHeaderSize || int(h.Size) > len(msg) {
		return h, nil, fmt.Errorf("%w (size %d, got %d bytes)", errBadSize, h.Size, len(msg))
	}
	return h, msg[RequestHeaderSize:h.Size], nil
}

// ParseResponse splits a response or event datagram like ParseRequest.
func ParseResponse(msg []byte) (Header, []byte, error) {
	if len(msg) < ResponseHeaderSize {
		return Header{}, nil, errShort
	}
	h := Header{
		ID:    int32(binary.LittleEndian.Uint32(msg[0:])),
		Size:  int32(binary.LittleEndian.Uint32(msg[8:])),
		Error: int32(binary.LittleEndian.Uint32(msg[16:])),
	}
	if h.Size < ResponseHeaderSize || int(h.Size) > len(msg) {
		return h, nil, fmt.Errorf("%w (size %d, got %d bytes)", errBadSize, h.Size, len(msg))
	}
	return h, msg[ResponseHeaderSize:h.Size], nil
}

// connRequest is qb_ipc_connection_request.
type connRequest struct {
	MaxMsgSize uint32
}

func (r connRequest) encode() []byte {
	b := make([]byte, connRequestSize)
	PutRequestHeader(b, MsgAuthenticate, connRequestSize)
	binary.LittleEndian.PutUint32(b[16:], r.MaxMsgSize)
	return b
}

func decodeConnRequest(b []byte) (connRequest, error) {
	if len(b) != connRequestSize {
		return connRequest{}, fmt.Errorf("qbipc: connection request of %d bytes, want %d", len(b), connRequestSize)
	}
	h, _, err := ParseRequest(b)
	if err != nil {
		return connRequest{}, err
	}
	if h.ID != MsgAuthenticate {
		return connRequest{}, fmt.Errorf("qbipc: connection request with id %d, want %d", h.ID, MsgAuthenticate)
	}
	return connRequest{MaxMsgSize: binary.LittleEndian.Uint32(b[16:])}, nil
}

// connResponse is qb_ipc_connection_response. Error is 0 or a negative
// errno; the other fields mean something only when it is 0.
type connResponse struct {
	Error      int32
	Type       int32
	MaxMsgSize uint32
	Connection uint64 // opaque to the client (libqb puts a pointer here)
	Request    string // the control file's path for the socket type
	Response   string // base name of the datagram sockets
	Event      string // unused by the socket type
}

func (r connResponse) encode() ([]byte, error) {
	b := make([]byte, connResponseSize)
	PutResponseHeader(b, MsgAuthenticate, connResponseSize, r.Error)
	binary.LittleEndian.PutUint32(b[crespType:], uint32(r.Type))
	binary.LittleEndian.PutUint32(b[crespMaxMsg:], r.MaxMsgSize)
	binary.LittleEndian.PutUint64(b[crespConnection:], r.Connection)
	for _, f := range []struct {
		at int
		s  string
	}{{crespRequest, r.Request}, {crespResponse, r.Response}, {crespEvent, r.Event}} {
		if len(f.s) >= pathMax || bytes.IndexByte([]byte(f.s), 0) >= 0 {
			return nil, fmt.Errorf("qbipc: path %q does not fit the handshake", f.s)
		}
		copy(b[f.at:], f.s)
	}
	return b, nil
}

func decodeConnResponse(b []byte) (connResponse, error) {
	if len(b) != connResponseSize {
		return connResponse{}, fmt.Errorf("qbipc: connection response of %d bytes, want %d", len(b), connResponseSize)
	}
	h, _, err := ParseResponse(b)
	if err != nil {
		return connResponse{}, err
	}
	if h.ID != MsgAuthenticate {
		return connResponse{}, fmt.Errorf("qbipc: connection response with id %d, want %d", h.ID, MsgAuthenticate)
	}
	return connResponse{
		Error:      h.Error,
		Type:       int32(binary.LittleEndian.Uint32(b[crespType:])),
		MaxMsgSize: binary.LittleEndian.Uint32(b[crespMaxMsg:]),
		Connection: binary.LittleEndian.Uint64(b[crespConnection:]),
		Request:    cString(b[crespRequest : crespRequest+pathMax]),
		Response:   cString(b[crespResponse : crespResponse+pathMax]),
		Event:      cString(b[crespEvent : crespEvent+pathMax]),
	}, nil
}

// cString returns b up to its first NUL.
func cString(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}
