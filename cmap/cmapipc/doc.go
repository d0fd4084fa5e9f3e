// Package cmapipc is corosync 3.1.7's cmap service protocol on top of
// qbipc: a Service that serves a *cmap.Map (and the stats map) with
// corosync's semantics and error codes, and a Client like libcmap.
//
// Request bodies follow the 16-byte request header, response bodies the
// 24-byte response header (see qbipc). Every field is aligned to 8 bytes;
// mar_name_t is {u16 length @0; char value[256] @8} = 264 bytes, and the
// server reads value as a C string (length only says whether a prefix or
// tracked key was given). Offsets below are within the body.
//
//	id req                 request body                              response id / body
//	0  SET                 name @0, u64 value_len @264,              0 / -
//	                       u8 type @272, value @280
//	1  DELETE              name @0                                   1 / -
//	2  GET                 name @0, u64 value_len @264 (0: only      2 / u64 value_len @0, u8 type @8,
//	                       length and type)                              value @16 (message sized for the
//	                                                                     requested length)
//	3  ADJUST_INT          name @0, i32 step @264                    3 / -
//	4  ITER_INIT           prefix name @0                            4 / u64 iter_handle @0
//	5  ITER_NEXT           u64 iter_handle @0                        5 / name @0, u64 value_len @264,
//	                                                                     u8 type @272 (280 bytes)
//	6  ITER_FINALIZE       u64 iter_handle @0                        6 / -
//	7  TRACK_ADD           name @0, i32 track_type @264,             7 / u64 track_handle @0
//	                       u64 track_inst_handle @272
//	8  TRACK_DELETE        u64 track_handle @0                       8 / u64 track_inst_handle @0
//	9  SET_CURRENT_MAP     i32 map @0 (0 default, 1 stats)           10 / -
//
// Changes seen by a tracker arrive as events with id 9 (NOTIFY_CALLBACK):
// u64 track_inst_handle @0, name @8, i32 event @272 (1 delete, 2 modify,
// 4 add), u8 new_value_type @280, u8 old_value_type @288, u64
// new_value_len @296, u64 old_value_len @304, then the new value's bytes
// immediately followed by the old value's. Values are encoded as icmap
// stores them (native integers, str with its NUL).
//
// Errors are cs_error_t (CS_OK = 1). Behaviour checked against a real
// corosync 3.1.7 (see TestOurClientAgainstRealCorosync): an unknown
// request id gets response id 0 with CS_ERR_INVALID_PARAM; read-only keys
// give CS_ERR_ACCESS before any other check; bad key names
// CS_ERR_NAME_TOO_LONG on SET (GET and DELETE just find nothing); a value
// longer than 16384 bytes as sent (a str's NUL counts) INVALID_PARAM; GET
// with a buffer smaller than the value INVALID_PARAM; unknown handles
// CS_ERR_BAD_HANDLE; the end of an iteration CS_ERR_NO_SECTIONS;
// SET_CURRENT_MAP of an unknown map CS_ERR_NOT_EXIST and, while the
// connection has live iterators or trackers, CS_ERR_BUSY. The stats map is
// read-only (CS_ERR_ACCESS) and can be tracked per key, but by prefix only
// for creation and deletion under stats.knet. and stats.ipcs.
// (CS_ERR_NOT_SUPPORTED otherwise). Handles are a random 32-bit check
// value above a per-connection index counted from 0, as corosync's hdb.
package cmapipc
