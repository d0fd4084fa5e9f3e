package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/totem"
	"github.com/gorosync/gorosync/totem/svcmsg"
	"github.com/gorosync/gorosync/totem/totempg"
)

// deliver is totempg's receive path for one totem message: reassembly per
// sender, then every complete message to the groups it names.
func (e *Engine) deliver(m totem.Message) {
	// Byte-swapped peers are not reported by the totem core yet; every
	// message is read as little-endian.
	msgs, err := e.reasm.Deliver(m.Sender, m.Payload, false)
	if err != nil {
		e.logf("TOTEM", LevelDebug, "totempg: dropping message from node %d: %v", m.Sender, err)
	}
	for _, msg := range msgs {
		groups, body, err := totempg.ParseGroups(msg, false)
		if err != nil {
			e.logf("TOTEM", LevelDebug, "totempg: message from node %d: %v", m.Sender, err)
			continue
		}
		// Groups are delivered in the order this node joined them: "a"
		// (main.c) before "sync" (sync.c); a message names one of them.
		if totempg.InGroup(groups, groupA) {
			e.deliverA(m.Sender, body, false)
		}
		if totempg.InGroup(groups, groupSync) {
			e.deliverSync(m.Sender, body)
		}
	}
}

// deliverA is main.c's deliver_fn: dispatch on the service header.
func (e *Engine) deliverA(sender uint32, body []byte, swapped bool) {
	h, err := svcmsg.DecodeHeader(body, swapped)
	if err != nil {
		e.logf("MAIN", LevelDebug, "message from node %d: %v", sender, err)
		return
	}
	sid, fn := h.Service(), h.Fn()
	if int(sid) >= serviceCount || e.services[sid] == nil {
		return // no such service here: dropped silently, as in corosync
	}
	s := e.services[sid]
	in := s.info()
	if int(fn) >= in.execCount {
		e.logf("MAIN", LevelWarning, "discarded unknown message %d for service %d (max id %d)", fn, sid, in.execCount)
		return
	}
	e.bump(in, fn, "rx")
	s.deliver(sender, fn, body, swapped)
}

func (e *Engine) deliverSync(sender uint32, body []byte) {
	m, err := svcmsg.DecodeSync(body)
	if err != nil {
		e.logf("SYNC", LevelDebug, "sync message from node %d: %v", sender, err)
		return
	}
	_ = e.sync.Deliver(sender, m)
}

// confchg is main.c's confchg_fn.
func (e *Engine) confchg(c totem.ConfChange) {
	abort := e.syncInProcess
	e.syncInProcess = true
	for _, id := range c.Left {
		e.memberLeft(id)
		// totempg forgets the assembly of nodes that left.
		e.reasm.Forget(id)
	}
	for _, id := range c.Joined {
		e.memberJoined(id)
	}
	if abort {
		e.sync.Abort()
	}
	if c.Type == totem.Transitional {
		e.sync.SaveTransitional(c.Members)
		return
	}
	e.ring = c.Ring
	e.members = slices.Clone(c.Members)
	e.notice(SyncStarted{Ring: c.Ring})
	e.sync.Start(c.Members, c.Ring)
}

func memberKey(id uint32, leaf string) string { return fmt.Sprintf("runtime.members.%d.%s", id, leaf) }

// memberJoined is member_object_joined.
func (e *Engine) memberJoined(id uint32) {
	if _, ok := e.m.Get(memberKey(id, "ip")); ok {
		v, _ := e.m.Get(memberKey(id, "join_count"))
		e.setKey(memberKey(id, "join_count"), cmap.U32(uint32(v.Uint())+1))
		e.setKey(memberKey(id, "status"), cmap.Str("joined"))
	} else {
		e.setKey(memberKey(id, "ip"), cmap.Str(e.ifacesPrint(id)))
		e.setKey(memberKey(id, "join_count"), cmap.U32(1))
		e.setKey(memberKey(id, "status"), cmap.Str("joined"))
	}
	e.logf("MAIN", LevelDebug, "Member joined: %s", e.ifacesPrint(id))
}

// memberLeft is member_object_left.
func (e *Engine) memberLeft(id uint32) {
	e.setKey(memberKey(id, "status"), cmap.Str("left"))
	e.logf("MAIN", LevelDebug, "Member left: %s", e.ifacesPrint(id))
}

// ifacesPrint is totem_ifaces_print for udp/udpu: "r(N) ip(ADDR) " per
// interface, trailing space included.
func (e *Engine) ifacesPrint(id uint32) string {
	var b strings.Builder
	for i, a := range e.cfg.Addrs[id] {
		if a == "" {
			continue
		}
		fmt.Fprintf(&b, "r(%d) ip(%s) ", i, a)
	}
	return b.String()
}
