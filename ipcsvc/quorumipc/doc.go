// Package quorumipc is corosync 3.1.7's quorum service ("quorum", service
// 3) on top of qbipc: message codecs, a Service that answers libquorum
// clients from the daemon's quorum state, and a Client like libquorum.
//
// Request bodies follow the 16-byte request header, response and event
// bodies the 24-byte response header (see qbipc). Fields are aligned to 8
// bytes; offsets below are within the body. Layouts were taken from a real
// corosync 3.1.7 (see TestProbeAgainstRealCorosync in ipcsvc/ipctest).
//
//	id req            request body          response id / body
//	0  GETQUORATE     -                     0 / u32 quorate @0 (8 bytes)
//	1  TRACKSTART     u32 track_flags @0    1 / -
//	2  TRACKSTOP      -                     2 / -
//	3  GETTYPE        -                     4 / u32 quorum_type @0 (8 bytes)
//	4  MODEL_GETTYPE  u32 model @0          5 / u32 quorum_type @0 (8 bytes)
//
// quorum_type is 1 (QUORUM_SET) with a quorum provider, 0 (QUORUM_FREE)
// without. MODEL_GETTYPE selects the connection's notification model (0 or
// 1); any other model answers CS_ERR_INVALID_PARAM. An unknown request id
// gets response id 0 with CS_ERR_INVALID_PARAM.
//
// Events, sent to a tracking connection on TRACKSTART with CS_TRACK_CURRENT
// or CS_TRACK_CHANGES (the current state) and on every change while
// tracking with CS_TRACK_CHANGES or CS_TRACK_CHANGES_ONLY:
//
//	3  NOTIFICATION (model 0)   i32 quorate @0, u64 ring_seq @8,
//	                            u32 view_list_entries @16, u32 view_list[] @20
//	                            (body 24+4n bytes)
//	6  QUORUM_NOTIFICATION      i32 quorate @0, u32 ring_id.nodeid @8,
//	   (model 1)                u64 ring_id.seq @16, u32 view_list_entries @24,
//	                            u32 view_list[] @28 (body 32+4n bytes)
//	7  NODELIST_NOTIFICATION    u32 ring_id.nodeid @0, u64 ring_id.seq @8,
//	   (model 1, sent before 6) u32 member_entries @16, u32 joined_entries @24,
//	                            u32 left_entries @32, then the three lists
//	                            back to back from @36 (body 40+4(m+j+l))
//
// A second TRACKSTART with CHANGES or CHANGES_ONLY while tracking answers
// CS_ERR_EXIST and sends nothing; TRACKSTOP always answers CS_OK. Errors
// are cs_error_t (CS_OK = 1).
package quorumipc
