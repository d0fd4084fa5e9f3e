// Package cfgipc is corosync 3.1.7's configuration service ("cfg",
// service 1) on top of qbipc: message codecs, a Service answering libcfg
// clients (corosync-cfgtool, corosync-quorumtool, pacemaker) from what the
// daemon provides, and a Client like libcfg.
//
// Request bodies follow the 16-byte request header, response and event
// bodies the 24-byte response header (see qbipc); fields are aligned to 8
// bytes and offsets are within the body. As observed on a real corosync
// 3.1.7 (TestProbeAgainstRealCorosync in ipcsvc/ipctest):
//
//	id req               request body                     response id / body
//	0  RINGSTATUSGET     -                                0 / u32 count @0, char name[16][128] @8,
//	                                                          char status[16][512] @2056 (10248)
//	1  RINGREENABLE      -                                1 / - (CS_ERR_NOT_SUPPORTED)
//	2  KILLNODE          u32 nodeid @0, cs_name_t reason  8 / -
//	                     @8 {u16 length; char value[256]}
//	3  TRYSHUTDOWN       u32 flags @0 (0 request,         9 / -
//	                     1 regardless, 2 immediate)
//	4  REPLYTOSHUTDOWN   u32 response @0 (1 yes, 0 no)    13 / -
//	5  GET_NODE_ADDRS    u32 nodeid @0 (0: this node)     11 / u32 family @0, u32 num_addrs @4,
//	                                                           addrs[num][16] @8 (raw in/in6 addr)
//	6  LOCAL_GET         -                                12 / u32 nodeid @0 (8 bytes)
//	7  RELOAD_CONFIG     -                                14 / -
//	8  REOPEN_LOG_FILES  -                                15 / -
//	9  NODESTATUSGET     u32 nodeid @0, u32 version @8    16 / corosync_cfg_node_status_v1 (4176)
//	10 TRACKSTART        (ignored)                        2 / -
//	11 TRACKSTOP         -                                3 / -
//
// corosync_cfg_node_status_v1: u32 version @0 (1), u32 nodeid @4, u8
// reachable @8, remote @9, external @10, onwire_min @11, onwire_max @12,
// onwire_ver @13, then 8 links of 520 bytes from @16: u8 enabled @0,
// connected @1, dynconnected @2, u32 mtu @4, char src_ipaddr[256] @8,
// char dst_ipaddr[256] @264. Versions other than 1 answer
// CS_ERR_NOT_SUPPORTED with an 8-byte body; unknown nodes answer CS_OK and
// an unreachable node without links. GET_NODE_ADDRS for an unknown node
// answers CS_ERR_NOT_EXIST with an 8-byte body.
//
// Shutdown: TRYSHUTDOWN with no other tracking connection (TRACKSTART)
// answers CS_OK and the daemon goes down. Otherwise every other tracker
// gets event 10 (TESTSHUTDOWN, body u32 flags @0) and must answer with
// REPLYTOSHUTDOWN within the shutdown timeout; the requester gets CS_OK
// when all said yes (or flags is "regardless"), CS_ERR_BUSY otherwise. A
// tracker that disconnects counts as a yes. A second TRYSHUTDOWN meanwhile
// gets CS_ERR_EXIST, a REPLYTOSHUTDOWN with no shutdown pending
// CS_ERR_ACCESS. An unknown request id gets response id 0 with
// CS_ERR_INVALID_PARAM.
package cfgipc
