package cmapipc

import (
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/qbipc"
)

// probe sends a fixed series of raw cmap requests, edge cases included,
// and describes every answer in a form that does not depend on random
// handles. Run against corosync and against our service, the two texts
// must be equal. It only touches keys under test.p. and keys that both
// maps have (totem.cluster_name, nodelist.local_node_pos).
func probe(cl *Client) string {
	var out strings.Builder
	raw := func(what string, id int32, body []byte) []byte {
		r, err := cl.c.Call(id, body)
		if err != nil {
			fmt.Fprintf(&out, "%s: error %v\n", what, err)
			return nil
		}
		fmt.Fprintf(&out, "%s: id=%d %s len=%d", what, r.ID, CSError(r.Error), len(r.Body))
		switch {
		case id == ReqIterInit || id == ReqTrackAdd:
			if len(r.Body) >= 8 {
				fmt.Fprintf(&out, " handle-set=%v", binary.LittleEndian.Uint64(r.Body) != 0)
			}
		case len(r.Body) > 0 && len(r.Body) <= 64:
			fmt.Fprintf(&out, " body=%x", r.Body)
		case id == ReqIterNext && len(r.Body) >= resIterNextLen:
			k, _ := DecodeKeyInfo(r.Body)
			fmt.Fprintf(&out, " key=%q len=%d type=%d", k.Key, k.Len, k.Type)
		}
		out.WriteByte('\n')
		return r.Body
	}
	enc := func(b []byte, err error) []byte {
		if err != nil {
			panic(err)
		}
		return b
	}
	set := func(key string, t cmap.Type, v []byte) []byte {
		return enc(SetRequest{Key: key, Type: t, Value: v}.Encode())
	}
	get := func(key string, n uint64) []byte { return enc(GetRequest{Key: key, ValueLen: n}.Encode()) }
	key := func(k string) []byte { return enc(KeyRequest{Key: k}.Encode()) }
	adj := func(k string, s int32) []byte { return enc(AdjustRequest{Key: k, Step: s}.Encode()) }
	track := func(k string, m cmap.Event) []byte { return enc(TrackRequest{Key: k, Mask: m, Inst: 77}.Encode()) }

	raw("set str", ReqSet, set("test.p.s", cmap.String, []byte("hello\x00")))
	raw("get len", ReqGet, get("test.p.s", 0))
	raw("get short buffer", ReqGet, get("test.p.s", 1))
	raw("get exact", ReqGet, get("test.p.s", 6))
	raw("get large buffer", ReqGet, get("test.p.s", 20))
	noLen := get("test.p.s", 0)
	noLen[0], noLen[1] = 0, 0 // name length 0: the value still names the key
	raw("get with length 0", ReqGet, noLen)
	raw("get missing", ReqGet, get("no.such.key", 0))
	raw("get bad name", ReqGet, get("a b", 0))
	raw("set read-only", ReqSet, set("totem.cluster_name", cmap.String, []byte("x\x00")))
	raw("set short name", ReqSet, set("ab", cmap.Uint8, []byte{1}))
	raw("set bad char", ReqSet, set("test.p.a b", cmap.Uint8, []byte{1}))
	raw("set u32 with 2 bytes", ReqSet, set("test.p.u", cmap.Uint32, []byte{1, 2}))
	raw("set type 13", ReqSet, set("test.p.t", cmap.Type(13), []byte{1}))
	raw("set type 0", ReqSet, set("test.p.t", 0, []byte{1}))
	raw("set str too long", ReqSet, set("test.p.big", cmap.String, append([]byte(strings.Repeat("x", cmap.MaxValueLen+1)), 0)))
	raw("set str max", ReqSet, set("test.p.big", cmap.String, append([]byte(strings.Repeat("x", cmap.MaxValueLen)), 0)))
	raw("set str without NUL", ReqSet, set("test.p.nonul", cmap.String, []byte("abc")))
	raw("get str without NUL", ReqGet, get("test.p.nonul", 0))
	raw("set empty bin", ReqSet, set("test.p.eb", cmap.Binary, nil))
	raw("get empty bin", ReqGet, get("test.p.eb", 0))
	raw("set u8", ReqSet, set("test.p.u8", cmap.Uint8, []byte{255}))
	raw("adjust u8", ReqAdjustInt, adj("test.p.u8", 2))
	raw("get u8", ReqGet, get("test.p.u8", 1))
	raw("adjust str", ReqAdjustInt, adj("test.p.s", 1))
	raw("adjust missing", ReqAdjustInt, adj("no.such.key", 1))
	raw("adjust read-only", ReqAdjustInt, adj("totem.cluster_name", 1))
	raw("delete missing", ReqDelete, key("no.such.key"))
	raw("delete read-only", ReqDelete, key("nodelist.local_node_pos"))
	raw("delete bad name", ReqDelete, key("a b"))

	h := raw("iter init", ReqIterInit, key("test.p."))
	if len(h) >= 8 {
		for i := 0; i < 10; i++ {
			b := raw("iter next", ReqIterNext, h[:8])
			if len(b) >= resIterNextLen && b[0] == 0 && b[1] == 0 {
				break
			}
		}
		raw("iter finalize", ReqIterFinalize, h[:8])
		raw("iter finalize again", ReqIterFinalize, h[:8])
		raw("iter next finalized", ReqIterNext, h[:8])
	}
	raw("iter next bad", ReqIterNext, encodeHandle(0))

	raw("track bad mask", ReqTrackAdd, track("test.p.s", cmap.Event(16)))
	raw("track mask 0", ReqTrackAdd, track("test.p.zero", 0))
	th := raw("track add", ReqTrackAdd, track("test.p.s", cmap.TrackModify|cmap.TrackDelete))
	raw("set tracked", ReqSet, set("test.p.s", cmap.String, []byte("bye\x00")))
	if n, err := cl.Notification(5 * time.Second); err != nil {
		fmt.Fprintf(&out, "notification: error %v\n", err)
	} else {
		fmt.Fprintf(&out, "notification: inst=%d key=%s event=%s new=%q/%s old=%q/%s\n",
			n.Inst, n.Key, n.Event, n.New.Bytes(), n.New.Type(), n.Old.Bytes(), n.Old.Type())
	}
	if len(th) >= 8 {
		raw("track delete", ReqTrackDelete, th[:8])
		raw("track delete again", ReqTrackDelete, th[:8])
	}

	raw("unknown id 10", 10, nil)
	raw("unknown id 1000", 1000, make([]byte, 300))
	for _, k := range []string{"test.p.s", "test.p.big", "test.p.nonul", "test.p.eb", "test.p.u8", "test.p.zero"} {
		raw("cleanup "+k, ReqDelete, key(k))
	}
	return out.String()
}

// probeMaps checks SET_CURRENT_MAP and the stats map on fresh connections
// of service name.
func probeMaps(name string) string {
	var out strings.Builder
	fresh := func(what string) *Client {
		c, err := qbipc.Dial(name, qbipc.DefaultMaxMsgSize)
		if err != nil {
			fmt.Fprintf(&out, "%s: dial: %v\n", what, err)
			return nil
		}
		return &Client{c: c}
	}
	raw := func(cl *Client, what string, id int32, body []byte) {
		r, err := cl.c.Call(id, body)
		if err != nil {
			fmt.Fprintf(&out, "%s: error %v\n", what, err)
			return
		}
		fmt.Fprintf(&out, "%s: id=%d %s len=%d", what, r.ID, CSError(r.Error), len(r.Body))
		if len(r.Body) > 0 && len(r.Body) <= 64 && id != ReqIterInit && id != ReqTrackAdd {
			fmt.Fprintf(&out, " body=%x", r.Body)
		}
		out.WriteByte('\n')
	}
	get := func(key string, n uint64) []byte { b, _ := GetRequest{Key: key, ValueLen: n}.Encode(); return b }
	set := func(key string) []byte {
		b, _ := SetRequest{Key: key, Type: cmap.Uint8, Value: []byte{1}}.Encode()
		return b
	}
	key := func(k string) []byte { b, _ := KeyRequest{Key: k}.Encode(); return b }
	adj := func(k string) []byte { b, _ := AdjustRequest{Key: k, Step: 1}.Encode(); return b }

	if cl := fresh("a"); cl != nil {
		raw(cl, "a: get before any map", ReqGet, get("totem.cluster_name", 0))
		raw(cl, "a: map 2", ReqSetCurrentMap, encodeMap(2))
		raw(cl, "a: map -1", ReqSetCurrentMap, encodeMap(-1))
		raw(cl, "a: map stats", ReqSetCurrentMap, encodeMap(MapStats))
		raw(cl, "a: map stats again", ReqSetCurrentMap, encodeMap(MapStats))
		raw(cl, "a: stats get u64", ReqGet, get("stats.ipcs.global.closed", 0))
		raw(cl, "a: stats get srp", ReqGet, get("stats.srp.orf_token_rx", 0))
		raw(cl, "a: stats get missing", ReqGet, get("stats.no.such", 0))
		raw(cl, "a: stats get default key", ReqGet, get("totem.cluster_name", 0))
		raw(cl, "a: stats set new", ReqSet, set("stats.test"))
		raw(cl, "a: stats set existing", ReqSet, set("stats.ipcs.global.active"))
		raw(cl, "a: stats set default key", ReqSet, set("test.p.viastats"))
		raw(cl, "a: stats delete", ReqDelete, key("stats.ipcs.global.active"))
		raw(cl, "a: stats delete missing", ReqDelete, key("stats.no.such"))
		raw(cl, "a: stats adjust", ReqAdjustInt, adj("stats.ipcs.global.active"))
		raw(cl, "a: stats iter", ReqIterInit, key("stats.srp."))
		raw(cl, "a: stats track", ReqTrackAdd, func() []byte {
			b, _ := TrackRequest{Key: "stats.srp.", Mask: cmap.TrackModify | cmap.TrackPrefix}.Encode()
			return b
		}())
		raw(cl, "a: map default with tracker", ReqSetCurrentMap, encodeMap(MapDefault))
		cl.Close()
	}
	if cl := fresh("b"); cl != nil {
		raw(cl, "b: map 0", ReqSetCurrentMap, encodeMap(MapDefault))
		raw(cl, "b: map stats", ReqSetCurrentMap, encodeMap(MapStats))
		raw(cl, "b: get default key", ReqGet, get("totem.cluster_name", 0))
		cl.Close()
	}
	if cl := fresh("c"); cl != nil {
		raw(cl, "c: iter", ReqIterInit, key("totem."))
		raw(cl, "c: map stats", ReqSetCurrentMap, encodeMap(MapStats))
		raw(cl, "c: get default key", ReqGet, get("totem.cluster_name", 0))
		cl.Close()
	}
	if cl := fresh("d"); cl != nil {
		raw(cl, "d: map 5", ReqSetCurrentMap, encodeMap(5))
		raw(cl, "d: map stats", ReqSetCurrentMap, encodeMap(MapStats))
		tr := func(k string, m cmap.Event) []byte { b, _ := TrackRequest{Key: k, Mask: m}.Encode(); return b }
		raw(cl, "d: track exact srp modify", ReqTrackAdd, tr("stats.srp.orf_token_rx", cmap.TrackModify))
		raw(cl, "d: track exact ipcs modify", ReqTrackAdd, tr("stats.ipcs.global.active", cmap.TrackModify))
		raw(cl, "d: track exact add", ReqTrackAdd, tr("stats.ipcs.global.active", cmap.TrackAdd))
		raw(cl, "d: track prefix ipcs add/delete", ReqTrackAdd, tr("stats.ipcs.", cmap.TrackAdd|cmap.TrackDelete|cmap.TrackPrefix))
		raw(cl, "d: track prefix knet add/delete", ReqTrackAdd, tr("stats.knet.", cmap.TrackAdd|cmap.TrackDelete|cmap.TrackPrefix))
		raw(cl, "d: track prefix knet modify", ReqTrackAdd, tr("stats.knet.", cmap.TrackModify|cmap.TrackPrefix))
		raw(cl, "d: track all add", ReqTrackAdd, tr("", cmap.TrackAdd|cmap.TrackPrefix))
		raw(cl, "d: track all delete", ReqTrackAdd, tr("", cmap.TrackDelete|cmap.TrackPrefix))
		raw(cl, "d: track none", ReqTrackAdd, tr("stats.srp.", 0))
		cl.Close()
	}
	if cl := fresh("e"); cl != nil {
		raw(cl, "e: cleanup", ReqDelete, key("test.p.viastats"))
		raw(cl, "e: cleanup", ReqDelete, key("stats.test"))
		cl.Close()
	}
	return out.String()
}
