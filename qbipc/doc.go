// Package qbipc is a libqb-compatible IPC server and client (libqb 2.0.6,
// as Debian 12 ships it) in pure Go, using libqb's SOCKET transport only.
// A corosync service ("cmap", "quorum", "votequorum", "cfg") is one Listen
// with its own Handler; real libqb clients such as corosync-cmapctl follow
// the server's choice of transport, so answering with the socket type
// spares us libqb's shared-memory ring buffers.
//
// All integers are little-endian; every field of libqb's structures is
// aligned to 8 bytes.
//
// Rendezvous. A SOCK_STREAM unix socket in the Linux abstract namespace:
// sun_path is NUL + service name, padded with NULs to all 108 bytes, and
// the address length is 110 (libqb's QB_SUN_LEN). "@cmap" with a short
// length is a different socket. Abstract names are per network namespace.
//
// Handshake on that stream. The client enables SO_PASSCRED and sends the
// 24-byte connection request:
//
//	@0  i32 id = -1 (QB_IPC_MSG_AUTHENTICATE)   @8  i32 size = 24
//	@16 u32 max_msg_size (the client's buffer size)
//
// The server takes pid/uid/gid from the SCM_CREDENTIALS that came with it,
// asks Options.Accept, and answers with the 12328-byte response:
//
//	@0  i32 id = -1   @8 i32 size = 12328   @16 i32 error (0 or -errno)
//	@24 i32 connection_type (0 = QB_IPC_SOCKET)
//	@28 u32 max_msg_size (larger of both sides; we cap it at 16 MiB)
//	@32 u64 connection (opaque)
//	@40   char request[4096]  = control file path
//	@4136 char response[4096] = base name of the datagram sockets
//	@8232 char event[4096]    (unused by this transport)
//
// A refusal carries only the header, error = -EACCES, -EAGAIN, -EMFILE...
// The stream then stays open without traffic: either side closing it ends
// the connection (liveness).
//
// Per connection the server makes, like libqb, the directory
// <ShmDir>/qb-<serverpid>-<clientpid>-<n>-<random> (mode 0770, owned by
// the client) holding the control file "qb-control-<service>": 24 zero
// bytes, three {i32 sent; i32 flow_control} pairs (request, response,
// event), mode 0600. The client maps it and refuses to send while the
// request pair's flow_control (offset 4) is 1; this server never sets it.
// With base = <dir>/qb-<service> there are four abstract SOCK_DGRAM
// sockets, each name padded to 108 bytes:
//
//	server binds base-request;  client binds base-response, connects to base-request
//	server binds base-event-tx; client binds base-event,    connects to base-event-tx
//
// The server connects its two sockets back lazily (first request, first
// event). Buffers are raised to max_msg_size (SO_SNDBUF/SO_RCVBUF).
//
// Messages. One datagram is one message. A request is a 16-byte header
// (@0 i32 id = the service's function number, @8 i32 size of the whole
// message) and its body; a response or event a 24-byte header (@0 i32 id,
// @8 i32 size, @16 i32 error, for corosync a cs_error_t with CS_OK = 1)
// and its body. Responses go back on base-request, events on
// base-event-tx. Request id -3 (QB_IPC_MSG_DISCONNECT) ends the connection.
// Event wake-ups need nothing extra with this transport: libqb hands the
// client the event socket itself to poll (qb_ipcc_fd_get), so no signal
// byte travels on the setup stream as it does for shared memory.
//
// Bounds: a handshake must arrive within 5 s; at most Options.MaxConns
// clients; request datagrams from any process but the client's (checked by
// SCM_CREDENTIALS) are dropped; each write to a client is bounded by
// Options.SendTimeout; a client that lets Options.EventQueue events pile
// up is dropped. Every connection runs three goroutines (requests,
// events, liveness) that end with it; Server.Close waits for all of them.
package qbipc
