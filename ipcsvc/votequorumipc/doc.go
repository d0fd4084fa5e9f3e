// Package votequorumipc is corosync 3.1.7's votequorum service
// ("votequorum", service 5) on top of qbipc: message codecs, a Service that
// answers libvotequorum clients from the daemon's vote quorum state, and a
// Client like libvotequorum.
//
// Request bodies follow the 16-byte request header, response and event
// bodies the 24-byte response header (see qbipc); fields are aligned to 8
// bytes and offsets are within the body. Layouts as observed on a real
// corosync 3.1.7 (TestProbeAgainstRealCorosync in ipcsvc/ipctest):
//
//	id req                   request body                     response id / body
//	0  GETINFO               i32 nodeid @0 (0: this node)     1 / GETINFO body below
//	1  SETEXPECTED           u32 expected_votes @0            0 (STATUS) / -
//	2  SETVOTES              u32 votes @0, i32 nodeid @4      0 / -
//	3  TRACKSTART            u64 context @0, u32 flags @8     0 / -
//	4  TRACKSTOP             -                                0 / -
//	5  QDEVICE_REGISTER      char name[255]                   0 / -
//	6  QDEVICE_UNREGISTER    char name[255]                   0 / -
//	7  QDEVICE_UPDATE        char oldname[255], newname[255]  0 / -
//	8  QDEVICE_POLL          char name[255], i32 state @256   0 / -
//	9  QDEVICE_MASTER_WINS   char name[255], u32 allow @256   0 / -
//
// GETINFO's body (296 bytes): u32 nodeid @0, state @4, votes @8,
// expected_votes @12, highest_expected @16, total_votes @20, quorum @24,
// flags @28, qdevice_votes @32, char qdevice_name[255] @36. An unknown node
// answers CS_ERR_NOT_EXIST with the same size.
//
// Events (with the tracker's context):
//
//	3  QUORUM_NOTIFICATION        u32 quorate @0, u64 context @8,
//	                              u32 node_list_entries @16,
//	                              {u32 nodeid, u32 state} node_list[] @24
//	                              (body 24+8n)
//	4  EXPECTEDVOTES_NOTIFICATION u64 context @0, u32 expected_votes @8 (16)
//	5  NODELIST_NOTIFICATION      u64 context @0, u32 ring_id.nodeid @8,
//	                              u64 ring_id.seq @16, u32 node_list_entries
//	                              @24, u32 node_list[] @28 (body 32+4n)
//
// TRACKSTART with CS_TRACK_CURRENT or CS_TRACK_CHANGES sends the current
// nodelist then quorum notification; with CHANGES or CHANGES_ONLY the
// connection keeps receiving them (and expected votes changes). A second
// TRACKSTART is accepted; TRACKSTOP without tracking answers
// CS_ERR_NOT_EXIST. SETVOTES for an unknown node answers
// CS_ERR_NAME_NOT_FOUND, refused values CS_ERR_INVALID_PARAM. An unknown
// request id gets response id 0 with CS_ERR_INVALID_PARAM. Without a
// quorum device backend the qdevice calls answer CS_ERR_NOT_SUPPORTED.
package votequorumipc
